import { credentialCookieValue } from "@/lib/cookies";
import { NextResponse, type NextRequest } from "next/server";
import { authenticateJwt, refusedJwtResponse } from "@/app/jwt/gate";
import { JWT_COOKIE } from "@/lib/jwt";
import { clearJwtCookies } from "@/lib/jwt/issue";
import { defaultRefreshDeps, revokeAllRefreshFamiliesOps } from "@/lib/jwt/refresh";
import { revokeAllTokensForUser } from "@/lib/token-version";
import { JWT_ROUTES } from "@/app/jwt/routes";
import { stepUpForRoute } from "@/app/jwt/step-up";
import { getStore } from "@/lib/store";
import { CROSS_ORIGIN_MESSAGE, NO_STORE, SIGN_OUT_STORE_UNAVAILABLE_MESSAGE, answerStoreOutage, isCrossOriginWrite, jsonError } from "@/lib/http";

/**
 * Bumps the user's token version (every access token with the "ver" check, in any browser,
 * is refused from its next request) and revokes all of their refresh-token families. A
 * sensitive action: a token whose `auth_time` is old needs the password in the body first.
 */
export async function POST(request: NextRequest) {
  if (isCrossOriginWrite(request)) return jsonError(403, CROSS_ORIGIN_MESSAGE);
  return answerStoreOutage(request, async () => {
    const auth = await authenticateJwt(request.headers, credentialCookieValue(request.headers, JWT_COOKIE), request);
    if (!auth.ok) return refusedJwtResponse(auth);
    const stepUp = await stepUpForRoute(request, auth.user.id, auth.claims, auth.verifiedAtMs);
    if (stepUp) return stepUp;
    // One write for both: a store failing half-way must not leave the refresh families alive
    // behind the new version (a thief's refresh token would mint fresh access tokens).
    const { ops, families } = await revokeAllRefreshFamiliesOps(defaultRefreshDeps(), auth.user.id);
    await revokeAllTokensForUser(getStore(), auth.user.id, Date.now(), ops);
    const response = NextResponse.json({ ok: true, refreshFamiliesRevoked: families }, { headers: NO_STORE });
    clearJwtCookies(response, JWT_ROUTES.api.refresh);
    return response;
  }, SIGN_OUT_STORE_UNAVAILABLE_MESSAGE);
}
