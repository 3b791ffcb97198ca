import type { NextRequest } from "next/server";
import NextAuth, { type Session } from "next-auth";
import { authConfig } from "@/auth.config";
import { ambiguousAuthjsCookieNames, carriesAuthjsSessionCookie, withoutReissuedSessionCookie } from "@/lib/authjs/session-cookie";
import { isBackgroundFetch } from "@/lib/fetch-metadata";
import type { Lane, Verdict } from "../lane";
import { AUTHJS_ROUTES } from "./routes";

// #region authjs-guard
/** Why the Auth.js guard refuses: "invalid" is a cookie Auth.js could not use (bad, expired or revoked). */
export type AuthjsGuardReason = "missing" | "invalid" | "unavailable" | "forbidden";

/** `session` is what Auth.js's auth() made of the cookie (null if absent, invalid or revoked). */
function checkAuthjs(request: NextRequest, session: Session | null): Verdict<AuthjsGuardReason> {
  if (!session?.user) {
    return { ok: false, reason: carriesAuthjsSessionCookie(request.headers.get("cookie")) ? "invalid" : "missing" };
  }
  if (session.storeUnavailable) return { ok: false, reason: "unavailable" };
  if (request.nextUrl.pathname.startsWith(AUTHJS_ROUTES.admin) && session.user.role !== "admin") {
    return { ok: false, reason: "forbidden" };
  }
  return { ok: true, forward: { "x-user-id": session.user.id, "x-user-role": session.user.role } };
}
// #endregion authjs-guard

// Auth.js's wrapper decrypts the session cookie (running the jwt/session callbacks) and
// appends any cookie it re-issues or clears to our response. Built on first use, so the
// secret comes from the validated config at run time, not at build time.
type AuthjsMiddleware = ReturnType<typeof NextAuth>["auth"];
let authjsMiddleware: AuthjsMiddleware | undefined;

/**
 * The verdict is answered against the request as it arrived: Auth.js hands its callback a
 * copy whose URL is AUTH_URL's origin when that is set, and a redirect or rewrite built from
 * that copy would leave the site (a rewrite to another origin is a proxy).
 */
function guardAuthjs(request: NextRequest, respond: (verdict: Verdict<AuthjsGuardReason>) => Response): Promise<Response> {
  authjsMiddleware ??= NextAuth(authConfig()).auth;
  const guard = authjsMiddleware((authRequest: NextRequest & { auth: Session | null }) =>
    respond(checkAuthjs(request, authRequest.auth)),
  ) as unknown as (request: NextRequest, context: { params: Promise<object> }) => Promise<Response>;
  // The wrapper is typed for route handlers; its second argument is passed through to our
  // callback, which does not use it. Only a page load slides the cookie (see withoutReissuedSessionCookie).
  const answer = guard(request, { params: Promise.resolve({}) });
  return isBackgroundFetch(request.headers) ? answer.then(withoutReissuedSessionCookie) : answer;
}

/**
 * /authjs: Auth.js's own `auth()` decrypts its session cookie and runs the callbacks from
 * auth.config.ts; admin pages are refused here with a 403 and re-checked on the page.
 */
export const authjsLane: Lane<AuthjsGuardReason> = {
  name: "authjs",
  pagePath: AUTHJS_ROUTES.overview,
  apiPrefix: AUTHJS_ROUTES.api.prefix,
  loginPath: AUTHJS_ROUTES.login,
  publicPaths: [AUTHJS_ROUTES.overview, AUTHJS_ROUTES.login, AUTHJS_ROUTES.replay],
  // Auth.js's own cookies (whole or in chunks) have rules of their own.
  credentialCookies: [],
  ambiguousCookies: ambiguousAuthjsCookieNames,
  guard: guardAuthjs,
};
