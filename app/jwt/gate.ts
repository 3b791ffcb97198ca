import "server-only";
import { tracingChannel } from "node:diagnostics_channel";
import { cache } from "react";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { JWTHeaderParameters } from "jose";
import { credentialCookieValue } from "@/lib/cookies";
import { JWT_COOKIE, readAccessToken, type AccessTokenClaims, type JwtFailureReason } from "@/lib/jwt";
import { authenticateAccessToken } from "@/lib/jwt/revocation";
import { checkTokenBinding, dpopRefusalResponse, type DpopFailureReason } from "@/lib/jwt/dpop";
import { getStore } from "@/lib/store";
import { logAuthEvent } from "@/lib/log";
import { refusedCredentialResponse } from "@/lib/http";
import type { AuthUser } from "@/lib/users";
import { currentPath } from "../request-path";
import { loginUrl } from "../lane";
import { JWT_ROUTES, refreshUrl } from "./routes";
import { jwtChallenge } from "./lane";

/**
 * The /jwt lane's second gate. Middleware only does a fast first check (and can be skipped,
 * e.g. by a matcher mistake); every protected page, layout and route handler asks again
 * here, next to the data, and never trusts `x-user-*` request headers.
 */

export type JwtAuth =
  | { ok: true; user: AuthUser; token: string; claims: AccessTokenClaims; header: JWTHeaderParameters; verifiedAtMs: number }
  /**
   * `refreshable`: expired or stale, but issued with a refresh token: refresh, don't log in.
   * `dpop`: why a key-bound token's proof was refused (reason "key-not-proven").
   */
  | { ok: false; reason: JwtFailureReason; token: string | undefined; refreshable: boolean; dpop?: DpopFailureReason };

// #region authenticate-jwt
/**
 * Verifies an access token from a Bearer or DPoP header or the cookie: signature and claims,
 * the store-backed revocation checks the token was issued with (none for a plain JWT), then
 * for a key-bound token the DPoP proof of this `request` (method and URL).
 */
export async function authenticateJwt(headers: Headers, cookieValue: string | undefined, request?: { method: string; url: string }): Promise<JwtAuth> {
  const token = readAccessToken(headers, cookieValue);
  const verifiedAtMs = Date.now();
  const auth = await authenticateAccessToken(token, getStore(), verifiedAtMs);
  if (!auth.ok) {
    if (auth.reason !== "missing") logAuthEvent("jwt.rejected", { reason: auth.reason });
    return { ok: false, reason: auth.reason, token, refreshable: auth.refreshable };
  }
  const binding = await checkTokenBinding(getStore(), token as string, auth.claims, headers, request, verifiedAtMs);
  if (!binding.ok) {
    logAuthEvent("jwt.rejected", { reason: "key-not-proven", dpop: binding.reason });
    return { ok: false, reason: "key-not-proven", token, refreshable: false, dpop: binding.reason };
  }
  const { claims, header } = auth;
  return { ok: true, user: { id: claims.sub, role: claims.role }, token: token as string, claims, header, verifiedAtMs };
}
// #endregion authenticate-jwt

/** How a route handler answers a refused credential: 401, with the DPoP challenge when a proof failed. */
export function refusedJwtResponse(auth: Extract<JwtAuth, { ok: false }>): Response {
  if (auth.dpop) return dpopRefusalResponse(auth.dpop);
  const response = refusedCredentialResponse(auth.reason);
  response.headers.set("www-authenticate", jwtChallenge(auth.reason));
  return response;
}

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
