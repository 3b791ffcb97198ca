/**
 * The /jwt API from a non-browser client with DPoP-bound tokens (RFC 9449), next to
 * scripts/bearer-demo.sh: the key pair lives in this process (WebCrypto, the private key not
 * extractable), every request carries a fresh proof signed with it (the `dpop` package), and
 * the tokens are useless to anyone without the key. The client itself is
 * scripts/lib/dpop-client.ts (the benchmark and the production-topology test use it too).
 *
 * Usage: npx tsx scripts/dpop-demo.ts [base URL]   (default http://localhost:3000)
 * Prints one line per step: `<n>. <what> → <status> <reason or result>`.
 * tests/e2e/dpop.spec.ts runs this very script against the test server.
 */
import { callWithProof, dpopUrls, generateKeyPair, generateProof, send, tokenRequest, type Answer } from "./lib/dpop-client";

const { token: TOKEN_URL, me: ME_URL } = dpopUrls(process.argv[2] ?? "http://localhost:3000");

let step = 0;
function report(what: string, answer: Answer, result?: string) {
  step += 1;
  console.log(`${step}. ${what} → ${answer.status} ${String(answer.body.reason ?? result ?? "")}`.trimEnd());
}

async function main() {
  const key = await generateKeyPair("ES256"); // the client's key: only its public half ever leaves this process
  const thiefKey = await generateKeyPair("ES256");

  const signIn = await tokenRequest(TOKEN_URL, key, { username: "bob", password: "battery-staple" });
  report("sign in at /api/jwt/token with a proof of my key", signIn, String(signIn.body.token_type));
  const accessToken = String(signIn.body.access_token);
  const refreshToken = String(signIn.body.refresh_token);

  const proof = await generateProof(key, ME_URL, "GET", undefined, accessToken);
  const me = await callWithProof(ME_URL, accessToken, proof);
  report("GET /api/jwt/me with a fresh proof", me, (me.body.user as { id?: string } | undefined)?.id);

  report("the same token replayed as Bearer, without the key", await send(ME_URL, { method: "GET", headers: { authorization: `Bearer ${accessToken}` } }));
  report("the same token replayed with a proof of the thief's own key", await callWithProof(ME_URL, accessToken, await generateProof(thiefKey, ME_URL, "GET", undefined, accessToken)));
  report("the same proof replayed", await callWithProof(ME_URL, accessToken, proof));

  const refreshed = await tokenRequest(TOKEN_URL, key, { grant_type: "refresh_token", refresh_token: refreshToken });
  report("refresh with a fresh proof of my key", refreshed, refreshed.body.refresh_token ? "rotated" : undefined);
  const newRefreshToken = String(refreshed.body.refresh_token);

  report("refresh with a proof of another key", await tokenRequest(TOKEN_URL, thiefKey, { grant_type: "refresh_token", refresh_token: newRefreshToken }));
  const newAccessToken = String(refreshed.body.access_token);
  const after = await callWithProof(ME_URL, newAccessToken, await generateProof(key, ME_URL, "GET", undefined, newAccessToken));
  report("GET /api/jwt/me with the refreshed token and my key", after, (after.body.user as { id?: string } | undefined)?.id);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
