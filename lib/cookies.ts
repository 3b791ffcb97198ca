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

/** Auth.js names its session cookie by scheme (`__Secure-` over https) and splits a large one into `.0`, `.1`, … chunks. */
export const AUTHJS_SESSION_COOKIE_BASES = ["__Secure-authjs.session-token", "authjs.session-token"] as const;
/** The name Auth.js gives its session cookie in this app (auth.config.ts: `useSecureCookies: IS_PRODUCTION`). */
export const AUTHJS_SESSION_COOKIE = AUTHJS_SESSION_COOKIE_BASES[IS_PRODUCTION ? 0 : 1];

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
 * credential is used. Callers treat ambiguous as no credential at all.
 */
export function readCredentialCookie(header: string | null, name: string): CredentialCookie {
  const values = parseCookieHeader(header).filter(([n]) => n === name).map(([, value]) => value);
  if (values.length === 0) return { status: "missing" };
  if (values.length > 1) return { status: "ambiguous" };
  return { status: "present", value: values[0] };
}

const isAuthjsChunkOf = (name: string, base: string) => name === base || (name.startsWith(`${base}.`) && /^\d+$/.test(name.slice(base.length + 1)));

/**
 * Cookie names to remove from a request before anything reads it:
 * - each credential cookie sent more than once (ambiguous);
 * - every cookie whose name only *starts* with an Auth.js session cookie's name: Auth.js
 *   joins all of those into its session, so a stray `authjs.session-tokenZ` would sign the
 *   user out, and crafted ones could splice a session together. They are ignored (the real
 *   cookie still counts);
 * - all of an Auth.js session cookie's parts when they are ambiguous: a part sent twice, or
 *   a whole cookie and chunks (`.0`, `.1`) side by side.
 */
export function ambiguousCookieNames(header: string | null, credentialNames: readonly string[]): string[] {
  const names = parseCookieHeader(header).map(([name]) => name);
  const counts = new Map<string, number>();
  for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
  const drop = new Set(credentialNames.filter((name) => (counts.get(name) ?? 0) > 1));
  for (const base of AUTHJS_SESSION_COOKIE_BASES) {
    const family = names.filter((name) => name.startsWith(base));
    const parts = family.filter((name) => isAuthjsChunkOf(name, base));
    for (const name of family) if (!isAuthjsChunkOf(name, base)) drop.add(name); // stray: ignored
    const wholeAndChunks = parts.includes(base) && parts.some((name) => name !== base);
    if (wholeAndChunks || parts.some((name) => (counts.get(name) ?? 0) > 1)) for (const name of parts) drop.add(name);
  }
  return [...drop];
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
