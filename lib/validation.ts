import { z } from "zod";

/** The roles a user can have: the one place this list is written. */
export const roleSchema = z.enum(["admin", "user"]);
export type Role = z.infer<typeof roleSchema>;

/**
 * Login input, shared by the route handlers and the login form (so the form shows the
 * same messages before the request is even sent).
 */
export const MAX_USERNAME_LENGTH = 64;
export const MAX_PASSWORD_LENGTH = 256;

export const credentialsSchema = z.object({
  username: z
    .string({ error: "username must be a string." })
    .trim()
    .min(1, "Enter your username.")
    .max(MAX_USERNAME_LENGTH, `Username is too long (at most ${MAX_USERNAME_LENGTH} characters).`),
  password: z
    .string({ error: "password must be a string." })
    .min(1, "Enter your password.")
    .max(MAX_PASSWORD_LENGTH, `Password is too long (at most ${MAX_PASSWORD_LENGTH} characters).`),
});
export type Credentials = z.infer<typeof credentialsSchema>;

/**
 * A credential a client hands back to us (a pasted token or cookie value) before it goes into
 * an `Authorization` or `Cookie` header: RFC 6265's cookie-octets only, which covers every
 * token this app issues (base64url and dots). CR, LF or NUL would make the header throw (a
 * 500, with the raw value printed into the log); a character above U+00FF cannot be a header
 * byte; a `;` would add a cookie of the client's choosing next to the one being checked.
 */
export const MAX_CREDENTIAL_LENGTH = 4096;
const COOKIE_OCTETS = /^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]+$/;

export const credentialTextSchema = z
  .string({ error: "credential must be a string." })
  .trim()
  .min(1, "Paste a credential to replay.")
  .max(MAX_CREDENTIAL_LENGTH, `That credential is too long (at most ${MAX_CREDENTIAL_LENGTH} characters).`)
  .regex(COOKIE_OCTETS, "That is not a credential this app issues: tokens and cookies are printable ASCII with no spaces, quotes, commas, semicolons or backslashes.");

/**
 * `table[key]` for the table's own keys only. A key from the client (a query parameter)
 * named `__proto__`, `constructor` or `toString` would otherwise find Object.prototype's
 * members, which a page then tries to draw (a 500).
 */
export function ownValue<V>(table: Readonly<Record<string, V>>, key: string | null | undefined): V | undefined {
  return typeof key === "string" && Object.hasOwn(table, key) ? table[key] : undefined;
}

/** First message per field, for showing next to inputs. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "form");
    out[field] ??= issue.message;
  }
  return out;
}
