import { credentialCookieValue } from "@/lib/cookies";
import { NextResponse, type NextRequest } from "next/server";
import { SESSION_COOKIE, defaultSessionDeps, invalidateSession } from "@/lib/session";
import { EXPIRED_COOKIE_OPTIONS } from "@/lib/cookies";
import { CROSS_ORIGIN_MESSAGE, NO_STORE, SIGN_OUT_STORE_UNAVAILABLE_MESSAGE, answerStoreOutage, isCrossOriginWrite, jsonError } from "@/lib/http";

/**
 * Deletes the record and its index entry: a copy of the cookie is worthless from now on.
 * If the store is down the answer is 503 and the cookie stays: clearing only the cookie
 * would look like a logout while the session lived on in the store.
 */
export async function POST(request: NextRequest) {
  if (isCrossOriginWrite(request)) return jsonError(403, CROSS_ORIGIN_MESSAGE);
  return answerStoreOutage(request, async () => {
    await invalidateSession(defaultSessionDeps(), credentialCookieValue(request.headers, SESSION_COOKIE));
    const response = NextResponse.json({ ok: true }, { headers: NO_STORE });
    response.cookies.set(SESSION_COOKIE, "", EXPIRED_COOKIE_OPTIONS);
    return response;
  }, SIGN_OUT_STORE_UNAVAILABLE_MESSAGE);
}
