import { IS_PRODUCTION } from "../config";
import { parseCookieHeader } from "../cookies";
import { isCallbackUrl } from "./redirect";

/**
 * Auth.js's session cookie: its names, and the rules for the chunks it splits a large one
 * into. Edge-safe (middleware applies them through the Auth.js lane, app/authjs/lane.ts).
 */

/** Auth.js names its session cookie by scheme (`__Secure-` over https) and splits a large one into `.0`, `.1`, … chunks. */
export const AUTHJS_SESSION_COOKIE_BASES = ["__Secure-authjs.session-token", "authjs.session-token"] as const;
/** The name Auth.js gives its session cookie in this app (auth.config.ts: `useSecureCookies: IS_PRODUCTION`). */
export const AUTHJS_SESSION_COOKIE = AUTHJS_SESSION_COOKIE_BASES[IS_PRODUCTION ? 0 : 1];

/** Where Auth.js keeps the page to go back to after signing in, by scheme. */
const AUTHJS_CALLBACK_URL_COOKIES: readonly string[] = ["__Secure-authjs.callback-url", "authjs.callback-url"];

const isAuthjsChunkOf = (name: string, base: string) => name === base || (name.startsWith(`${base}.`) && /^\d+$/.test(name.slice(base.length + 1)));

/** Whether a Cookie header carries an Auth.js session cookie (whole, or in chunks), usable or not. */
export const carriesAuthjsSessionCookie = (header: string | null): boolean =>
  parseCookieHeader(header).some(([name]) => AUTHJS_SESSION_COOKIE_BASES.some((base) => name === base || name.startsWith(`${base}.`)));

/**
 * Auth.js cookie names to remove from a request before anything reads it:
 * - every cookie whose name only *starts* with an Auth.js session cookie's name: Auth.js
 *   joins all of those into its session, so a stray `authjs.session-tokenZ` would sign the
 *   user out, and crafted ones could splice a session together. They are ignored (the real
 *   cookie still counts);
 * - all of an Auth.js session cookie's parts when they are ambiguous: a part sent twice, or
 *   a whole cookie and chunks (`.0`, `.1`) side by side;
 * - a callback-url cookie Auth.js would refuse (`foo`): it fails the whole request on it, so a
 *   cookie planted by a sibling subdomain would sign the user out.
 */
export function ambiguousAuthjsCookieNames(header: string | null): string[] {
  const cookies = parseCookieHeader(header);
  const names = cookies.map(([name]) => name);
  const counts = new Map<string, number>();
  for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
  const drop = new Set<string>();
  for (const base of AUTHJS_SESSION_COOKIE_BASES) {
    const family = names.filter((name) => name.startsWith(base));
    const parts = family.filter((name) => isAuthjsChunkOf(name, base));
    for (const name of family) if (!isAuthjsChunkOf(name, base)) drop.add(name); // stray: ignored
    const wholeAndChunks = parts.includes(base) && parts.some((name) => name !== base);
    if (wholeAndChunks || parts.some((name) => (counts.get(name) ?? 0) > 1)) for (const name of parts) drop.add(name);
  }
  for (const [name, value] of cookies) if (AUTHJS_CALLBACK_URL_COOKIES.includes(name) && !isCallbackUrl(value)) drop.add(name);
  return [...drop];
}

const isSessionCookieLine = (cookie: string) => AUTHJS_SESSION_COOKIE_BASES.some((base) => cookie.startsWith(`${base}=`) || cookie.startsWith(`${base}.`));

function withoutSetCookies(response: Response, drop: (cookie: string) => boolean): Response {
  const all = response.headers.getSetCookie();
  const kept = all.filter((cookie) => !drop(cookie));
  if (kept.length === all.length) return response;
  response.headers.delete("set-cookie");
  for (const cookie of kept) response.headers.append("set-cookie", cookie);
  return response;
}

/**
 * Drops every Set-Cookie of the Auth.js session cookie (re-issued or cleared) from an answer.
 * Used on background fetches (middleware's, and useSession()'s reads): one sent before a
 * sign-out and answered after it would otherwise put the signed-out cookie back (Auth.js's JWT
 * is still valid; nothing on the server ended it), and a refused one would clear the cookie the
 * next page load needs to say why.
 */
export const withoutReissuedSessionCookie = (response: Response): Response => withoutSetCookies(response, isSessionCookieLine);

