/** The target table: what `npm run bench` judges MET or MISSED, each on the figure its name states. */
import type { LoadFigure, Results, Target } from "./results";

export function targetsFor(r: Omit<Results, "targets">): Target[] {
  const figure = (id: string) => r.load.find((f) => f.id === id)!;
  const microOf = (id: string) => r.micro.find((m) => m.id === id)!;
  const peerOf = (id: string) => r.peers.find((p) => p.id === id)!;
  const x = (n: number | null) => `${(n ?? NaN).toFixed(2)}×`;
  const atMost = (n: number | null, limit: number) => n !== null && Number.isFinite(n) && n <= limit;
  const atLeast = (n: number | null, limit: number) => n !== null && Number.isFinite(n) && n >= limit;
  const exactly = (n: number | null, value: number) => n !== null && Math.abs(n - value) < 0.01;
  // Ratios are judged on the paired runs (median of the rounds); counts on the load runs.
  const pairedOf = (id: string) => r.paired?.find((p) => p.id === id);
  const ratio = (id: string, key: "ratioP50" | "ratioThroughput") => pairedOf(id)?.[key] ?? null;
  const rounds = (id: string, key: "ratiosP50" | "ratiosThroughput") => {
    const p = pairedOf(id);
    return p ? `${x(p[key === "ratiosP50" ? "ratioP50" : "ratioThroughput"])} (median of ${p[key].map((n) => n.toFixed(2)).join(", ")})` : "not measured";
  };
  const jwtPage = figure("jwt-page");
  const [sessionRedis, sessionRedisEdge] = [figure("session-page-redis"), figure("session-page-redis-edge")];
  const first = r.scale[0];
  const last = r.scale[r.scale.length - 1];
  const flat = (a: number, b: number) => b / a;
  const us = (n: number) => `${n.toFixed(1)} µs`;
  // The lookups (GET), and every command (the rest are sliding-expiry writes, ≤ 1 a minute per session).
  const lookups = (f: LoadFigure) => `${(f.storeGetsPerRequest ?? NaN).toFixed(2)} GET, ${(f.storeCommandsPerRequest ?? NaN).toFixed(2)} commands in all`;
  const refusedFlood = r.floods.find((f) => f.id === "refused-sign-ins")!;
  const apiPair = pairedOf("jwt-api-cookie");
  const [libJwt, iron, jwe] = [microOf("lib-jwt").microsPerOp, peerOf("iron-session-unseal").microsPerOp, microOf("authjs").microsPerOp];
  const [ourSession, betterAuth] = [microOf("session-memory").microsPerOp, peerOf("better-auth-session").microsPerOp];
  return [
    { name: "JWT guard vs passthrough (plain JWT): p50 ≤ 1.10×", figure: rounds("jwt-page", "ratiosP50"), met: atMost(ratio("jwt-page", "ratioP50"), 1.1) },
    { name: "JWT guard vs passthrough (plain JWT): throughput ≥ 0.90×", figure: rounds("jwt-page", "ratiosThroughput"), met: atLeast(ratio("jwt-page", "ratioThroughput"), 0.9) },
    { name: "JWT guard vs passthrough (jti + version checks on Redis): p50 ≤ 1.10×", figure: rounds("jwt-page-checked-redis", "ratiosP50"), met: atMost(ratio("jwt-page-checked-redis", "ratioP50"), 1.1) },
    { name: "JWT guard vs passthrough (jti + version checks on Redis): throughput ≥ 0.90×", figure: rounds("jwt-page-checked-redis", "ratiosThroughput"), met: atLeast(ratio("jwt-page-checked-redis", "ratioThroughput"), 0.9) },
    {
      name: "/api/jwt/me (plain JWT) throughput ≥ 0.95× /api/session/me (memory)",
      figure: apiPair ? `${rounds("jwt-api-cookie", "ratiosThroughput")}; ${apiPair.requestsPerSecond.toFixed(0)} vs ${apiPair.referenceRequestsPerSecond.toFixed(0)} req/s` : "not measured",
      met: atLeast(ratio("jwt-api-cookie", "ratioThroughput"), 0.95),
    },
    { name: "session lookup: 1 store command per request without the Edge lookup (Redis, stand-in)", figure: lookups(sessionRedis), met: exactly(sessionRedis.storeGetsPerRequest, 1) && atMost(sessionRedis.storeCommandsPerRequest, 1.01) },
    { name: "session lookup: 2 store commands per request with the Edge lookup (Redis, stand-in)", figure: lookups(sessionRedisEdge), met: exactly(sessionRedisEdge.storeGetsPerRequest, 2) && atMost(sessionRedisEdge.storeCommandsPerRequest, 2.01) },
    { name: "Redis session page p50 ≤ 1.25× passthrough (without the Edge lookup)", figure: rounds("session-page-redis", "ratiosP50"), met: atMost(ratio("session-page-redis", "ratioP50"), 1.25) },
    { name: "Redis session page p50 ≤ 1.25× passthrough (with the Edge lookup, the default)", figure: rounds("session-page-redis-edge", "ratiosP50"), met: atMost(ratio("session-page-redis-edge", "ratioP50"), 1.25) },
    { name: "stateless, per operation: lib/jwt.ts verify < iron-session unseal < Auth.js JWE decode", figure: `${us(libJwt)} < ${us(iron)} < ${us(jwe)}`, met: libJwt < iron && iron < jwe },
    { name: "stateful, per operation: our session validate < Better Auth getSession (no cookie cache)", figure: `${us(ourSession)} < ${us(betterAuth)}`, met: ourSession < betterAuth },
    { name: `floods: ≤ 2 MB RSS growth for ${refusedFlood.count.toLocaleString("en")} refused sign-ins`, figure: `${(refusedFlood.rssGrowthBytes / 2 ** 20).toFixed(2)} MB (heap: ${(refusedFlood.heapGrowthBytes / 2 ** 20).toFixed(2)} MB)`, met: refusedFlood.rssGrowthBytes <= 2 * 2 ** 20 },
    { name: "lib/jwt.ts verify (in full) ≤ 50 µs", figure: us(libJwt), met: libJwt <= 50 },
    { name: "lib/jwt.ts verify (in full) within 10× the HMAC floor", figure: x(microOf("lib-jwt").ratioToFloor), met: atMost(microOf("lib-jwt").ratioToFloor, 10) },
    { name: "lib/jwt.ts verify of a token seen before within 10× the HMAC floor", figure: x(microOf("lib-jwt-seen").ratioToFloor), met: atMost(microOf("lib-jwt-seen").ratioToFloor, 10) },
    { name: "lib/jwt.ts faster than jose with raw-byte keys", figure: `${us(libJwt)} vs ${us(microOf("jose-raw").microsPerOp)}`, met: libJwt < microOf("jose-raw").microsPerOp },
    { name: "hand-written JWT lane faster than Auth.js (JWE decrypt + key derivation)", figure: `${jwtPage.requestsPerSecond.toFixed(0)} vs ${figure("authjs-page").requestsPerSecond.toFixed(0)} req/s`, met: jwtPage.requestsPerSecond > figure("authjs-page").requestsPerSecond },
    { name: `device list flat from ${first.sessionsStored.toLocaleString("en")} to ${last.sessionsStored.toLocaleString("en")} sessions (≤ 1.5×)`, figure: `${flat(first.listMs, last.listMs).toFixed(2)}× (KEYS: ${flat(first.seedsKeysScanMs, last.seedsKeysScanMs).toFixed(1)}×)`, met: flat(first.listMs, last.listMs) <= 1.5 },
    { name: "login with eviction flat (≤ 1.5×)", figure: `${flat(first.evictAtLoginMs, last.evictAtLoginMs).toFixed(2)}×`, met: flat(first.evictAtLoginMs, last.evictAtLoginMs) <= 1.5 },
  ];
}
