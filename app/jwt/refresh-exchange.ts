import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { decodeJwt } from "jose";
import { credentialCookieValue } from "@/lib/cookies";
import { JWT_COOKIE } from "@/lib/jwt";
import { JWT_REFRESH_COOKIE, clearJwtCookies, issueAccessToken, setAccessCookie, setRefreshCookie } from "@/lib/jwt/issue";
import { defaultRefreshDeps, readRefreshFamily, refreshTokenFamily, rotateRefreshToken, type RefreshFailureReason, type RefreshFamily } from "@/lib/jwt/refresh";
import { findUserById } from "@/lib/users";
import { StoreUnavailableError, getStore } from "@/lib/store";
import { storeUnavailableResponse } from "@/lib/http";
import { logAuthEvent } from "@/lib/log";
import { JWT_ROUTES } from "./routes";

/**
 * The refresh exchange, shared by the refresh route (GET and POST) and the dashboard's
 * "refresh now" (app/api/jwt/refresh/demo): the refresh token (a cookie sent only below the
 * refresh path) for a new access token and a new refresh token.
 */

export type Refreshed =
  /** `jti`: the new access token's, named where it is issued (the page the refresh lands on may say so). */
  | { ok: true; accessToken: string; jti: string; checks: RefreshFamily["checks"]; familyId: string; newRefreshToken: string | null }
  | { ok: false; reason: RefreshFailureReason }
  /** The rotation was saved (or sent, and may land), then the store stopped answering: 503, but the browser must get its new refresh token. */
  | { ok: false; reason: "store-unavailable"; newRefreshToken: string };

/**
 * A store outage throws StoreUnavailableError (the routes answer 503; the cookies stay),
 * except once the rotation was sent: then the old token is spent, and a browser that kept
 * it would present a spent token next time (reuse, which revokes the family).
 */
export async function exchangeRefreshToken(request: NextRequest): Promise<Refreshed> {
  const result = await rotateRefreshToken(defaultRefreshDeps(), credentialCookieValue(request.headers, JWT_REFRESH_COOKIE));
  if (!result.ok && result.reason === "store-unavailable") return { ok: false, reason: "store-unavailable", newRefreshToken: result.newToken };
  if (!result.ok) {
    logAuthEvent("jwt.refresh-refused", { reason: result.reason });
    return result;
  }
  try {
    // The role and token version come from the server now, not from the old token:
    // this is where a role change reaches a JWT user.
    const user = await findUserById(result.userId);
    if (!user) return { ok: false, reason: "unknown" };
    const jti = crypto.randomUUID();
    const accessToken = await issueAccessToken(getStore(), user, result.checks, result.familyId, undefined, result.authTime, jti); // auth_time carried over
    return { ok: true, accessToken, jti, checks: result.checks, familyId: result.familyId, newRefreshToken: result.newToken };
  } catch (error) {
    if (StoreUnavailableError.is(error) && result.newToken) return { ok: false, reason: "store-unavailable", newRefreshToken: result.newToken };
    throw error;
  }
}

/**
 * Why the login page says a refresh was refused: `refresh-<reason>`, except that a revoked
 * family says what ended it (reuse, a newer sign-in, sign out everywhere) rather than listing
 * every cause. One more read of the family, on this refusal path only; if the store does not
 * answer, the general words.
 */
export async function refusalLoginReason(request: NextRequest, reason: RefreshFailureReason): Promise<string> {
  if (reason !== "family-revoked") return `refresh-${reason}`;
  try {
    const deps = defaultRefreshDeps();
    const named = await refreshTokenFamily(deps, credentialCookieValue(request.headers, JWT_REFRESH_COOKIE));
    const family = named ? await readRefreshFamily(deps.store, named.familyId) : null;
    const because = family && "revoked" in family ? family.revoked.revokedBecause : null;
    return because === "reuse" ? "family-reused" : because === "newer-sign-in" ? "family-evicted" : because === "logout-everywhere" ? "refresh-everywhere" : "refresh-family-revoked";
  } catch (error) {
    if (StoreUnavailableError.is(error)) return "refresh-family-revoked";
    throw error;
  }
}

/** The 503 for a refresh the store interrupted after the rotation, carrying the new refresh token. */
export function interruptedRefresh(request: NextRequest, newRefreshToken: string): NextResponse {
  const answer = storeUnavailableResponse(request);
  const response = new NextResponse(answer.body, answer);
  setRefreshCookie(response, newRefreshToken, JWT_ROUTES.api.refresh);
  return response;
}

/** Success sets the new cookies; a refusal clears both (the refresh token is dead). */
export function withRefreshedCookies(response: NextResponse, refreshed: Refreshed): NextResponse {
  if (!refreshed.ok) {
    clearJwtCookies(response, JWT_ROUTES.api.refresh);
    return response;
  }
  setAccessCookie(response, refreshed.accessToken, refreshed.checks);
  // null within the two-tabs grace window: the browser already has the successor.
  if (refreshed.newRefreshToken) setRefreshCookie(response, refreshed.newRefreshToken, JWT_ROUTES.api.refresh);
  return response;
}

/**
 * The new access token's jti when the one the browser sent had run out (or was gone), for the
 * page the refresh lands on to say so; none when a check refused a live token (a role change:
 * the page says that itself). The sent token is read, not verified: it only chooses whether a
 * sentence is shown.
 */
export function jtiIfExpired(request: NextRequest, refreshed: { jti: string }): string | undefined {
  const sent = credentialCookieValue(request.headers, JWT_COOKIE);
  try {
    return sent && (decodeJwt(sent).exp ?? Infinity) * 1000 > Date.now() ? undefined : refreshed.jti;
  } catch {
    return undefined;
  }
}
