import { credentialCookieValue } from "@/lib/cookies";
import { NextResponse, type NextRequest } from "next/server";
import { JWT_REFRESH_COOKIE, clearJwtCookies, issueAccessToken, setAccessCookie, setRefreshCookie } from "@/lib/jwt/issue";
import { REFRESH_FAILURE_MESSAGES, defaultRefreshDeps, rotateRefreshToken, type RefreshFailureReason, type RefreshFamily } from "@/lib/jwt/refresh";
import { findUserById } from "@/lib/users";
import { getStore, StoreUnavailableError } from "@/lib/store";
import { CROSS_ORIGIN_MESSAGE, NO_STORE, isCrossOriginWrite, jsonError, safeNextPath, storeUnavailableResponse } from "@/lib/http";
import { ROUTES, loginUrl } from "@/app/routes";
import { storeUnavailableAnswer } from "@/app/outage";
import { logAuthEvent } from "@/lib/log";
import { withServerTiming } from "@/app/server-timing";

/**
 * Exchanges the refresh token (a cookie sent only to this path) for a new access token and
 * a new refresh token. GET is the transparent refresh on page navigation (middleware sends
 * the browser here, then back to `next`); POST is for scripts, answering JSON.
 */

type Refreshed =
  | { ok: true; accessToken: string; checks: RefreshFamily["checks"]; newRefreshToken: string | null }
  | { ok: false; reason: RefreshFailureReason | "unavailable" };

async function refresh(request: NextRequest): Promise<Refreshed> {
  try {
    const result = await rotateRefreshToken(defaultRefreshDeps(), credentialCookieValue(request.headers, JWT_REFRESH_COOKIE));
    if (!result.ok) {
      logAuthEvent("jwt.refresh-refused", { reason: result.reason });
      return result;
    }
    // The role and token version come from the server now, not from the old token:
    // this is where a role change reaches a JWT user.
    const user = await findUserById(result.userId);
    if (!user) return { ok: false, reason: "unknown" };
    const accessToken = await issueAccessToken(getStore(), user, result.checks, result.familyId);
    return { ok: true, accessToken, checks: result.checks, newRefreshToken: result.newToken };
  } catch (error) {
    if (StoreUnavailableError.is(error)) return { ok: false, reason: "unavailable" };
    throw error;
  }
}

/** Success sets the new cookies; a refusal clears both (the refresh token is dead). */
function withCookies(response: NextResponse, refreshed: Refreshed): NextResponse {
  if (!refreshed.ok) {
    clearJwtCookies(response, ROUTES.jwt.api.refresh);
    return response;
  }
  setAccessCookie(response, refreshed.accessToken, refreshed.checks);
  // null within the two-tabs grace window: the browser already has the successor.
  if (refreshed.newRefreshToken) setRefreshCookie(response, refreshed.newRefreshToken, ROUTES.jwt.api.refresh);
  return response;
}

export const GET = withServerTiming(async function GET(request: NextRequest) {
  const next = safeNextPath(request.nextUrl.searchParams.get("next"), ROUTES.jwt.dashboard);
  const refreshed = await refresh(request);
  if (!refreshed.ok && refreshed.reason === "unavailable") return storeUnavailableAnswer(false);
  const target = refreshed.ok ? next : loginUrl(ROUTES.jwt.login, next, `refresh-${refreshed.reason}`);
  return withCookies(NextResponse.redirect(new URL(target, request.url), { status: 303, headers: NO_STORE }), refreshed);
});

export const POST = withServerTiming(async function POST(request: NextRequest) {
  if (isCrossOriginWrite(request)) return jsonError(403, CROSS_ORIGIN_MESSAGE);
  const refreshed = await refresh(request);
  if (refreshed.ok) return withCookies(NextResponse.json({ ok: true, rotated: refreshed.newRefreshToken !== null }, { headers: NO_STORE }), refreshed);
  if (refreshed.reason === "unavailable") return storeUnavailableResponse();
  const refusal = NextResponse.json({ error: REFRESH_FAILURE_MESSAGES[refreshed.reason], reason: refreshed.reason }, { status: 401, headers: NO_STORE });
  return withCookies(refusal, refreshed);
});
