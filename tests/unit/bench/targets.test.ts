import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { renderMarkdown, renderTerminal } from "@/bench/report";
import type { Results } from "@/bench/results";
import { targetsFor } from "@/bench/targets";
import { passingResults, type Measured } from "./fixture-results";

const TARGETS = [
  "JWT guard vs passthrough (plain JWT): p50 ≤ 1.10×",
  "JWT guard vs passthrough (plain JWT): throughput ≥ 0.90×",
  "JWT guard vs passthrough (jti + version checks on Redis): p50 ≤ 1.10×",
  "JWT guard vs passthrough (jti + version checks on Redis): throughput ≥ 0.90×",
  "/api/jwt/me (plain JWT) throughput ≥ 0.95× /api/session/me (memory)",
  "session lookup: 1 store command per request without the Edge lookup (Redis, stand-in)",
  "session lookup: 2 store commands per request with the Edge lookup (Redis, stand-in)",
  "Redis session page p50 ≤ 1.25× passthrough (without the Edge lookup)",
  "Redis session page p50 ≤ 1.25× passthrough (with the Edge lookup, the default)",
  "Redis over TCP: ≤ 0.2 ms of app-server CPU per store round trip",
  "Redis over TCP session page p50 ≤ 1.10× passthrough",
  "/api/session/me on Redis over TCP throughput ≥ 0.90× on the memory store",
  "stateless, per operation: lib/jwt.ts verify < iron-session unseal < Auth.js JWE decode",
  "stateful, per operation: our session validate < Better Auth getSession (no cookie cache)",
  "floods: ≤ 2 MB RSS growth for 20,000 refused sign-ins",
  "lib/jwt.ts verify (in full) ≤ 50 µs",
  "lib/jwt.ts verify (in full) within 10× the HMAC floor",
  "lib/jwt.ts verify of a token seen before within 10× the HMAC floor",
  "lib/jwt.ts faster than jose with raw-byte keys",
  "hand-written JWT lane faster than Auth.js (JWE decrypt + key derivation)",
  "device list flat from 10,000 to 1,000,000 sessions (≤ 1.5×)",
  "login with eviction flat (≤ 1.5×)",
  "/api/better-auth/me without the cookie cache: 2 store round trips per request (the session, the user's revoked-before marker)",
  "/api/better-auth/me with its cookie cache: 0 store round trips per request",
  "/api/better-auth/me (no cookie cache) CPU ≤ /api/session/me's + Better Auth getSession's extra, +10%",
  "/api/better-auth/me (its cookie cache) CPU ≤ /api/session/me's + Better Auth getSession's extra (cookie cache), +10%",
];

const MB = 2 ** 20;

/** The fixture with one change. */
function changed(change: (r: Measured) => void): Measured {
  const r = passingResults();
  change(r);
  return r;
}
const find = <T extends { id: string }>(list: T[] | undefined, id: string) => list!.find((f) => f.id === id)!;
const setPaired = (id: string, ratio: "ratioP50" | "ratioThroughput", value: number) => (r: Measured) => {
  const p = find(r.paired, id);
  p[ratio] = value;
  p[ratio === "ratioP50" ? "ratiosP50" : "ratiosThroughput"] = [value, value, value];
};
const setMicro = (id: string, microsPerOp: number) => (r: Measured) => {
  find(r.micro, id).microsPerOp = microsPerOp;
};
const setToFloor = (id: string, ratio: number) => (r: Measured) => {
  find(r.micro, id).ratioToFloor = ratio;
};
const setPeer = (id: string, microsPerOp: number) => (r: Measured) => {
  find(r.peers, id).microsPerOp = microsPerOp;
};
/** The app server's CPU per request on the scenario side of a pair (its reference's stays at 2 ms). */
const setServerCpu = (id: string, ms: number) => (r: Measured) => {
  find(r.paired, id).cpuMsPerRequest.server = ms;
};
const setRoundTrips = (id: string, roundTrips: number) => (r: Measured) => {
  find(r.load, id).storeRoundTripsPerRequest = roundTrips;
};
const setLookups = (id: string, gets: number, commands: number) => (r: Measured) => {
  Object.assign(find(r.load, id), { storeGetsPerRequest: gets, storeCommandsPerRequest: commands });
};

function verdict(r: Measured, name: string) {
  const target = targetsFor(r).find((t) => t.name === name);
  if (!target) throw new Error(`no target named "${name}"`);
  return target;
}

describe("the bench's targets", () => {
  it("are the table the bench prints, each MET when every figure is on the right side of its line", () => {
    const targets = targetsFor(passingResults());
    expect(targets.map((t) => t.name)).toEqual(TARGETS);
    for (const t of targets) expect(t.met, `${t.name}: ${t.figure}`).toBe(true);
  });

  // Each target: a figure exactly on its line is MET, the same figure just past it is MISSED.
  const lines: Array<[target: string, onTheLine: (r: Measured) => void, pastIt: (r: Measured) => void]> = [
    [TARGETS[0], setPaired("jwt-page", "ratioP50", 1.1), setPaired("jwt-page", "ratioP50", 1.11)],
    [TARGETS[1], setPaired("jwt-page", "ratioThroughput", 0.9), setPaired("jwt-page", "ratioThroughput", 0.89)],
    [TARGETS[2], setPaired("jwt-page-checked-redis", "ratioP50", 1.1), setPaired("jwt-page-checked-redis", "ratioP50", 1.11)],
    [TARGETS[3], setPaired("jwt-page-checked-redis", "ratioThroughput", 0.9), setPaired("jwt-page-checked-redis", "ratioThroughput", 0.89)],
    [TARGETS[4], setPaired("jwt-api-cookie", "ratioThroughput", 0.95), setPaired("jwt-api-cookie", "ratioThroughput", 0.94)],
    [TARGETS[5], setLookups("session-page-redis", 1, 1.01), setLookups("session-page-redis", 1, 1.02)],
    [TARGETS[5], setLookups("session-page-redis", 1, 1), setLookups("session-page-redis", 1.02, 1.02)],
    [TARGETS[6], setLookups("session-page-redis-edge", 2, 2.01), setLookups("session-page-redis-edge", 2, 2.02)],
    [TARGETS[6], setLookups("session-page-redis-edge", 2, 2), setLookups("session-page-redis-edge", 1, 2)],
    [TARGETS[7], setPaired("session-page-redis", "ratioP50", 1.25), setPaired("session-page-redis", "ratioP50", 1.26)],
    [TARGETS[8], setPaired("session-page-redis-edge", "ratioP50", 1.25), setPaired("session-page-redis-edge", "ratioP50", 1.26)],
    // 8 round trips at 0.2 ms over a 2 ms reference: 3.6 ms (and just past it).
    [TARGETS[9], setServerCpu("round-trips-tcp", 3.6), setServerCpu("round-trips-tcp", 3.61)],
    [TARGETS[10], setPaired("session-page-tcp", "ratioP50", 1.1), setPaired("session-page-tcp", "ratioP50", 1.11)],
    [TARGETS[11], setPaired("session-api-tcp", "ratioThroughput", 0.9), setPaired("session-api-tcp", "ratioThroughput", 0.89)],
    [TARGETS[12], setPeer("iron-session-unseal", 499), setPeer("iron-session-unseal", 500)],
    [TARGETS[12], setPeer("iron-session-unseal", 41), setPeer("iron-session-unseal", 40)],
    [TARGETS[13], setPeer("better-auth-session", 41), setPeer("better-auth-session", 40)],
    [TARGETS[14], (r) => void (r.floods[0].rssGrowthBytes = 2 * MB), (r) => void (r.floods[0].rssGrowthBytes = 2 * MB + 1)],
    [TARGETS[15], setMicro("lib-jwt", 40), setMicro("lib-jwt", 50.1)],
    [TARGETS[15], setMicro("lib-jwt", 50), setMicro("lib-jwt", 50.01)],
    [TARGETS[16], setToFloor("lib-jwt", 10), setToFloor("lib-jwt", 10.01)],
    [TARGETS[17], setToFloor("lib-jwt-seen", 10), setToFloor("lib-jwt-seen", 10.01)],
    [TARGETS[18], setMicro("jose-raw", 40.1), setMicro("jose-raw", 40)],
    [TARGETS[19], (r) => void (find(r.load, "authjs-page").requestsPerSecond = 119), (r) => void (find(r.load, "authjs-page").requestsPerSecond = 120)],
    [TARGETS[20], (r) => void (r.scale[1].listMs = 3), (r) => void (r.scale[1].listMs = 3.01)],
    [TARGETS[21], (r) => void (r.scale[1].evictAtLoginMs = 6), (r) => void (r.scale[1].evictAtLoginMs = 6.01)],
    [TARGETS[22], setRoundTrips("better-auth-api", 2.005), setRoundTrips("better-auth-api", 2.02)],
    [TARGETS[22], setRoundTrips("better-auth-api", 2), setRoundTrips("better-auth-api", 1)],
    [TARGETS[23], setRoundTrips("better-auth-api-cookie-cache", 0.005), setRoundTrips("better-auth-api-cookie-cache", 0.02)],
    // (2 ms for /api/session/me + 1 ms of getSession's extra) × 1.1 = 3.3 ms.
    [TARGETS[24], setServerCpu("better-auth-api", 3.3), setServerCpu("better-auth-api", 3.31)],
    [TARGETS[24], setServerCpu("peer-better-auth", 2.3), setServerCpu("peer-better-auth", 2.25)],
    [TARGETS[25], setServerCpu("better-auth-api-cookie-cache", 3.3), setServerCpu("better-auth-api-cookie-cache", 3.31)],
    [TARGETS[25], setServerCpu("peer-better-auth-cookie-cache", 2.3), setServerCpu("peer-better-auth-cookie-cache", 2.25)],
  ];
  it.each(lines.map(([name, onTheLine, pastIt], i) => ({ name, onTheLine, pastIt, i })))("$name: MET on its line, MISSED past it (case $i)", ({ name, onTheLine, pastIt }) => {
    expect(verdict(changed(onTheLine), name).met).toBe(true);
    const missed = targetsFor(changed(pastIt));
    expect(missed.find((t) => t.name === name)!.met).toBe(false);
    // Only that target moves.
    expect(missed.filter((t) => !t.met).map((t) => t.name)).toEqual([name]);
  });

  it("prints MET or MISSED for each target, in the terminal and in results.md", () => {
    const measured = changed(setMicro("lib-jwt", 55));
    const results: Results = { ...measured, targets: targetsFor(measured) };
    const terminal = renderTerminal(results).split("\n");
    const markdown = renderMarkdown(results).split("\n");
    for (const t of results.targets) {
      const word = t.met ? "MET" : "MISSED";
      expect(terminal.find((line) => line.startsWith(t.name))?.trimEnd(), t.name).toMatch(new RegExp(`  ${word}$`));
      expect(markdown, t.name).toContain(`| ${t.name} | ${t.figure} | ${word} |`);
    }
    expect(results.targets.filter((t) => !t.met).map((t) => t.name)).toEqual([TARGETS[15]]);
    expect(verdict(measured, TARGETS[15]).figure).toBe("55.0 µs");
  });
});

describe("a target whose figure is missing", () => {
  const cases: Array<[what: string, change: (r: Measured) => void, missed: string[], reason: string]> = [
    ["a load figure", (r) => void (r.load = r.load.filter((f) => f.id !== "jwt-page")), [TARGETS[19]], 'no load figure "jwt-page"'],
    ["a paired run", (r) => void (r.paired = r.paired.filter((p) => p.id !== "jwt-page")), [TARGETS[0], TARGETS[1]], 'no paired run "jwt-page"'],
    ["every paired run (results from before pairs were measured)", (r) => void (r.paired = undefined as unknown as Measured["paired"]), [TARGETS[0], TARGETS[1], TARGETS[2], TARGETS[3], TARGETS[4], TARGETS[7], TARGETS[8], TARGETS[9], TARGETS[10], TARGETS[11], TARGETS[24], TARGETS[25]], "no paired run"],
    ["a per-operation figure", (r) => void (r.micro = r.micro.filter((m) => m.id !== "lib-jwt")), [TARGETS[12], TARGETS[15], TARGETS[16], TARGETS[18]], 'no per-operation figure "lib-jwt"'],
    ["an HMAC-floor ratio", (r) => void (find(r.micro, "lib-jwt-seen").ratioToFloor = null), [TARGETS[17]], 'no HMAC-floor ratio for "lib-jwt-seen"'],
    ["a peer figure", (r) => void (r.peers = r.peers.filter((p) => p.id !== "better-auth-session")), [TARGETS[13]], 'no peer figure "better-auth-session"'],
    ["a store count", (r) => void (find(r.load, "session-page-redis").storeGetsPerRequest = null), [TARGETS[5]], 'no GET count for "session-page-redis"'],
    ["a round-trip count", (r) => void delete find(r.paired, "round-trips-tcp").extraRoundTripsPerRequest, [TARGETS[9]], 'no round-trip count for "round-trips-tcp"'],
    ["an app-server CPU reading", (r) => void (find(r.paired, "round-trips-rest").referenceCpuMsPerRequest.server = null), [TARGETS[9]], 'no app-server CPU for "round-trips-rest-none"'],
    ["the flood", (r) => void (r.floods = []), ["floods: ≤ 2 MB RSS growth for the refused sign-ins"], 'no flood "refused-sign-ins"'],
    ["a Better Auth store count", (r) => void (find(r.load, "better-auth-api-cookie-cache").storeRoundTripsPerRequest = null), [TARGETS[23]], 'no store count for "better-auth-api-cookie-cache"'],
    ["the Better Auth peer's pair", (r) => void (r.paired = r.paired.filter((p) => p.id !== "peer-better-auth")), [TARGETS[24]], 'no paired run "peer-better-auth"'],
    ["a second stored size", (r) => void (r.scale = r.scale.slice(0, 1)), ["device list flat as the stored sessions grow (≤ 1.5×)", TARGETS[21]], "two stored sizes"],
  ];
  it.each(cases.map(([what, change, missed, reason]) => ({ what, change, missed, reason })))("is MISSED, saying what is missing, and the others are still judged: $what", ({ change, missed, reason }) => {
    const targets = targetsFor(changed(change));
    expect(targets.filter((t) => !t.met).map((t) => t.name)).toEqual(missed);
    for (const t of targets.filter((t) => !t.met)) {
      expect(t.figure, t.name).toMatch(/^not measured: /);
      expect(t.figure, t.name).toContain(reason);
    }
  });

  it("is MISSED, never a TypeError, even when nothing was measured", () => {
    const nothing: Measured = { ...passingResults(), load: [], paired: [], micro: [], peers: [], floods: [], scale: [] };
    const targets = targetsFor(nothing);
    expect(targets).toHaveLength(TARGETS.length);
    for (const t of targets) {
      expect(t.met, t.name).toBe(false);
      expect(t.figure, t.name).toMatch(/^not measured: /);
    }
  });
});

describe("the committed bench/results.json", () => {
  it("holds the verdicts and figures targetsFor gives for its figures", () => {
    const { targets, ...measured } = JSON.parse(readFileSync("bench/results.json", "utf8")) as Results;
    expect(targetsFor(measured)).toEqual(targets);
  });
});
