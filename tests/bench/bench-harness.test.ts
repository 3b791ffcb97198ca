import { beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { readFileSync } from "node:fs";
import type { Results } from "../../bench/report";

/**
 * The benchmark harness itself, in CI: a `--quick` run must produce every scenario with
 * positive figures and leave nothing running. Its numbers are not asserted (a shared CI
 * machine is no place for timing assertions); `npm run bench` prints them.
 */
const OUT = ".test-output/bench-quick";
const SCENARIOS = [
  "baseline",
  "jwt-page",
  "jwt-page-checked",
  "session-page-memory",
  "session-page-redis",
  "session-page-redis-edge",
  "authjs-page",
  "jwt-api-cookie",
  "jwt-api-bearer",
  "session-api-memory",
  "session-api-redis",
  "authjs-api",
  "login-jwt",
  "login-session",
  "login-authjs",
];
const MICRO = ["floor", "lib-jwt", "jose-raw", "authjs", "session-memory", "session-redis"];

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

  it("counts store round trips: none for a plain JWT, some for every session lane", () => {
    const roundTrips = (id: string) => results.load.find((f) => f.id === id)!.storeRoundTripsPerRequest;
    expect(roundTrips("jwt-page")).toBe(0);
    expect(roundTrips("jwt-api-bearer")).toBe(0);
    for (const id of ["session-page-memory", "session-page-redis", "session-page-redis-edge", "session-api-memory", "session-api-redis", "jwt-page-checked"]) {
      expect(roundTrips(id), id).toBeGreaterThan(0);
    }
  });

  it("times every per-operation task, and the per-user operations at each stored size", () => {
    expect(results.micro.map((m) => m.id)).toEqual(MICRO);
    for (const m of results.micro) expect(m.microsPerOp, m.id).toBeGreaterThan(0);
    expect(results.scale.length).toBeGreaterThanOrEqual(2);
    for (const s of results.scale) {
      expect(s.listMs).toBeGreaterThan(0);
      expect(s.evictAtLoginMs).toBeGreaterThan(0);
      expect(s.seedsKeysScanMs).toBeGreaterThan(0);
    }
  });

  it("reports cookie sizes and a verdict for every target, and writes the table and chart", () => {
    expect(results.cookies.every((c) => c.browserBytes > 0)).toBe(true);
    expect(results.targets.length).toBeGreaterThanOrEqual(10);
    expect(output).toContain("== Targets");
    expect(readFileSync(`${OUT}/results.md`, "utf8")).toContain("| scenario |");
    expect(readFileSync(`${OUT}/chart.svg`, "utf8")).toMatch(/^<svg[\s\S]*<rect[\s\S]*<\/svg>/);
  });

  it("stops every server and redis-server it started", () => {
    expect(results.startedPids.length).toBeGreaterThanOrEqual(5); // 3 next start + 2 redis-server
    for (const pid of results.startedPids) expect(groupRunning(pid), `process group ${pid}`).toBe(false);
  });
});
