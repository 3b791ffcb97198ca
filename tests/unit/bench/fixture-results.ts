import type { FloodFigure, LoadFigure, MicroFigure, PairedFigure, PeerFigure, Results, ScaleFigure } from "@/bench/results";

/**
 * Bench results made by hand, every figure a target is judged on on the right side of its
 * threshold (with room): tests move one figure at a time across a line.
 */
export type Measured = Omit<Results, "targets">;

const load = (id: string, figures: Partial<LoadFigure> = {}): LoadFigure => ({
  id,
  label: id,
  lane: "jwt",
  runtime: "edge",
  requestsPerSecond: 100,
  p50Ms: 50,
  p99Ms: 90,
  non2xx: 0,
  errors: 0,
  storeRoundTripsPerRequest: null,
  storeCommandsPerRequest: null,
  storeGetsPerRequest: null,
  reference: null,
  ratioP50: null,
  ratioThroughput: null,
  ...figures,
});

const paired = (id: string, reference: string, { p50 = 1, throughput = 1, serverCpuMs = 2 } = {}): PairedFigure => ({
  id,
  label: id,
  reference,
  referenceLabel: reference,
  rounds: 3,
  requestsPerSecond: 100 * throughput,
  p50Ms: 50 * p50,
  referenceRequestsPerSecond: 100,
  referenceP50Ms: 50,
  ratiosP50: [p50, p50, p50],
  ratiosThroughput: [throughput, throughput, throughput],
  ratioP50: p50,
  ratioThroughput: throughput,
  failedRequests: 0,
  cpuMsPerRequest: { server: serverCpuMs, redis: 0, bench: 0.1 },
  referenceCpuMsPerRequest: { server: 2, redis: 0, bench: 0.1 },
});

const micro = (id: string, microsPerOp: number): MicroFigure => ({ id, label: id, microsPerOp, ratioToFloor: microsPerOp / 5 });
const peer = (id: string, microsPerOp: number, ours: number): PeerFigure => ({ id, label: id, microsPerOp, ours: "ours", oursMicrosPerOp: ours, ratio: ours / microsPerOp });

export function passingResults(): Measured {
  const flood: FloodFigure = { id: "refused-sign-ins", label: "refused sign-ins", count: 20_000, seconds: 50, rssGrowthBytes: 2 ** 20, heapGrowthBytes: 0, storeKeysGrowth: 0, answers: { 429: 20_000 } };
  const scale: ScaleFigure[] = [
    { sessionsStored: 10_000, listMs: 2, evictAtLoginMs: 4, seedsKeysScanMs: 1 },
    { sessionsStored: 1_000_000, listMs: 2.2, evictAtLoginMs: 4.2, seedsKeysScanMs: 500 },
  ];
  return {
    date: "2026-01-01T00:00:00.000Z",
    quick: false,
    machine: { cpu: "test CPU", cores: 2, memoryGiB: 8, node: "v20.0.0", platform: "linux x64" },
    versions: { next: "16" },
    load: [
      load("jwt-page", { requestsPerSecond: 120 }),
      load("authjs-page", { lane: "authjs", requestsPerSecond: 50 }),
      load("session-page-redis", { lane: "session", storeGetsPerRequest: 1, storeCommandsPerRequest: 1, storeRoundTripsPerRequest: 1 }),
      load("session-page-redis-edge", { lane: "session", storeGetsPerRequest: 2, storeCommandsPerRequest: 2, storeRoundTripsPerRequest: 2 }),
      load("better-auth-api", { lane: "better-auth", storeCommandsPerRequest: 2, storeRoundTripsPerRequest: 2 }),
      load("better-auth-api-cookie-cache", { lane: "better-auth", storeCommandsPerRequest: 0, storeRoundTripsPerRequest: 0 }),
    ],
    paired: [
      paired("jwt-page", "passthrough"),
      paired("jwt-api-cookie", "session-api-memory", { throughput: 1.05 }),
      paired("jwt-page-checked-redis", "redis-passthrough"),
      paired("session-page-redis-edge", "redis-passthrough"),
      paired("session-page-redis", "redis-node-only-passthrough"),
      paired("session-page-tcp", "redis-tcp-passthrough"),
      paired("session-api-tcp", "session-api-memory"),
      { ...paired("round-trips-memory", "round-trips-memory-none", { serverCpuMs: 2.08 }), extraRoundTripsPerRequest: 8 },
      { ...paired("round-trips-tcp", "round-trips-tcp-none", { serverCpuMs: 2.8 }), extraRoundTripsPerRequest: 8 },
      { ...paired("round-trips-rest", "round-trips-rest-none", { serverCpuMs: 20 }), extraRoundTripsPerRequest: 8 },
      // Better Auth's getSession costs 1 ms more than ours (3 vs 2): the lane's API may cost (2 + 1) × 1.1.
      paired("peer-better-auth", "peer-ours-session", { serverCpuMs: 3 }),
      paired("peer-better-auth-cookie-cache", "peer-ours-session", { serverCpuMs: 3 }),
      paired("better-auth-api", "session-api-memory", { serverCpuMs: 2.5 }),
      paired("better-auth-api-cookie-cache", "session-api-memory", { serverCpuMs: 2.5 }),
    ],
    runtimes: [],
    micro: [micro("floor", 5), micro("lib-jwt", 40), micro("lib-jwt-seen", 0.2), micro("jose-raw", 60), micro("authjs", 500), micro("session-memory", 40)],
    peers: [peer("iron-session-unseal", 400, 40), peer("better-auth-session", 600, 40)],
    floods: [flood],
    scale,
    cookies: [],
    startedPids: [],
  };
}
