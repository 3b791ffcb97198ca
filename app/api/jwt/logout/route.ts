import { credentialCookieValue } from "@/lib/cookies";
import { NextResponse, type NextRequest } from "next/server";
import { JWT_COOKIE, verifyAccessToken } from "@/lib/jwt";
import { denylistOp } from "@/lib/jwt/revocation";
import { clearJwtCookies } from "@/lib/jwt/issue";
import { defaultRefreshDeps, revokeRefreshFamilyOps } from "@/lib/jwt/refresh";
import { getStore } from "@/lib/store";
import { JWT_ROUTES } from "@/app/jwt/routes";
import { authenticateJwt, refusedJwtResponse } from "@/app/jwt/gate";
import { CROSS_ORIGIN_MESSAGE, NO_STORE, SIGN_OUT_STORE_UNAVAILABLE_MESSAGE, answerStoreOutage, isCrossOriginWrite, jsonError } from "@/lib/http";

// #region jwt-logout-route
/**
 * Clears the cookies, and does what the token's revocation checks allow: denylist its jti,
 * revoke its refresh-token family. A plain JWT (no checks) gets nothing but the cleared
 * cookie: a copy taken before this call stays valid until its `exp`. A key-bound (DPoP) token
 * never lives in a cookie: one found there is a copy without the key, and revokes nothing; sent
 * as `Authorization: DPoP` with a proof of the key, it ends its own family.
 */
export async function POST(request: NextRequest) {
  if (isCrossOriginWrite(request)) return jsonError(403, CROSS_ORIGIN_MESSAGE);
  return answerStoreOutage(request, async () => {
    // A script with a key-bound token signs out with it and a proof: it holds the key, so it
    // ends its own sign-in (never a sensitive action: no password needed).
    const dpop = /^DPoP\s/i.test(request.headers.get("authorization") ?? "") ? await authenticateJwt(request.headers, undefined, request) : null;
    if (dpop && !dpop.ok) return refusedJwtResponse(dpop);
    const result = dpop?.ok ? null : await verifyAccessToken(credentialCookieValue(request.headers, JWT_COOKIE));
    const authentic = dpop?.ok ? dpop.claims : result?.ok ? result.claims : result?.expiredClaims;
    const claims = authentic?.cnf && !dpop?.ok ? undefined : authentic;
    const deny = claims ? denylistOp(claims, Date.now()) : null;
    // One write for both: all of the sign-out, or (the store failing) none of it and a 503.
    const ops = [...(deny ? [deny] : []), ...(claims?.fam ? revokeRefreshFamilyOps(defaultRefreshDeps(), claims.sub, claims.fam) : [])];
    if (ops.length > 0) await getStore().write(ops);
    const response = NextResponse.json({ ok: true, revoked: { jti: deny !== null, refreshFamily: Boolean(claims?.fam) } }, { headers: NO_STORE });
    clearJwtCookies(response, JWT_ROUTES.api.refresh);
    return response;
  }, SIGN_OUT_STORE_UNAVAILABLE_MESSAGE);
}
// #endregion jwt-logout-route
