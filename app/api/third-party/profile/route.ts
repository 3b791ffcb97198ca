import { NextResponse } from "next/server";
import { publicJwks, thirdPartyChallenge, thirdPartySettingsFromConfig, verifyThirdPartyToken } from "@/lib/third-party/token";
import { NO_STORE } from "@/lib/http";

/**
 * Plays the third party: an API that trusts our short-lived tokens and nothing else. It
 * uses only the public JWKS (the same document /.well-known/jwks.json serves) and the
 * expected issuer and audience: no shared secret, no session store.
 */
export async function GET(request: Request) {
  const token = /^Bearer\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "")?.[1];
  const { issuer, audience } = thirdPartySettingsFromConfig();
  const result = await verifyThirdPartyToken(token, publicJwks(), { issuer, audience });
  if (!result.ok) {
    return NextResponse.json(
      { error: "Token refused by the third party.", reason: result.reason },
      { status: 401, headers: { ...NO_STORE, "www-authenticate": thirdPartyChallenge(result.reason) } },
    );
  }
  const { sub, role, scope, exp } = result.payload;
  return NextResponse.json({ sub, role, scope, expiresAt: (exp ?? 0) * 1000, verifiedWithKid: result.kid }, { headers: NO_STORE });
}
