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

/** No control characters: no keyboard types them, and scrypt pads a password with zero bytes ("P" and "P\0" hash alike). */
const NO_CONTROL_CHARACTERS = /^[^\u0000-\u001f\u007f]*$/;

export const credentialsSchema = z.object({
  username: z
    .string({ error: "username must be a string." })
    .trim()
    .min(1, "Enter your username.")
    .max(MAX_USERNAME_LENGTH, `Username is too long (at most ${MAX_USERNAME_LENGTH} characters).`)
    .regex(NO_CONTROL_CHARACTERS, "Username cannot contain control characters."),
  password: z
    .string({ error: "password must be a string." })
    .min(1, "Enter your password.")
    .max(MAX_PASSWORD_LENGTH, `Password is too long (at most ${MAX_PASSWORD_LENGTH} characters).`)
    .regex(NO_CONTROL_CHARACTERS, "Password cannot contain control characters (such as NUL or a line break)."),
});
export type Credentials = z.infer<typeof credentialsSchema>;

/** First message per field, for showing next to inputs. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "form");
    out[field] ??= issue.message;
  }
  return out;
}
