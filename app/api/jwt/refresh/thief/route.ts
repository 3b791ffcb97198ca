import { NextResponse, type NextRequest } from "next/server";
import { credentialCookieValue } from "@/lib/cookies";
import { REFRESH_FAILURE_MESSAGES, defaultRefreshDeps, refreshTokenFamily, rotateRefreshToken } from "@/lib/jwt/refresh";
import { CROSS_ORIGIN_MESSAGE, NO_STORE, answerStoreOutage, isCrossOriginWrite, jsonError, storeUnavailableResponse } from "@/lib/http";
import { THIEF_COPY_COOKIE, familyViewOf, type ThiefAnswer } from "@/app/jwt/refresh-demo";

/**
 * DEMO ONLY: the thief presents its copy of a spent refresh token (app/jwt/refresh-demo.ts)
 * to the real refresh check. Whatever it wins goes to the thief, not into this browser's
 * cookies; the answer says what the server did and what became of the family.
 */
export async function POST(request: NextRequest) {
  if (isCrossOriginWrite(request)) return jsonError(403, CROSS_ORIGIN_MESSAGE);
  const copy = credentialCookieValue(request.headers, THIEF_COPY_COOKIE);
  const deps = defaultRefreshDeps();
  const named = await refreshTokenFamily(deps, copy);
  if (!copy || !named) {
    return jsonError(409, "The thief has no copy yet: press \u201crefresh now\u201d first, and the thief copies the token it spends.");
  }
  return answerStoreOutage(request, async () => {
    const result = await rotateRefreshToken(deps, copy);
    if (!result.ok && result.reason === "store-unavailable") return storeUnavailableResponse(request);
    const grace = result.ok && result.newToken === null;
    const answer: ThiefAnswer = {
      accepted: result.ok,
      grace,
      thiefHolds: named.generation,
      family: await familyViewOf(named.familyId),
      message: result.ok
        ? grace
          ? `R${named.generation} was accepted inside the grace window: the server cannot tell the thief from a second tab, so it answered once more (an access token, no new refresh token). Replay it again and it is reuse.`
          : `R${named.generation} was still current: the thief rotated it, and your next refresh will be the reuse.`
        : result.reason === "reused"
          ? `R${named.generation} was already spent: reuse detected, so the server revoked the whole family, and the thief holds nothing that works.`
          : REFRESH_FAILURE_MESSAGES[result.reason],
    };
    return NextResponse.json(answer, { headers: NO_STORE });
  });
}
