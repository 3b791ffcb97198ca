import "server-only";
import { cache } from "react";
import { headers } from "next/headers";
import { ambiguousCookieNames, credentialCookieValue } from "./cookies";
import { redirect } from "next/navigation";
import { JWT_COOKIE, readAccessToken, type AccessTokenClaims, type JwtFailureReason } from "./jwt/token";
import type { JWTHeaderParameters } from "jose";
import {
  SESSION_COOKIE,
  defaultSessionDeps,
  validateSessionToken,
  type SessionFailureReason,
  type SessionRecord,
} from "./session/session";
import { loginUrl, safeNextPath } from "./http";
import { StoreUnavailableError, getStore } from "./store";
import { authenticateAccessToken } from "./jwt/revocation";
import { refreshUrl } from "./jwt/issue";
import { logAuthEvent } from "./log";
import type { Role } from "./users";
import type { Session } from "next-auth";
import { auth } from "@/auth";

/**
 * The second gate. Middleware only does a fast first check (and can be skipped, e.g. by a
 * matcher mistake); every protected page, layout and route handler asks again here,
 * next to the data, and never trusts `x-user-*` request headers.
 */

export interface AuthUser {
  id: string;
  role: Role;
}

export type JwtAuth =
  | { ok: true; user: AuthUser; token: string; claims: AccessTokenClaims; header: JWTHeaderParameters; verifiedAtMs: number }
  /** `refreshable`: expired or stale, but issued with a refresh token: refresh, don't log in. */
  | { ok: false; reason: JwtFailureReason; token: string | undefined; refreshable: boolean };

export type SessionAuth =
  | { ok: true; user: AuthUser; token: string; id: string; record: SessionRecord; ttlSeconds: number | null; verifiedAtMs: number }
  | { ok: false; reason: SessionFailureReason; token: string | undefined };

// #region authenticate-jwt
/**
 * Verifies an access token from a Bearer header or the cookie: signature and claims, then
 * the store-backed revocation checks the token was issued with (none for a plain JWT).
 */
export async function authenticateJwt(headers: Headers, cookieValue: string | undefined): Promise<JwtAuth> {
  const token = readAccessToken(headers, cookieValue);
  const verifiedAtMs = Date.now();
  const auth = await authenticateAccessToken(token, getStore(), verifiedAtMs);
  if (!auth.ok) {
    if (auth.reason !== "missing") logAuthEvent("jwt.rejected", { reason: auth.reason });
    return { ok: false, reason: auth.reason, token, refreshable: auth.refreshable };
  }
  const { claims, header } = auth;
  return { ok: true, user: { id: claims.sub, role: claims.role }, token: token as string, claims, header, verifiedAtMs };
}
// #endregion authenticate-jwt

/**
 * Validates a session token against the store (route handlers). A store outage comes back
 * as reason "unavailable" (answer 503), never as "signed out".
 */
export async function authenticateSession(token: string | undefined): Promise<SessionAuth> {
  const deps = defaultSessionDeps();
  const verifiedAtMs = deps.now();
  let result;
  try {
    result = await validateSessionToken({ ...deps, now: () => verifiedAtMs }, token);
  } catch (error) {
    if (!StoreUnavailableError.is(error)) throw error;
    logAuthEvent("session.store-unavailable", { message: error.message });
    return { ok: false, reason: "unavailable", token };
  }
  if (!result.ok) {
    if (result.reason !== "missing") logAuthEvent("session.rejected", { reason: result.reason });
    return { ok: false, reason: result.reason, token };
  }
  return { ok: true, user: { id: result.record.userId, role: result.record.role }, token: token as string, id: result.id, record: result.record, ttlSeconds: result.ttlSeconds, verifiedAtMs };
}

// React `cache`: a layout and its page checking in the same render cost one verification.
// The raw Cookie header, not cookies(): a credential cookie sent twice is ambiguous, and
// cookies() would silently keep one of the two.
export const getJwtAuth = cache(async (): Promise<JwtAuth> => {
  return authenticateJwt(new Headers(), credentialCookieValue(await headers(), JWT_COOKIE));
});

export const getSessionAuth = cache(async (): Promise<SessionAuth> => {
  return authenticateSession(credentialCookieValue(await headers(), SESSION_COOKIE));
});

/** The page being rendered, as middleware recorded it (only used as the `next` target). */
async function currentPath(fallback: string): Promise<string> {
  return safeNextPath((await headers()).get("x-auth-pathname"), fallback);
}

// #region require-jwt-user
/**
 * For layouts and pages: the verified JWT user; otherwise a transparent refresh (when the
 * token came with a refresh token) or the login page, both keeping `next`.
 */
export async function requireJwtUser() {
  const auth = await getJwtAuth();
  if (auth.ok) return auth;
  if (auth.reason === "unavailable") throw new StoreUnavailableError("page render", "store did not answer");
  const path = await currentPath("/jwt/dashboard");
  redirect(auth.refreshable ? refreshUrl(path) : loginUrl("/jwt/login", path, auth.reason));
}
// #endregion require-jwt-user

// #region require-session-user
/**
 * For layouts and pages: the user of a live session in the store, or a redirect to login.
 * If the store is down the page fails (error boundary) rather than signing the user out.
 */
export async function requireSessionUser() {
  const auth = await getSessionAuth();
  if (!auth.ok && auth.reason === "unavailable") throw new StoreUnavailableError("page render", "store did not answer");
  if (!auth.ok) redirect(loginUrl("/session/login", await currentPath("/session/dashboard"), auth.reason));
  return auth;
}
// #endregion require-session-user

/**
 * Auth.js joins every cookie whose name starts with its session cookie's name. Middleware
 * removes stray and ambiguous ones before Auth.js reads them; if it did not run, a request
 * carrying one gets no Auth.js session at all (refused, never spliced together).
 */
export const getAuthjsSession = cache(async (): Promise<Session | null> => {
  const ambiguous = ambiguousCookieNames((await headers()).get("cookie"), []);
  if (ambiguous.length > 0) {
    logAuthEvent("auth.ambiguous-cookie", { cookie: ambiguous.join(",") });
    return null;
  }
  return auth();
});

// #region require-authjs-user
/** For layouts and pages of /authjs: the Auth.js session (callbacks already ran), or login. */
export async function requireAuthjsUser(): Promise<Session> {
  const session = await getAuthjsSession();
  if (session?.storeUnavailable) throw new StoreUnavailableError("page render", "store did not answer");
  if (!session?.user) redirect(loginUrl("/authjs/login", await currentPath("/authjs/dashboard")));
  return session;
}
// #endregion require-authjs-user
