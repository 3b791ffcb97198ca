import { credentialCookieValue } from "@/lib/cookies";
import { NextResponse, type NextRequest } from "next/server";
import { authenticateJwt } from "@/app/jwt/gate";
import { JWT_COOKIE } from "@/lib/jwt";
import { NO_STORE, answerStoreOutage, refusedCredentialResponse } from "@/lib/http";

/** The signed-in user from a browser cookie or, for non-browser clients, `Authorization: Bearer`. */
export async function GET(request: NextRequest) {
  return answerStoreOutage(request, async () => {
    const auth = await authenticateJwt(request.headers, credentialCookieValue(request.headers, JWT_COOKIE));
    if (!auth.ok) return refusedCredentialResponse(auth.reason);
    return NextResponse.json({ user: auth.user, expiresAt: new Date(auth.claims.exp * 1000).toISOString() }, { headers: NO_STORE });
  });
}
