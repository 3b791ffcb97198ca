import { expect, it } from "vitest";
import { calculateThumbprint, generateKeyPair, generateProof } from "dpop";
import { signAccessToken, verifyAccessToken, jwtSettingsFromConfig } from "@/lib/jwt";
import { checkTokenBinding } from "@/lib/jwt/dpop";
import { UpstashStore } from "@/lib/store/upstash";
import type { KeyValueStore } from "@/lib/store";
import { requireRedisOrExplain, useRedisStandIn, useRedisTcpStore } from "../../support/redis-availability";

/**
 * DPoP's replay cache (a proof's jti, set-if-absent in the store) raced on a real Redis, over
 * both protocols: of many parallel requests with one proof exactly one passes. (The memory
 * store's race is in tests/unit/jwt/dpop.test.ts, which the JWT pattern's copy runs.)
 */
const ORIGIN = "https://app.test";
const HEADERS = { host: "app.test", "x-forwarded-proto": "https" };

async function raceOneProof(store: KeyValueStore, trials: number, parallel: number) {
  const keys = await generateKeyPair("ES256");
  const token = await signAccessToken({ id: "bob", role: "user" }, jwtSettingsFromConfig(), Date.now(), { extraClaims: { cnf: { jkt: await calculateThumbprint(keys.publicKey) } } });
  const verdict = await verifyAccessToken(token);
  if (!verdict.ok) throw new Error(verdict.reason);
  for (let trial = 0; trial < trials; trial++) {
    const proof = await generateProof(keys, `${ORIGIN}/api/jwt/me`, "GET", undefined, token);
    const headers = new Headers({ ...HEADERS, authorization: `DPoP ${token}`, dpop: proof });
    const results = await Promise.all(
      Array.from({ length: parallel }, () => checkTokenBinding(store, token, verdict.claims, headers, { method: "GET", url: "http://localhost:3000/api/jwt/me" })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.reason === "replayed-proof")).toHaveLength(parallel - 1);
  }
}

const RACE_TIMEOUT_MS = 60_000; // 500 store round trips: a bound on a hang, not a speed target

requireRedisOrExplain("the DPoP replay cache on a real Redis", () => {
  const tcp = useRedisTcpStore();
  it("over TCP: of 20 parallel uses of one proof exactly one is accepted, 25 trials", async () => {
    await raceOneProof(tcp.store, 25, 20);
  }, RACE_TIMEOUT_MS);

  const TOKEN = "dpop-race-token";
  const running = useRedisStandIn(TOKEN);
  it("over REST (Upstash's API, through the stand-in): the same, 25 trials", async () => {
    await raceOneProof(UpstashStore.connect(running.standIn.url, TOKEN), 25, 20);
  }, RACE_TIMEOUT_MS);
});
