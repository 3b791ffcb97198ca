import { NextResponse, type NextRequest } from "next/server";
import { credentialCookieValue } from "@/lib/cookies";
import { JWT_REFRESH_COOKIE } from "@/lib/jwt/issue";
import { REFRESH_FAILURE_MESSAGES, refreshTokenFamily } from "@/lib/jwt/refresh";
import { jwtConfig } from "@/lib/jwt";
import { CROSS_ORIGIN_MESSAGE, NO_STORE, answerStoreOutage, isCrossOriginWrite, jsonError } from "@/lib/http";
import { exchangeRefreshToken, interruptedRefresh, withRefreshedCookies } from "@/app/jwt/refresh-exchange";
import { THIEF_COPY_COOKIE, accessExpiresAtMs, familyViewOf, thiefCopyCookieOptions, type RefreshNowAnswer } from "@/app/jwt/refresh-demo";

/**
 * DEMO ONLY: the dashboard's "refresh now". The same exchange as POST /api/jwt/refresh, and
 * the answer says what became of the family. The first time it spends a token of this
 * family, a thief keeps a copy of the spent token (app/jwt/refresh-demo.ts).
 */
export async function POST(request: NextRequest) {
  if (isCrossOriginWrite(request)) return jsonError(403, CROSS_ORIGIN_MESSAGE);
  const keys = jwtConfig(); // the current and previous secrets
  const spent = credentialCookieValue(request.headers, JWT_REFRESH_COOKIE);
  return answerStoreOutage(request, async () => {
    const refreshed = await exchangeRefreshToken(request);
    if (!refreshed.ok && refreshed.reason === "store-unavailable") return interruptedRefresh(request, refreshed.newRefreshToken);

    const spentNames = await refreshTokenFamily(keys, spent);
    const familyId = refreshed.ok ? refreshed.familyId : spentNames?.familyId;
    const held = await refreshTokenFamily(keys, credentialCookieValue(request.headers, THIEF_COPY_COOKIE));
    // The thief copies a spent token once per family: a copy of another sign-in's token is replaced.
    const copies = refreshed.ok && refreshed.newRefreshToken !== null && spent && spentNames && held?.familyId !== familyId;
    const thiefHolds = copies ? spentNames.generation : held && held.familyId === familyId ? held.generation : null;
    const family = familyId ? await familyViewOf(familyId) : null;

    const answer: RefreshNowAnswer = refreshed.ok
      ? {
          ok: true, family, thiefHolds, accessExpiresAtMs: accessExpiresAtMs(refreshed.accessToken),
          message: refreshed.newRefreshToken
            ? `Refreshed: R${spentNames?.generation ?? "?"} was spent for R${(spentNames?.generation ?? -1) + 1} and a new access token.${copies ? ` The demo kept a copy of R${spentNames?.generation}, as a thief would: “Replay an old refresh token” sends it.` : ""}`
            : "Refreshed inside the grace window: a new access token, and no new refresh token.",
        }
      : { ok: false, family, thiefHolds, message: REFRESH_FAILURE_MESSAGES[refreshed.reason] };
    const response = withRefreshedCookies(NextResponse.json(answer, { status: refreshed.ok ? 200 : 401, headers: NO_STORE }), refreshed);
    if (copies) response.cookies.set(THIEF_COPY_COOKIE, spent, thiefCopyCookieOptions());
    return response;
  });
}
