import { NextResponse, type NextRequest } from "next/server";
import { JWT_REFRESH_COOKIE, clearJwtCookies, issueAccessToken, setAccessCookie, setRefreshCookie } from "@/lib/jwt-tokens";
import { REFRESH_FAILURE_MESSAGES, defaultRefreshDeps, rotateRefreshToken, type RotationResult } from "@/lib/refresh-token";
import { findUserById } from "@/lib/users";
import { getStore, StoreUnavailableError } from "@/lib/store";
import { CROSS_ORIGIN_MESSAGE, NO_STORE, isCrossOriginWrite, jsonError, loginUrl, safeNextPath, storeUnavailableResponse } from "@/lib/http";
import { logAuthEvent } from "@/lib/log";

/**
 * Exchanges the refresh token (a cookie sent only to this path) for a new access token and
 * a new refresh token. GET is the transparent refresh on page navigation (middleware sends
 * the browser here, then back to `next`); POST is for scripts, answering JSON.
 */
async function refresh(request: NextRequest): Promise<{ result: RotationResult; response: (ok: NextResponse) => NextResponse } | { outage: true }> {
  let result: RotationResult;
  try {
    result = await rotateRefreshToken(defaultRefreshDeps(), request.cookies.get(JWT_REFRESH_COOKIE)?.value);
    if (!result.ok) {
      logAuthEvent("jwt.refresh-refused", { reason: result.reason });
      return { result, response: (r) => r };
    }
    // The role and token version come from the server now, not from the old token:
    // this is where a role change reaches a JWT user.
    const user = await findUserById(result.userId);
    if (!user) return { result: { ok: false, reason: "unknown" }, response: (r) => r };
    const { checks, familyId, newToken } = result;
    const accessToken = await issueAccessToken(getStore(), user, checks, familyId);
    return {
      result,
      response: (response) => {
        setAccessCookie(response, accessToken, checks);
        if (newToken) setRefreshCookie(response, newToken); // null within the two-tabs grace window
        return response;
      },
    };
  } catch (error) {
    if (StoreUnavailableError.is(error)) return { outage: true };
    throw error;
  }
}

export async function GET(request: NextRequest) {
  const next = safeNextPath(request.nextUrl.searchParams.get("next"), "/jwt/dashboard");
  const outcome = await refresh(request);
  if ("outage" in outcome) return storeUnavailableResponse(false);
  if (outcome.result.ok) {
    const response = NextResponse.redirect(new URL(next, request.url), { status: 303, headers: NO_STORE });
    return outcome.response(response);
  }
  const response = NextResponse.redirect(new URL(loginUrl("/jwt/login", next, `refresh-${outcome.result.reason}`), request.url), {
    status: 303,
    headers: NO_STORE,
  });
  clearJwtCookies(response);
  return response;
}

export async function POST(request: NextRequest) {
  if (isCrossOriginWrite(request)) return jsonError(403, CROSS_ORIGIN_MESSAGE);
  const outcome = await refresh(request);
  if ("outage" in outcome) return storeUnavailableResponse(true);
  if (!outcome.result.ok) {
    const response = NextResponse.json(
      { error: REFRESH_FAILURE_MESSAGES[outcome.result.reason], reason: outcome.result.reason },
      { status: 401, headers: NO_STORE },
    );
    clearJwtCookies(response);
    return response;
  }
  return outcome.response(NextResponse.json({ ok: true, rotated: outcome.result.newToken !== null }, { headers: NO_STORE }));
}
