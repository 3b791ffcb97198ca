import "server-only";
import { tracingChannel } from "node:diagnostics_channel";
import { cache } from "react";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { JWTHeaderParameters } from "jose";
import { credentialCookieValue } from "@/lib/cookies";
import { JWT_COOKIE, readAccessToken, type AccessTokenClaims, type JwtFailureReason } from "@/lib/jwt";
import { authenticateAccessToken } from "@/lib/jwt/revocation";
import { getStore } from "@/lib/store";
import { logAuthEvent } from "@/lib/log";
import type { AuthUser } from "@/lib/users";
import { currentPath } from "../request-path";
import { loginUrl } from "../lane";
import { JWT_ROUTES, refreshUrl } from "./routes";

/**
 * The /jwt lane's second gate. Middleware only does a fast first check (and can be skipped,
 * e.g. by a matcher mistake); every protected page, layout and route handler asks again
 * here, next to the data, and never trusts `x-user-*` request headers.
 */

export type JwtAuth =
  | { ok: true; user: AuthUser; token: string; claims: AccessTokenClaims; header: JWTHeaderParameters; verifiedAtMs: number }
  /** `refreshable`: expired or stale, but issued with a refresh token: refresh, don't log in. */
  | { ok: false; reason: JwtFailureReason; token: string | undefined; refreshable: boolean };

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

// Announced on a diagnostics channel (node:diagnostics_channel): free unless something
// listens; the demo's request timeline does.
const gateChannel = tracingChannel("auth:gate");

// React `cache`: a layout and its page checking in the same render cost one verification.
// The raw Cookie header, not cookies(): a credential cookie sent twice is ambiguous, and
// cookies() would silently keep one of the two.
export const getJwtAuth = cache(async (): Promise<JwtAuth> => {
  const cookie = credentialCookieValue(await headers(), JWT_COOKIE);
  return gateChannel.tracePromise(() => authenticateJwt(new Headers(), cookie), {});
});

// #region require-jwt-user
/**
 * For layouts and pages: the verified JWT user; otherwise a transparent refresh (when the
 * token came with a refresh token) or the login page, both keeping `next`.
 */
export async function requireJwtUser() {
  const auth = await getJwtAuth();
  if (auth.ok) return auth;
  const path = await currentPath(JWT_ROUTES.dashboard);
  redirect(auth.refreshable ? refreshUrl(path) : loginUrl(JWT_ROUTES.login, path, auth.reason, "page"));
}
// #endregion require-jwt-user
