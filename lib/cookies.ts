import { IS_PRODUCTION } from "./config";

/**
 * Cookie names and options, defined once for both areas.
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
  return new TextEncoder().encode(`${name}=${value}`).length;
}
