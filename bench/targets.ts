/**
 * The target table: what `npm run bench` judges MET or MISSED, each on the figure its name
 * states. A figure that is missing is MISSED, never MET, and the row says which one.
 */
import { MissingFigure, figuresOf, need } from "./figures";
import type { PairedFigure, Results, Target } from "./results";

/** One row of the table; MISSED, saying what is missing, when a figure it needs is not there. */
function judge(name: string, verdict: () => { figure: string; met: boolean }): Target {
  try {
    const { figure, met } = verdict();
    return { name, figure, met };
  } catch (error) {
    if (!(error instanceof MissingFigure)) throw error;
    return { name, figure: `not measured: ${error.message}`, met: false };
  }
}

const MB = 2 ** 20;
const x = (n: number | null) => `${(n ?? NaN).toFixed(2)}×`;
const us = (n: number) => `${n.toFixed(1)} µs`;
const atMost = (n: number | null, limit: number) => n !== null && Number.isFinite(n) && n <= limit;
const atLeast = (n: number | null, limit: number) => n !== null && Number.isFinite(n) && n >= limit;
const exactly = (n: number | null, value: number) => n !== null && Math.abs(n - value) < 0.01;
/** How much a figure grew from the smallest stored size to the largest (1 = flat). */
const flat = (a: number, b: number) => b / a;

/** A paired ratio (the median of the rounds), with every round shown. */
function rounds(p: PairedFigure, ratio: "p50" | "throughput"): string {
  const [median, each] = ratio === "p50" ? [p.ratioP50, p.ratiosP50] : [p.ratioThroughput, p.ratiosThroughput];
  return `${x(median)} (median of ${each.map((n) => n.toFixed(2)).join(", ")})`;
}

export function targetsFor(r: Omit<Results, "targets">): Target[] {
  // Ratios are judged on the paired runs (median of the rounds); counts on the load runs.
  const { load, paired, micro, peer, flood, roundTripCpuMs } = figuresOf(r);
  const microsPerOp = (id: string) => micro(id).microsPerOp;
  const toFloor = (id: string) => need(micro(id).ratioToFloor, `no HMAC-floor ratio for "${id}"`);

  const p50AtMost = (name: string, id: string, limit: number) =>
    judge(name, () => ({ figure: rounds(paired(id), "p50"), met: atMost(paired(id).ratioP50, limit) }));
  const throughputAtLeast = (name: string, id: string, limit: number) =>
    judge(name, () => ({ figure: rounds(paired(id), "throughput"), met: atLeast(paired(id).ratioThroughput, limit) }));
  // The lookups (GET), and every command (the rest are sliding-expiry writes, ≤ 1 a minute per session).
  const sessionLookups = (name: string, id: string, lookups: number, commandsAtMost: number) =>
    judge(name, () => {
      const f = load(id);
      const gets = need(f.storeGetsPerRequest, `no GET count for "${id}"`);
      const all = need(f.storeCommandsPerRequest, `no command count for "${id}"`);
      return { figure: `${gets.toFixed(2)} GET, ${all.toFixed(2)} commands in all`, met: exactly(gets, lookups) && atMost(all, commandsAtMost) };
    });

  // The Better Auth lane's API on top of our session lane's: its app-server CPU per request may
  // exceed /api/session/me's (paired) by what Better Auth's getSession costs more than our
  // validate (the peers' pair, in a route handler of their own), and 10% more.
  const betterAuthCpu = (name: string, id: string, peerId: string) =>
    judge(name, () => {
      const [ours, betterAuth] = [paired(id), paired(peerId)];
      const lane = need(ours.cpuMsPerRequest.server, `no app-server CPU for "${ours.id}"`);
      const session = need(ours.referenceCpuMsPerRequest.server, `no app-server CPU for "${ours.reference}"`);
      const getSessionExtra = need(betterAuth.cpuMsPerRequest.server, `no app-server CPU for "${betterAuth.id}"`) - need(betterAuth.referenceCpuMsPerRequest.server, `no app-server CPU for "${betterAuth.reference}"`);
      const limit = (session + getSessionExtra) * 1.1;
      return { figure: `${lane.toFixed(2)} ms ≤ (${session.toFixed(2)} + ${getSessionExtra.toFixed(2)}) × 1.10 = ${limit.toFixed(2)} ms`, met: atMost(lane, limit) };
    });
  const roundTrips = (name: string, id: string, expected: number) =>
    judge(name, () => {
      const n = need(load(id).storeRoundTripsPerRequest, `no store count for "${id}"`);
      return { figure: `${n.toFixed(2)} store round trips per request`, met: exactly(n, expected) };
    });

  const refusedFlood = r.floods.find((f) => f.id === "refused-sign-ins");
  const [first, last] = [r.scale[0], r.scale[r.scale.length - 1]];
  const scaled = () => need(r.scale.length >= 2 ? { first, last } : null, "the per-user operations were not timed at two stored sizes");

  return [
    p50AtMost("JWT guard vs passthrough (plain JWT): p50 ≤ 1.10×", "jwt-page", 1.1),
    throughputAtLeast("JWT guard vs passthrough (plain JWT): throughput ≥ 0.90×", "jwt-page", 0.9),
    p50AtMost("JWT guard vs passthrough (jti + version checks on Redis): p50 ≤ 1.10×", "jwt-page-checked-redis", 1.1),
    throughputAtLeast("JWT guard vs passthrough (jti + version checks on Redis): throughput ≥ 0.90×", "jwt-page-checked-redis", 0.9),
    judge("/api/jwt/me (plain JWT) throughput ≥ 0.95× /api/session/me (memory)", () => {
      const p = paired("jwt-api-cookie");
      return { figure: `${rounds(p, "throughput")}; ${p.requestsPerSecond.toFixed(0)} vs ${p.referenceRequestsPerSecond.toFixed(0)} req/s`, met: atLeast(p.ratioThroughput, 0.95) };
    }),
    sessionLookups("session lookup: 1 store command per request without the Edge lookup (Redis, stand-in)", "session-page-redis", 1, 1.01),
    sessionLookups("session lookup: 2 store commands per request with the Edge lookup (Redis, stand-in)", "session-page-redis-edge", 2, 2.01),
    p50AtMost("Redis session page p50 ≤ 1.25× passthrough (without the Edge lookup)", "session-page-redis", 1.25),
    p50AtMost("Redis session page p50 ≤ 1.25× passthrough (with the Edge lookup, the default)", "session-page-redis-edge", 1.25),
    judge("Redis over TCP: ≤ 0.2 ms of app-server CPU per store round trip", () => {
      const [tcp, rest, memory] = [roundTripCpuMs("tcp"), roundTripCpuMs("rest"), roundTripCpuMs("memory")];
      return { figure: `${tcp.toFixed(3)} ms (Upstash REST: ${rest.toFixed(2)} ms; memory: ${memory.toFixed(3)} ms)`, met: atMost(tcp, 0.2) };
    }),
    p50AtMost("Redis over TCP session page p50 ≤ 1.10× passthrough", "session-page-tcp", 1.1),
    throughputAtLeast("/api/session/me on Redis over TCP throughput ≥ 0.90× on the memory store", "session-api-tcp", 0.9),
    judge("stateless, per operation: lib/jwt.ts verify < iron-session unseal < Auth.js JWE decode", () => {
      const [libJwt, iron, jwe] = [microsPerOp("lib-jwt"), peer("iron-session-unseal").microsPerOp, microsPerOp("authjs")];
      return { figure: `${us(libJwt)} < ${us(iron)} < ${us(jwe)}`, met: libJwt < iron && iron < jwe };
    }),
    judge("stateful, per operation: our session validate < Better Auth getSession (no cookie cache)", () => {
      const [ours, betterAuth] = [microsPerOp("session-memory"), peer("better-auth-session").microsPerOp];
      return { figure: `${us(ours)} < ${us(betterAuth)}`, met: ours < betterAuth };
    }),
    judge(`floods: ≤ 2 MB RSS growth for ${refusedFlood ? refusedFlood.count.toLocaleString("en") : "the"} refused sign-ins`, () => {
      const f = flood("refused-sign-ins");
      return { figure: `${(f.rssGrowthBytes / MB).toFixed(2)} MB (heap: ${(f.heapGrowthBytes / MB).toFixed(2)} MB)`, met: f.rssGrowthBytes <= 2 * MB };
    }),
    judge("lib/jwt.ts verify (in full) ≤ 50 µs", () => ({ figure: us(microsPerOp("lib-jwt")), met: microsPerOp("lib-jwt") <= 50 })),
    judge("lib/jwt.ts verify (in full) within 10× the HMAC floor", () => ({ figure: x(toFloor("lib-jwt")), met: atMost(toFloor("lib-jwt"), 10) })),
    judge("lib/jwt.ts verify of a token seen before within 10× the HMAC floor", () => ({ figure: x(toFloor("lib-jwt-seen")), met: atMost(toFloor("lib-jwt-seen"), 10) })),
    judge("lib/jwt.ts faster than jose with raw-byte keys", () => {
      const [libJwt, jose] = [microsPerOp("lib-jwt"), microsPerOp("jose-raw")];
      return { figure: `${us(libJwt)} vs ${us(jose)}`, met: libJwt < jose };
    }),
    judge("hand-written JWT lane faster than Auth.js (JWE decrypt + key derivation)", () => {
      const [jwtPage, authjsPage] = [load("jwt-page"), load("authjs-page")];
      return { figure: `${jwtPage.requestsPerSecond.toFixed(0)} vs ${authjsPage.requestsPerSecond.toFixed(0)} req/s`, met: jwtPage.requestsPerSecond > authjsPage.requestsPerSecond };
    }),
    judge(
      r.scale.length >= 2
        ? `device list flat from ${first.sessionsStored.toLocaleString("en")} to ${last.sessionsStored.toLocaleString("en")} sessions (≤ 1.5×)`
        : "device list flat as the stored sessions grow (≤ 1.5×)",
      () => {
        const { first, last } = scaled();
        const list = flat(first.listMs, last.listMs);
        return { figure: `${list.toFixed(2)}× (KEYS: ${flat(first.seedsKeysScanMs, last.seedsKeysScanMs).toFixed(1)}×)`, met: list <= 1.5 };
      },
    ),
    judge("login with eviction flat (≤ 1.5×)", () => {
      const { first, last } = scaled();
      const evict = flat(first.evictAtLoginMs, last.evictAtLoginMs);
      return { figure: `${evict.toFixed(2)}×`, met: evict <= 1.5 };
    }),
    roundTrips("/api/better-auth/me without the cookie cache: 2 store round trips per request (the session, the user's revoked-before marker)", "better-auth-api", 2),
    roundTrips("/api/better-auth/me with its cookie cache: 0 store round trips per request", "better-auth-api-cookie-cache", 0),
    betterAuthCpu("/api/better-auth/me (no cookie cache) CPU ≤ /api/session/me's + Better Auth getSession's extra, +10%", "better-auth-api", "peer-better-auth"),
    betterAuthCpu("/api/better-auth/me (its cookie cache) CPU ≤ /api/session/me's + Better Auth getSession's extra (cookie cache), +10%", "better-auth-api-cookie-cache", "peer-better-auth-cookie-cache"),
  ];
}
