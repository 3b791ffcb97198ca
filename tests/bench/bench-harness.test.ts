import { BETTER_AUTH_BENCH } from "@/app/compare/facts";
import { beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { readFileSync } from "node:fs";
import type { Results } from "../../bench/report";
import { QUICK_RUN } from "../../bench/options";
import { median } from "../../bench/rounds";

/**
 * The benchmark harness itself, in CI: a `--quick` run must produce every scenario with
 * positive figures and leave nothing running. Its numbers are not asserted (a shared CI
 * machine is no place for timing assertions); `npm run bench` prints them.
 */
const OUT = ".test-output/bench-quick";
const QUICK_ROUNDS = QUICK_RUN.microRounds;
const SCENARIOS = [
  "baseline",
  "passthrough",
  "jwt-page",
  "jwt-page-checked",
  "session-page-memory",
  "authjs-page",
  "jwt-api-cookie",
  "jwt-api-bearer",
  "session-api-memory",
  "authjs-api",
  "better-auth-page",
  "better-auth-page-cookie-cache",
  "better-auth-api",
  "better-auth-api-cookie-cache",
  "login-jwt",
  "login-authjs",
  "redis-passthrough",
  "jwt-page-checked-redis",
  "session-page-redis-edge",
  "redis-node-only-passthrough",
  "session-page-redis",
  "session-api-redis",
  "login-session",
  "redis-tcp-passthrough",
  "jwt-page-checked-tcp",
  "session-page-tcp",
  "session-api-tcp",
  "node-passthrough",
  "node-jwt-page",
  "node-jwt-api-cookie",
  "node-session-page-memory",
  "node-session-api-memory",
];
const MICRO = ["floor", "lib-jwt", "lib-jwt-seen", "jose-raw", "authjs", "session-memory", "session-redis", "session-redis-tcp", "jwt-dpop", "dpop-jti-spend"];
const PEERS = ["jose", "iron-session-unseal", "authjs-jwe", "better-auth-session", "better-auth-session-cookie-cache"];

/** Each started process leads its own process group: is anything of that group alive? */
function groupRunning(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("npm run bench -- --quick", () => {
  let output = "";
  let results: Results;
  beforeAll(async () => {
    ({ stdout: output } = await promisify(execFile)("npx", ["tsx", "bench/run.ts", "--quick", "--out", OUT], { maxBuffer: 16 * 1024 * 1024 }));
    results = JSON.parse(readFileSync(`${OUT}/results.json`, "utf8")) as Results;
  });

  it("measures every load scenario, with positive throughput and latency and no errors", () => {
    expect(results.load.map((f) => f.id)).toEqual(SCENARIOS);
    for (const f of results.load) {
      expect(f.requestsPerSecond, f.id).toBeGreaterThan(0);
      expect(f.p50Ms, f.id).toBeGreaterThanOrEqual(0);
      expect(f.p99Ms, f.id).toBeGreaterThan(0);
      expect(f.errors, f.id).toBe(0);
      if (f.id !== "login-authjs") expect(f.non2xx, f.id).toBe(0); // Auth.js answers its login with a 302
    }
  });

  it("counts store commands: none for a plain JWT or a fixture, one per session lookup (two with the Edge's), as the stand-in saw them", () => {
    const commands = (id: string) => results.load.find((f) => f.id === id)!.storeCommandsPerRequest;
    for (const id of ["baseline", "passthrough", "redis-passthrough", "redis-tcp-passthrough", "node-passthrough", "jwt-page", "jwt-api-bearer", "node-jwt-page"]) expect(commands(id), id).toBe(0);
    for (const id of ["session-page-memory", "session-api-memory", "session-api-redis", "session-api-tcp", "jwt-page-checked", "jwt-page-checked-redis", "jwt-page-checked-tcp"]) {
      expect(commands(id), id).toBeGreaterThan(0);
    }
    // Not a timing: a count. The record carries its expiry, so a lookup is one GET (and
    // nothing else but, once a minute, the sliding-expiry write).
    const gets = (id: string) => results.load.find((f) => f.id === id)!.storeGetsPerRequest;
    expect(gets("session-page-redis")).toBe(1);
    expect(gets("session-page-redis-edge")).toBe(2);
    expect(gets("jwt-page-checked-redis")).toBe(0); // its checks are one MGET per gate
    // Over TCP the app counts its own calls: the same as on the memory store, as middleware
    // cannot look the session up at the Edge over TCP either.
    const roundTrips = (id: string) => results.load.find((f) => f.id === id)!.storeRoundTripsPerRequest;
    expect(roundTrips("session-page-tcp")).toBe(roundTrips("session-page-memory"));
    expect(roundTrips("session-api-tcp")).toBe(roundTrips("session-api-memory"));
    // Better Auth: its getSession reads the store twice (the session, then the user's
    // revoked-before marker); answered from its cookie cache, never. The dashboard's device
    // list still reads the store, its session checks do not.
    expect(roundTrips("better-auth-api")).toBe(2);
    expect(roundTrips("better-auth-api-cookie-cache")).toBe(0);
    expect(roundTrips("better-auth-page-cookie-cache")).toBeLessThan(roundTrips("better-auth-page")!);
  });

  it("sets every guarded scenario against its own server's passthrough, and each passthrough against the baseline", () => {
    const reference = (id: string) => results.load.find((f) => f.id === id)!.reference;
    expect(reference("jwt-page")).toBe("passthrough");
    expect(reference("jwt-page-checked-redis")).toBe("redis-passthrough");
    expect(reference("session-page-redis")).toBe("redis-node-only-passthrough");
    expect(reference("session-page-tcp")).toBe("redis-tcp-passthrough");
    expect(reference("node-jwt-page")).toBe("node-passthrough");
    for (const id of ["passthrough", "redis-passthrough", "redis-node-only-passthrough", "redis-tcp-passthrough", "node-passthrough"]) expect(reference(id), id).toBe("baseline");
    expect(results.load.find((f) => f.id === "node-jwt-page")!.runtime).toBe("nodejs");
    expect(results.runtimes.length).toBe(5);
    for (const x of results.runtimes) expect(x.ratiosThroughput.length, x.scenario).toBe(results.paired[0].rounds);
  });

  it("measures the targets' ratios and the peers per request in pairs (reference, scenario, reference), every request answered", () => {
    expect(results.paired.map((p) => `${p.id} vs ${p.reference}`)).toEqual([
      "passthrough vs baseline",
      "jwt-page vs passthrough",
      "jwt-api-cookie vs session-api-memory",
      "jwt-api-dpop vs jwt-api-bearer-checked",
      "better-auth-page vs passthrough",
      "better-auth-page-cookie-cache vs passthrough",
      "better-auth-api vs session-api-memory",
      "better-auth-api-cookie-cache vs session-api-memory",
      "jwt-page-checked-redis vs redis-passthrough",
      "session-page-redis-edge vs redis-passthrough",
      "session-page-redis vs redis-node-only-passthrough",
      "session-page-tcp vs redis-tcp-passthrough",
      "session-api-tcp vs session-api-memory",
      "round-trips-memory vs round-trips-memory-none",
      "round-trips-tcp vs round-trips-tcp-none",
      "round-trips-rest vs round-trips-rest-none",
      "peer-better-auth vs peer-ours-session",
      "peer-better-auth-cookie-cache vs peer-ours-session",
      "peer-iron-session vs peer-ours-jwt",
      "node-passthrough vs passthrough",
      "node-jwt-page vs jwt-page",
      "node-jwt-api-cookie vs jwt-api-cookie",
      "node-session-page-memory vs session-page-memory",
      "node-session-api-memory vs session-api-memory",
    ]);
    for (const p of results.paired) {
      expect(p.failedRequests, p.id).toBe(0); // a peer route that refused its cookie would be a fast 401
      expect(p.ratiosThroughput.length, p.id).toBe(p.rounds);
      expect(p.ratiosP50.length, p.id).toBe(p.rounds);
      expect(p.requestsPerSecond, p.id).toBeGreaterThan(0);
      expect(p.referenceRequestsPerSecond, p.id).toBeGreaterThan(0);
      expect(p.ratioThroughput, p.id).toBeCloseTo(p.requestsPerSecond / p.referenceRequestsPerSecond, 0);
      // CPU per request, read from /proc for the app server and the bench process; redis-server's too.
      for (const cpu of [p.cpuMsPerRequest, p.referenceCpuMsPerRequest]) {
        expect(cpu.server, p.id).toBeGreaterThan(0);
        expect(cpu.bench, p.id).toBeGreaterThan(0);
        expect(cpu.redis, p.id).not.toBeNull();
      }
    }
    // The ratio targets are judged on these.
    const judged = results.targets.find((t) => t.name.startsWith("JWT guard vs passthrough (plain JWT): p50"))!;
    expect(judged.figure).toMatch(/median of/);
  });

  it("times the peers against ours, and floods the server: refused sign-ins are refused, rotations all succeed", () => {
    expect(results.peers.map((p) => p.id)).toEqual(PEERS);
    for (const p of results.peers) expect(p.microsPerOp, p.id).toBeGreaterThan(0);
    for (const p of results.peers) {
      expect(p.roundsMicros, p.id).toHaveLength(QUICK_ROUNDS);
      expect(p.microsPerOp, p.id).toBe(median(p.roundsMicros!));
    }
    const [signIns, rotations] = results.floods;
    // Past the address's limit (reached in the warm-up) every one is a 429, without a password check.
    expect(signIns.answers).toEqual({ 429: signIns.count });
    expect(rotations.answers).toEqual({ 200: rotations.count });
  });

  it("times every per-operation task, and the per-user operations at each stored size", () => {
    expect(results.micro.map((m) => m.id)).toEqual(MICRO);
    for (const m of results.micro) expect(m.microsPerOp, m.id).toBeGreaterThan(0);
    // Each figure is its median round, every operation timed in every round.
    const floor = results.micro.find((m) => m.id === "floor")!.roundsMicros!;
    for (const m of results.micro) {
      expect(m.roundsMicros, m.id).toHaveLength(QUICK_ROUNDS);
      expect(m.microsPerOp, m.id).toBe(median(m.roundsMicros!));
      expect(m.ratioToFloor, m.id).toBe(median(m.roundsMicros!.map((value, round) => value / floor[round])));
    }
    expect(results.scale.length).toBeGreaterThanOrEqual(2);
    for (const s of results.scale) {
      expect(s.listMs).toBeGreaterThan(0);
      expect(s.evictAtLoginMs).toBeGreaterThan(0);
      expect(s.seedsKeysScanMs).toBeGreaterThan(0);
    }
  });

  it("sets a DPoP-checked request against a Bearer one, per operation and per request, a fresh proof for each request", () => {
    // Every DPoP request answered 200 (failedRequests is 0 above): a proof sent twice would be a 401.
    const dpop = results.paired.find((p) => p.id === "jwt-api-dpop")!;
    expect(dpop.requestsPerSecond).toBeGreaterThan(0);
    const section = output.slice(output.indexOf("== DPoP against Bearer"), output.indexOf("== Per operation"));
    expect(section).toMatch(/per operation \(tinybench\)\s+\d+ µs to verify a DPoP-bound token and its proof, and \d+ µs to spend the proof's jti/);
    expect(section).toMatch(/per request \(\/api\/jwt\/me, paired\)\s+\d+\.\d\d vs \d+\.\d\d ms of app-server CPU per request .*proofs signed before each run \(the dpop package\), one per request/);
  });

  it("reports cookie sizes and a verdict for every target, and writes the table and chart", () => {
    expect(results.cookies.every((c) => c.browserBytes > 0)).toBe(true);
    // Every lane /compare shows, under the names it looks them up by (no "not measured" after a run).
    expect(results.cookies.map((c) => c.lane)).toEqual(["JWT (plain)", "JWT (all revocation checks)", "Auth.js (JWE)", "session", BETTER_AUTH_BENCH.cookies, BETTER_AUTH_BENCH.cookiesWithCache]);
    const [betterAuth, withCache] = results.cookies.slice(-2);
    expect(withCache.browserBytes).toBeGreaterThan(betterAuth.browserBytes + 100); // the cache cookie is there, signed session data
    expect(results.targets.length).toBeGreaterThanOrEqual(10);
    expect(output).toContain("== Targets");
    expect(readFileSync(`${OUT}/results.md`, "utf8")).toContain("| scenario |");
    expect(readFileSync(`${OUT}/chart.svg`, "utf8")).toMatch(/^<svg[\s\S]*<rect[\s\S]*<\/svg>/);
  });

  it("stops every server and redis-server it started", () => {
    expect(results.startedPids.length).toBeGreaterThanOrEqual(8); // 6 next start + 2 redis-server
    for (const pid of results.startedPids) expect(groupRunning(pid), `process group ${pid}`).toBe(false);
  });
});
