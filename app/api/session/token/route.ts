import { credentialCookieValue } from "@/lib/cookies";
import { NextResponse, type NextRequest } from "next/server";
import { authenticateSession } from "@/app/session/gate";
import { SESSION_COOKIE } from "@/lib/session";
import { mintThirdPartyToken, thirdPartySettingsFromConfig } from "@/lib/third-party/token";
import { CROSS_ORIGIN_MESSAGE, NO_STORE, answerStoreOutage, isCrossOriginWrite, jsonError, refusedCredentialResponse } from "@/lib/http";
import { logAuthEvent } from "@/lib/log";

/**
 * A signed-in session asks for a 5-minute token to hand to a third party. The answer is in
 * the body on purpose: the page passes it on to the other service as a Bearer token; it is
 * not this app's own credential and opens nothing here.
 */
export async function POST(request: NextRequest) {
  if (isCrossOriginWrite(request)) return jsonError(403, CROSS_ORIGIN_MESSAGE);
  return answerStoreOutage(request, async () => {
    const auth = await authenticateSession(credentialCookieValue(request.headers, SESSION_COOKIE));
    if (!auth.ok) return refusedCredentialResponse(auth.reason);
    const settings = thirdPartySettingsFromConfig();
    const minted = await mintThirdPartyToken(auth.user, settings);
    logAuthEvent("third-party.token", { user: auth.user.id, kid: minted.kid });
    return NextResponse.json({ ...minted, tokenType: "Bearer", audience: settings.audience }, { headers: NO_STORE });
  });
}
