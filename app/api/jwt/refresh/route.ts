import { NextResponse, type NextRequest } from "next/server";
import { REFRESH_FAILURE_MESSAGES } from "@/lib/jwt/refresh";
import { CROSS_ORIGIN_MESSAGE, NO_STORE, isCrossOriginWrite, jsonError, answerStoreOutage, safeNextPath } from "@/lib/http";
import { loginUrl } from "@/app/lane";
import { JWT_ROUTES, afterRefreshUrl } from "@/app/jwt/routes";
import { exchangeRefreshToken, interruptedRefresh, jtiIfExpired, refusalLoginReason, withRefreshedCookies } from "@/app/jwt/refresh-exchange";

/**
 * Exchanges the refresh token (a cookie sent only to this path) for a new access token and
 * a new refresh token. GET is the transparent refresh on page navigation (middleware sends
 * the browser here, then back to `next`); POST is for scripts, answering JSON.
 */

export async function GET(request: NextRequest) {
  const next = safeNextPath(request.nextUrl.searchParams.get("next"), JWT_ROUTES.dashboard);
  return answerStoreOutage(request, async () => {
    const refreshed = await exchangeRefreshToken(request);
    if (!refreshed.ok && refreshed.reason === "store-unavailable") return interruptedRefresh(request, refreshed.newRefreshToken);
    const target = refreshed.ok ? afterRefreshUrl(next, jtiIfExpired(request, refreshed)) : loginUrl(JWT_ROUTES.login, next, await refusalLoginReason(request, refreshed.reason));
    // A relative Location: the browser resolves it against the origin it addressed. (An absolute
    // one built from request.url would say `localhost:PORT` under `next start`, whatever the Host.)
    return withRefreshedCookies(new NextResponse(null, { status: 303, headers: { ...NO_STORE, location: target } }), refreshed);
  });
}

export async function POST(request: NextRequest) {
  if (isCrossOriginWrite(request)) return jsonError(403, CROSS_ORIGIN_MESSAGE);
  return answerStoreOutage(request, async () => {
    const refreshed = await exchangeRefreshToken(request);
    if (refreshed.ok) return withRefreshedCookies(NextResponse.json({ ok: true, rotated: refreshed.newRefreshToken !== null }, { headers: NO_STORE }), refreshed);
    if (!refreshed.ok && refreshed.reason === "store-unavailable") return interruptedRefresh(request, refreshed.newRefreshToken);
    const refusal = NextResponse.json({ error: REFRESH_FAILURE_MESSAGES[refreshed.reason], reason: refreshed.reason }, { status: 401, headers: NO_STORE });
    return withRefreshedCookies(refusal, refreshed);
  });
}
