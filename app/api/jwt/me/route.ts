import { credentialCookieValue } from "@/lib/cookies";
import { NextResponse, type NextRequest } from "next/server";
import { authenticateJwt, refusedJwtResponse } from "@/app/jwt/gate";
import { JWT_COOKIE } from "@/lib/jwt";
import { NO_STORE, answerStoreOutage } from "@/lib/http";

/** The signed-in user from a browser cookie or, for non-browser clients, `Authorization: Bearer` (or `DPoP` with a proof). */
export async function GET(request: NextRequest) {
  return answerStoreOutage(request, async () => {
    const auth = await authenticateJwt(request.headers, credentialCookieValue(request.headers, JWT_COOKIE), request);
    if (!auth.ok) return refusedJwtResponse(auth);
    return NextResponse.json({ user: auth.user, expiresAt: new Date(auth.claims.exp * 1000).toISOString() }, { headers: NO_STORE });
  });
}
