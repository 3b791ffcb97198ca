import { IS_PRODUCTION, utf8Bytes } from "./config";
import { logAuthEvent } from "./log";

/**
 * Cookie names and options, defined once for all three lanes.
 *
 * In production every auth cookie is `Secure` and carries the `__Host-` prefix: the browser
 * then refuses it unless it was set over HTTPS, with `Path=/` and no `Domain`, so a sibling
 * subdomain cannot plant or overwrite it. In development (plain http://localhost) the
 * prefix is dropped because `next dev` may be reached over a LAN address where Secure
 * cookies would be discarded.
 */
export function cookieName(base: string): string {
  return IS_PRODUCTION ? `__Host-${base}` : base;
}

export interface AuthCookieOptions {
  httpOnly: true;
  sameSite: "lax";
  secure: boolean;
  path: "/";
  maxAge?: number;
}

/**
 * HttpOnly: no script (including an injected one) can read the credential.
 * SameSite=Lax: not sent on cross-site subrequests or POSTs; the Origin check in
 * lib/http.ts covers the rest of CSRF.
 */
export function authCookieOptions(maxAgeSeconds: number): AuthCookieOptions {
  return { httpOnly: true, sameSite: "lax", secure: IS_PRODUCTION, path: "/", maxAge: maxAgeSeconds };
}

/** Options that make the browser drop the cookie (same name, path and flags, Max-Age=0). */
export const EXPIRED_COOKIE_OPTIONS: AuthCookieOptions = authCookieOptions(0);

/** Size of the `Cookie:` header fragment the browser sends for this cookie (`name=value`). */
export function cookieBytes(name: string, value: string): number {
  return utf8Bytes(`${name}=${value}`);
}

/** As Next.js decodes cookie values (percent-decoding), kept raw when that fails. */
function decodeCookieValue(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** A Cookie header as the browser sent it, duplicates kept, in order. */
export function parseCookieHeader(header: string | null): Array<[name: string, value: string]> {
  if (!header) return [];
  return header.split(";").flatMap((part): Array<[string, string]> => {
    const eq = part.indexOf("=");
    if (eq < 0) return [];
    const name = part.slice(0, eq).trim();
    return name ? [[name, decodeCookieValue(part.slice(eq + 1).trim())]] : [];
  });
}

export type CredentialCookie = { status: "missing" } | { status: "present"; value: string } | { status: "ambiguous" };

/**
 * One credential cookie from a raw Cookie header. Sent twice (`sid=a; sid=b`, e.g. a cookie
 * planted for a parent domain or another path next to the real one) it is *ambiguous*:
 * frameworks quietly keep one of them, which lets whoever planted the other choose which
 * credential is used. Callers treat ambiguous as no credential at all (middleware removes it).
 */
export function readCredentialCookie(header: string | null, name: string): CredentialCookie {
  const values = parseCookieHeader(header).filter(([n]) => n === name).map(([, value]) => value);
  if (values.length === 0) return { status: "missing" };
  if (values.length > 1) return { status: "ambiguous" };
  return { status: "present", value: values[0] };
}

/**
 * The value of a credential cookie, as every gate reads it: undefined when it is missing or
 * ambiguous (sent twice), and the ambiguity is logged.
 */
export function credentialCookieValue(headers: Headers, name: string): string | undefined {
  const read = readCredentialCookie(headers.get("cookie"), name);
  if (read.status === "ambiguous") logAuthEvent("auth.ambiguous-cookie", { cookie: name });
  return read.status === "present" ? read.value : undefined;
}
