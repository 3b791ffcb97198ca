import type { NextResponse } from "next/server";
import { z } from "zod";
import { IS_PRODUCTION } from "../config";
import { authCookieOptions, EXPIRED_COOKIE_OPTIONS } from "../cookies";
import { JWT_COOKIE, REVOCATION_CHECKS, jwtConfig, signAccessToken, type RevocationCheck } from "../jwt";
import { currentRoleAndTokenVersion } from "../token-version";
import type { Role } from "../validation";
import { epochSeconds } from "../time";
import type { KeyValueStore } from "../store";
import { credentialsSchema } from "../validation";

/** Issuing the /jwt lane's credentials, the same from the login and refresh routes: the access token, the refresh cookie. */

/**
 * The refresh cookie is scoped to the refresh route (its path given by the caller): the browser
 * sends it nowhere else, unlike the access token. (`__Host-` would force Path=/, hence `__Secure-`.)
 */
export const JWT_REFRESH_COOKIE = IS_PRODUCTION ? "__Secure-jwt-refresh" : "jwt-refresh";

/** The /jwt login also says which revocation checks the token gets (all, when absent). */
export const jwtLoginSchema = credentialsSchema.extend({
  checks: z
    .array(z.enum(REVOCATION_CHECKS), { error: `checks must be a list drawn from: ${REVOCATION_CHECKS.join(", ")}.` })
    .max(REVOCATION_CHECKS.length)
    .optional(),
});

/** Secure by default: a login that does not say otherwise gets every check. */
export const DEFAULT_CHECKS: readonly RevocationCheck[] = ["jti", "ver", "refresh"];

// #region issue-access-token
/**
 * Signs an access token with these checks: short-lived when a refresh token comes with it.
 * The role is read again here, with the token version (one snapshot), so a role change racing
 * this sign-in or refresh cannot leave a current token with the old role. `boundToKey`: a DPoP
 * client's key thumbprint (`cnf.jkt`): only its holder can use the token. `authTimeMs`: when the
 * password was checked (`auth_time`): now at a sign-in, the family's sign-in time at a refresh (a
 * refresh never makes a sign-in look recent). `jti`: the token's id, for a caller that names it.
 */
export async function issueAccessToken(
  store: KeyValueStore,
  user: { id: string; role: Role },
  checks: readonly RevocationCheck[],
  refreshFamily: string | undefined,
  boundToKey: string | undefined,
  authTimeMs: number,
  jti?: string,
): Promise<string> {
  const jwt = jwtConfig();
  const { role, tokenVersion } = await currentRoleAndTokenVersion(store, user.id, user.role);
  return signAccessToken({ id: user.id, role }, jwt, Date.now(), {
    checks,
    tokenVersion: checks.includes("ver") ? tokenVersion : undefined,
    ttlSeconds: checks.includes("refresh") ? jwt.shortAccessTokenTtlSeconds : jwt.accessTokenTtlSeconds,
    refreshFamily,
    jti,
    extraClaims: { auth_time: epochSeconds(authTimeMs), ...(boundToKey ? { cnf: { jkt: boundToKey } } : {}) },
  });
}
// #endregion issue-access-token

/** A response, or a server action's cookie jar (`{ cookies: await cookies() }`). */
type CookieSink = { cookies: Pick<NextResponse["cookies"], "set"> };

/**
 * With a refresh token the access cookie lives as long as the refresh token: the guard then sees
 * an *expired* token, knows a refresh token came with it, and refreshes instead of going to login.
 */
export function setAccessCookie(response: CookieSink, token: string, checks: readonly RevocationCheck[]) {
  const jwt = jwtConfig();
  response.cookies.set(JWT_COOKIE, token, authCookieOptions(checks.includes("refresh") ? jwt.refreshTokenTtlSeconds : jwt.accessTokenTtlSeconds));
}

/** `refreshPath`: the refresh route's path, the only one the browser sends this cookie to. */
export function setRefreshCookie(response: CookieSink, token: string, refreshPath: string) {
  response.cookies.set(JWT_REFRESH_COOKIE, token, { ...authCookieOptions(jwtConfig().refreshTokenTtlSeconds), path: refreshPath });
}

export function clearJwtCookies(response: NextResponse, refreshPath: string) {
  response.cookies.set(JWT_COOKIE, "", EXPIRED_COOKIE_OPTIONS);
  response.cookies.set(JWT_REFRESH_COOKIE, "", { ...EXPIRED_COOKIE_OPTIONS, path: refreshPath });
}
