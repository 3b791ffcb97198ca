import type { NextRequest } from "next/server";
import { BETTER_AUTH_CACHE_COOKIE, BETTER_AUTH_SESSION_COOKIE } from "@/lib/better-auth/config";
import { credentialCookieValue, parseCookieHeader } from "@/lib/cookies";
import type { Lane, Verdict } from "../lane";
import { BETTER_AUTH_ROUTES } from "./routes";

// #region better-auth-guard
/**
 * What Better Auth documents for middleware: an optimistic check that its session cookie is
 * there. It proves nothing about the session (the cookie may be forged, expired or revoked):
 * it only spares a request with no cookie at all a trip to the page, which is where the real
 * check happens (app/better-auth/gate.ts). No role either: a non-admin on the admin page is
 * refused by the page, with a 403. Read by its exact name: Better Auth's getSessionCookie would
 * also take a `__Secure-` copy of the name, which a sibling subdomain can plant.
 */
function checkBetterAuth(request: NextRequest): Verdict<"missing"> {
  if (!credentialCookieValue(request.headers, BETTER_AUTH_SESSION_COOKIE)) return { ok: false, reason: "missing" };
  return { ok: true, forward: { "x-auth-session-check": "optimistic" } };
}
// #endregion better-auth-guard

/**
 * A cookie cache (whole or in chunks: `<name>.0`, `<name>.1`, …) that is not base64url, as Better
 * Auth writes it: Better Auth would fail the whole request on it (a 500) instead of reading the
 * session from the store. Removed before anything reads the request.
 */
export function unreadableCookieCache(cookieHeader: string | null): string[] {
  const names = parseCookieHeader(cookieHeader)
    .filter(([name, value]) => (name === BETTER_AUTH_CACHE_COOKIE || name.startsWith(`${BETTER_AUTH_CACHE_COOKIE}.`)) && !/^[A-Za-z0-9_-]*$/.test(value))
    .map(([name]) => name);
  return [...new Set(names)];
}

/**
 * /better-auth: Better Auth's own endpoints (`/api/better-auth/*`) are outside the lane here
 * and check their own credentials; this lane's pages and its `/api/better-auth/me` get the
 * optimistic first gate.
 */
export const betterAuthLane: Lane<"missing"> = {
  name: "better-auth",
  pagePath: BETTER_AUTH_ROUTES.overview,
  apiPrefix: BETTER_AUTH_ROUTES.api.prefix,
  loginPath: BETTER_AUTH_ROUTES.login,
  publicPaths: [BETTER_AUTH_ROUTES.overview, BETTER_AUTH_ROUTES.login],
  credentialCookies: [BETTER_AUTH_SESSION_COOKIE, BETTER_AUTH_CACHE_COOKIE],
  ambiguousCookies: unreadableCookieCache,
  guard: async (request, respond) => respond(checkBetterAuth(request)),
};
