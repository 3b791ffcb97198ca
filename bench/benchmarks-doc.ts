/**
 * The measured figures the docs show (docs/benchmarks.md in full; a few in README.md,
 * docs/choosing.md and docs/walkthrough.md), generated from bench/results.json so the prose
 * cannot drift from the run it describes. In the document, a generated region is
 *
 *     <!-- bench:name -->…<!-- /bench:name -->
 *
 * inline or over several lines; what lies between the markers is FIGURES[name] of the
 * results. A region may also check what the prose around it says about its figures
 * (`holds`): when a run no longer shows it, regenerating fails and names the region, so
 * the sentence gets reworded instead of going stale.
 *
 * `npm run docs` regenerates them (with the code snippets, scripts/docs.ts), so does a full
 * `npm run bench` and `npm run bench -- --rerender`; tests/unit/bench/benchmarks-doc.test.ts
 * fails while the committed document differs from what the committed results give.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { BETTER_AUTH_BENCH } from "../app/compare/facts";
import { describeDpopCost, dpopCost } from "./dpop-cost";
import { MissingFigure, figuresOf, need } from "./figures";
import { FULL_RUN } from "./options";
import { renderMarkdown } from "./report";
import type { CpuPerRequest, PairedFigure, Results } from "./results";

export const BENCHMARKS_DOC = "docs/benchmarks.md";
export const RESULTS_FILE = "bench/results.json";

/** What the prose around a region says no longer matches the results. */
class ProseOutdated extends Error {}

function holds(condition: boolean, statement: string) {
  if (!condition) throw new ProseOutdated(statement);
}

const MB = 2 ** 20;
const x = (n: number) => `${n.toFixed(2)}×`;
const list = (ns: number[]) => ns.map((n) => n.toFixed(2)).join(", ");
const ms = (n: number) => n.toFixed(2);
const us = (n: number) => `${n.toFixed(0)} µs`;
const signedMb = (bytes: number) => `${bytes < 0 ? "−" : "+"}${(Math.abs(bytes) / MB).toFixed(2)} MB`;
const count = (n: number) => n.toLocaleString("en");
const percent = (ratio: number) => `${((ratio - 1) * 100).toFixed(0)}%`;
const range = (ns: number[], format: (n: number) => string) => `${format(Math.min(...ns))}–${format(Math.max(...ns))}`;
const compare = (a: number, b: number) => (a < b ? "<" : a > b ? ">" : "=");

/** The verdict the run printed for the one target whose name starts with `prefix`. */
function verdict(r: Results, prefix: string): "MET" | "MISSED" {
  const targets = r.targets.filter((t) => t.name.startsWith(prefix));
  if (targets.length > 1) throw new Error(`more than one target starts with "${prefix}": make the prefix longer`);
  const target = need(targets[0], `no target "${prefix}…"`);
  return target.met ? "MET" : "MISSED";
}

/** The app server's CPU time per request, scenario and reference (the paired runs' medians). */
const serverCpu = (p: PairedFigure) => [need(p.cpuMsPerRequest.server, `no app-server CPU for "${p.id}"`), need(p.referenceCpuMsPerRequest.server, `no app-server CPU for "${p.reference}"`)];
/** CPU per request outside the app server: the bench process (autocannon, the Upstash stand-in) and redis-server. */
const storeSideCpu = (c: CpuPerRequest) => (c.bench ?? NaN) + (c.redis ?? 0);
/** The bytes the browser sends for a lane's cookies, by their names as the bench lists them ("__Host-sid"). */
const cookieBytes = (r: Results, cookies: string) => need(r.cookies.find((c) => c.cookies === cookies), `no cookie figure "${cookies}"`).browserBytes;
/** A lane's cookie figure found by the lane's name (bench/cookie-bytes.ts), whatever its cookies are called. */
const laneCookieBytes = (r: Results, lane: string) => need(r.cookies.find((c) => c.lane === lane), `no cookie figure for "${lane}"`).browserBytes;
/** The bytes of a single cookie's value: its `name=value` pair less the name and the "=". */
const valueBytes = (r: Results, name: string) => cookieBytes(r, name) - name.length - 1;
const SECURE_PREFIX = "__Secure-";

export const FIGURES: Record<string, (r: Results) => string> = {
  // What one run does: the full run's settings (bench/options.ts) and the rounds this run had.
  "load-settings": () => `${FULL_RUN.connections} connections, ${FULL_RUN.warmupSeconds} s warm-up, ${FULL_RUN.loadSeconds} s measured`,
  "paired-settings": () => `${FULL_RUN.pairedSeconds} s each after ${FULL_RUN.pairedWarmupSeconds} s of warm-up`,
  "micro-settings": (r) => {
    const rounds = r.micro[0]?.roundsMicros?.length;
    const each = `${FULL_RUN.microTimeMs / 1000} s`;
    const how = "[bench/rounds.ts](../bench/rounds.ts)";
    return rounds
      ? `each operation's median of ${rounds} rounds of ${each}, every operation in each round (${how})`
      : `one ${each} sample of each operation in this run, which is older than the ${FULL_RUN.microRounds} rounds ${how} now takes`;
  },
  "paired-rounds": (r) => String(figuresOf(r).paired("jwt-page").rounds),
  results: (r) => `\n${renderMarkdown(r)}`,
  "run-machine": (r) => `${r.machine.cpu}, ${r.machine.cores} cores (shared by the servers and autocannon), ${r.machine.memoryGiB} GiB, Node ${String(r.machine.node).replace(/^v/, "")}, on ${r.date.slice(0, 10)}`,
  cores: (r) => String(r.machine.cores),
  "jwt-page-p50-rounds": (r) => list(figuresOf(r).paired("jwt-page").ratiosP50),

  // Where the JWT path spends its time.
  "verify-seen": (r) => {
    const m = figuresOf(r).micro("lib-jwt-seen");
    return `${m.microsPerOp.toFixed(1)} µs (${x(need(m.ratioToFloor, "no HMAC-floor ratio"))} the HMAC floor)`;
  },
  "verify-full": (r) => {
    const m = figuresOf(r).micro("lib-jwt");
    return `${m.microsPerOp.toFixed(1)} µs (${x(need(m.ratioToFloor, "no HMAC-floor ratio"))} the floor)`;
  },
  "verify-full-verdicts": (r) => {
    const [time, floor] = [verdict(r, "lib/jwt.ts verify (in full) ≤ 50 µs"), verdict(r, "lib/jwt.ts verify (in full) within 10×")];
    holds(floor === "MISSED", "the within-10×-the-floor target is MISSED (getting there means leaving Web Crypto)");
    return `${time} and ${floor}`;
  },

  // The APIs, the session lookup, the plain-JWT guard.
  "api-throughput": (r) => {
    const p = figuresOf(r).paired("jwt-api-cookie");
    return `${x(p.ratioThroughput)} the throughput, paired (rounds ${list(p.ratiosThroughput)}; ${verdict(r, "/api/jwt/me (plain JWT) throughput")})`;
  },
  "api-cpu": (r) => {
    const [jwt, session] = serverCpu(figuresOf(r).paired("jwt-api-cookie"));
    return `${ms(jwt)} ms of CPU on the JWT API and ${ms(session)} ms on the session API`;
  },
  "session-gets": (r) => {
    const { load } = figuresOf(r);
    const [gets, edgeGets] = [need(load("session-page-redis").storeGetsPerRequest, "no GET count"), need(load("session-page-redis-edge").storeGetsPerRequest, "no GET count")];
    holds(Math.abs(gets - 1) < 0.01, "a session lookup is one GET");
    return `${gets.toFixed(2)} GET per request (${verdict(r, "session lookup: 1 store command")}), ${edgeGets.toFixed(2)} with the Edge lookup (${verdict(r, "session lookup: 2 store commands")})`;
  },
  "jwt-guard": (r) => {
    const p = figuresOf(r).paired("jwt-page");
    return `${x(p.ratioP50)} p50 (${verdict(r, "JWT guard vs passthrough (plain JWT): p50")}) and ${x(p.ratioThroughput)} throughput (${verdict(r, "JWT guard vs passthrough (plain JWT): throughput")})`;
  },
  "jwt-guard-cpu": (r) => {
    const [guard, passthrough] = serverCpu(figuresOf(r).paired("jwt-page"));
    return `${ms(guard)} vs ${ms(passthrough)} ms in the app server`;
  },

  // The guards that ask Redis.
  "redis-jwt-guard": (r) => {
    const p = figuresOf(r).paired("jwt-page-checked-redis");
    const name = "JWT guard vs passthrough (jti + version checks on Redis)";
    return `${x(p.ratioP50)} p50 (${verdict(r, `${name}: p50`)}) / ${x(p.ratioThroughput)} throughput (${verdict(r, `${name}: throughput`)})`;
  },
  "redis-session-edge": (r) => `${x(figuresOf(r).paired("session-page-redis-edge").ratioP50)} p50 (${verdict(r, "Redis session page p50 ≤ 1.25× passthrough (with the Edge lookup")})`,
  "redis-session": (r) => {
    const p = figuresOf(r).paired("session-page-redis");
    return `${x(p.ratioP50)} p50 (${verdict(r, "Redis session page p50 ≤ 1.25× passthrough (without the Edge lookup")}; rounds ${list(p.ratiosP50)})`;
  },
  "redis-store-cpu": (r) => {
    const p = figuresOf(r).paired("session-page-redis-edge");
    return `${ms(storeSideCpu(p.cpuMsPerRequest) - storeSideCpu(p.referenceCpuMsPerRequest))} ms`;
  },
  "redis-round-trip-cpu": (r) => {
    const { paired, load } = figuresOf(r);
    const perRoundTrip = ["jwt-page-checked-redis", "session-page-redis-edge", "session-page-redis"].map((id) => {
      const [scenario, reference] = serverCpu(paired(id));
      return (scenario - reference) / need(load(id).storeRoundTripsPerRequest, `no round-trip count for "${id}"`);
    });
    return `${range(perRoundTrip, (n) => n.toFixed(1))} ms`;
  },
  "redis-cpu-jwt": (r) => serverCpu(figuresOf(r).paired("jwt-page-checked-redis")).map(ms).join(" vs "),
  "redis-cpu-session-edge": (r) => serverCpu(figuresOf(r).paired("session-page-redis-edge")).map(ms).join(" vs "),
  "redis-cpu-session": (r) => serverCpu(figuresOf(r).paired("session-page-redis")).map(ms).join(" vs "),
  "page-cpu": (r) => `${range(["jwt-page-checked-redis", "session-page-redis-edge", "session-page-redis"].map((id) => serverCpu(figuresOf(r).paired(id))[1]), ms)} ms`,
  "two-round-trips-cpu": (r) => {
    const [jwt, session] = ["jwt-page-checked-redis", "session-page-redis-edge"].map((id) => serverCpu(figuresOf(r).paired(id)));
    return `${percent(jwt[0] / jwt[1])} and ${percent(session[0] / session[1])}`;
  },
  "two-round-trips-p50": (r) => ["jwt-page-checked-redis", "session-page-redis-edge"].map((id) => x(figuresOf(r).paired(id).ratioP50)).join(" and "),

  // Redis over TCP and over REST, side by side.
  protocols: (r) => {
    const { load, paired, micro, roundTripCpuMs } = figuresOf(r);
    const api = (id: string) => `${load(id).requestsPerSecond.toFixed(0)} req/s, p50 ${load(id).p50Ms} ms`;
    const rows = [
      ["memory (in the process)", api("session-api-memory"), Math.abs(roundTripCpuMs("memory")) < 0.005 ? "≈ 0 (a Map lookup)" : ms(roundTripCpuMs("memory")), us(micro("session-memory").microsPerOp), `${x(need(load("session-page-memory").ratioP50, "no ratio for the memory page"))} (one run)`],
      ["Redis over TCP (ioredis)", api("session-api-tcp"), roundTripCpuMs("tcp").toFixed(3), us(micro("session-redis-tcp").microsPerOp), `${x(paired("session-page-tcp").ratioP50)} (paired)`],
      ["Redis over REST (@upstash/redis)", api("session-api-redis"), ms(roundTripCpuMs("rest")), us(micro("session-redis").microsPerOp), `${x(paired("session-page-redis").ratioP50)} (paired, no Edge lookup)`],
    ];
    return [
      "",
      "| store | `/api/session/me` under load (one run) | app-server CPU per store round trip (ms, paired) | one session lookup alone (SHA-256 + GET) | session page p50 vs its passthrough |",
      "|---|---|---|---|---|",
      ...rows.map((row) => `| ${row.join(" | ")} |`),
      "",
    ].join("\n");
  },
  "tcp-round-trip": (r) => `${figuresOf(r).roundTripCpuMs("tcp").toFixed(3)} ms (${verdict(r, "Redis over TCP: ≤ 0.2 ms")})`,
  "rest-round-trip": (r) => `${ms(figuresOf(r).roundTripCpuMs("rest"))} ms`,
  "round-trip-settings": (r) => String(need(figuresOf(r).paired("round-trips-tcp").extraRoundTripsPerRequest, "no round-trip count")),
  "tcp-session-page": (r) => {
    const p = figuresOf(r).paired("session-page-tcp");
    return `${x(p.ratioP50)} p50 (${verdict(r, "Redis over TCP session page p50")}; rounds ${list(p.ratiosP50)})`;
  },
  "memory-session-page": (r) => {
    const memory = need(figuresOf(r).load("session-page-memory").ratioP50, "no ratio for the memory page");
    return `${x(memory)}`;
  },
  "tcp-api-throughput": (r) => {
    const p = figuresOf(r).paired("session-api-tcp");
    return `${x(p.ratioThroughput)} the throughput of the memory store (${verdict(r, "/api/session/me on Redis over TCP")}; rounds ${list(p.ratiosThroughput)})`;
  },

  // Next.js's middleware hand-off; Edge vs Node.js.
  handoff: (r) => {
    const p = figuresOf(r).paired("passthrough");
    return `${x(p.ratioP50)} p50 / ${x(p.ratioThroughput)} throughput, paired (p50 rounds ${list(p.ratiosP50)})`;
  },
  "handoff-cpu": (r) => {
    const [passthrough, baseline] = serverCpu(figuresOf(r).paired("passthrough"));
    return `${ms(passthrough)} vs ${ms(baseline)} ms`;
  },
  "runtime-apis": (r) => {
    const { runtime } = figuresOf(r);
    const [jwt, session] = [runtime("/api/jwt/me (plain JWT)").ratioThroughput, runtime("/api/session/me (memory)").ratioThroughput];
    holds(jwt > 1 && session > 1, "the APIs serve more with the middleware on Node.js");
    return `\`/api/jwt/me\` ${x(jwt)}, \`/api/session/me\` ${x(session)}, medians`;
  },
  "runtime-api-cpu": (r) => serverCpu(figuresOf(r).paired("node-jwt-api-cookie")).map(ms).join(" vs "),
  "runtime-pages": (r) => {
    const { runtime } = figuresOf(r);
    const pages = ["passthrough (no guard)", "/jwt/dashboard (plain JWT)", "/session/dashboard (memory)"].map((s) => runtime(s).ratioThroughput);
    const apis = ["/api/jwt/me (plain JWT)", "/api/session/me (memory)"].map((s) => runtime(s).ratioThroughput);
    holds(Math.max(...pages.map((n) => Math.abs(n - 1))) < Math.min(...apis.map((n) => Math.abs(n - 1))), "the pages differ between the runtimes by less than the APIs");
    holds(pages.every((n) => n >= 0.95), "moving middleware to Node.js costs the pages nothing");
    return `${range(pages, (n) => n.toFixed(2))}×`;
  },
  "runtime-pages-single": (r) => {
    const { load } = figuresOf(r);
    const single = [["passthrough", "node-passthrough"], ["jwt-page", "node-jwt-page"], ["session-page-memory", "node-session-page-memory"]].map(([edge, node]) => load(node).requestsPerSecond / load(edge).requestsPerSecond);
    return `${range(single, (n) => n.toFixed(2))}×`;
  },

  // Peers.
  "stateless-order": (r) => {
    const { micro, peer } = figuresOf(r);
    const [ours, iron, jwe] = [micro("lib-jwt").microsPerOp, peer("iron-session-unseal").microsPerOp, micro("authjs").microsPerOp];
    return `our full JWT verify (${us(ours)}) ${compare(ours, iron)} iron-session \`unsealData\` (${us(iron)}) ${compare(iron, jwe)} Auth.js's JWE decode (${us(jwe)})`;
  },
  "jose-raw": (r) => us(figuresOf(r).micro("jose-raw").microsPerOp),
  "stateful-order": (r) => {
    const { micro, peer } = figuresOf(r);
    const [ours, noCache, cache] = [micro("session-memory").microsPerOp, peer("better-auth-session").microsPerOp, peer("better-auth-session-cookie-cache").microsPerOp];
    return `our session validate (${us(ours)}) ${compare(ours, noCache)} Better Auth \`getSession\` (${us(noCache)} without its cookie cache, ${us(cache)} with it)`;
  },
  "better-auth-request": (r) => {
    const p = figuresOf(r).paired("peer-better-auth");
    const [theirs, ours] = serverCpu(p);
    return `${x(p.ratioThroughput)} the requests of our session read (${ms(theirs)} vs ${ms(ours)} ms of app-server CPU per request)`;
  },
  "better-auth-cache-request": (r) => {
    const { paired } = figuresOf(r);
    const [cache, noCache] = [paired("peer-better-auth-cookie-cache"), paired("peer-better-auth")];
    holds(cache.ratioThroughput < noCache.ratioThroughput, "Better Auth's cookie cache is slower here than its lookup");
    return x(cache.ratioThroughput);
  },
  "better-auth-cache-cpu": (r) => `${ms(serverCpu(figuresOf(r).paired("peer-better-auth-cookie-cache"))[0])} ms`,
  "iron-request": (r) => x(figuresOf(r).paired("peer-iron-session").ratioThroughput),
  "iron-request-cpu": (r) => `${serverCpu(figuresOf(r).paired("peer-iron-session")).map(ms).join(" vs ")} ms`,

  // The Better Auth lane (/api/better-auth/me and its dashboard), cookie cache off and on.
  "better-auth-lane-round-trips": (r) => {
    const trips = (id: string) => need(figuresOf(r).load(id).storeRoundTripsPerRequest, `no store count for "${id}"`).toFixed(0);
    return `${trips("better-auth-api")} store round trips per request without the cookie cache (${verdict(r, "/api/better-auth/me without the cookie cache")}), ${trips("better-auth-api-cookie-cache")} with it (${verdict(r, "/api/better-auth/me with its cookie cache")})`;
  },
  "better-auth-lane-api": (r) => {
    const { paired } = figuresOf(r);
    const each = (id: string, prefix: string) => {
      const p = paired(id);
      const [lane, session] = serverCpu(p);
      return `${x(p.ratioThroughput)} the throughput of \`/api/session/me\` (${ms(lane)} vs ${ms(session)} ms of app-server CPU per request: ${verdict(r, prefix)})`;
    };
    return `${each("better-auth-api", "/api/better-auth/me (no cookie cache) CPU")} without the cookie cache, ${each("better-auth-api-cookie-cache", "/api/better-auth/me (its cookie cache) CPU")} with it`;
  },
  "better-auth-lane-page": (r) => {
    const { load, paired } = figuresOf(r);
    const rate = (id: string) => load(id).requestsPerSecond.toFixed(0);
    return `${rate("better-auth-page")} req/s without the cookie cache and ${rate("better-auth-page-cookie-cache")} with it, against ${rate("session-page-memory")} for the session dashboard (paired against the passthrough: ${x(paired("better-auth-page").ratioP50)} and ${x(paired("better-auth-page-cookie-cache").ratioP50)} p50)`;
  },

  // DPoP against Bearer (bench/dpop.ts): "not measured yet" until a full run has measured it.
  "dpop-operation": (r) => describeDpopCost(dpopCost(r.micro, r.paired)).perOperation,
  "dpop-request": (r) => describeDpopCost(dpopCost(r.micro, r.paired)).perRequest,

  // Floods.
  "flood-refused": (r) => {
    const f = figuresOf(r).flood("refused-sign-ins");
    return `${count(f.count)} refused sign-ins add ${signedMb(f.heapGrowthBytes)} of heap`;
  },
  "flood-refused-keys": (r) => {
    const keys = figuresOf(r).flood("refused-sign-ins").storeKeysGrowth;
    holds(keys === 0, "an address over its limit adds no store key");
    return "no store key";
  },
  "flood-rotations": (r) => {
    const f = figuresOf(r).flood("refresh-rotations");
    return `${count(f.count)} refresh rotations ${signedMb(f.heapGrowthBytes)} of heap`;
  },
  "flood-rss": (r) => {
    const { flood } = figuresOf(r);
    return `${signedMb(flood("refused-sign-ins").rssGrowthBytes)} for the refused sign-ins and ${signedMb(flood("refresh-rotations").rssGrowthBytes)} for the rotations`;
  },
  "flood-rss-verdict": (r) => verdict(r, "floods: ≤ 2 MB RSS growth"),

  // Auth.js, scale, logins.
  "authjs-decode": (r) => {
    const { micro } = figuresOf(r);
    const [jwe, jws] = [micro("authjs").microsPerOp, micro("lib-jwt").microsPerOp];
    return `${us(jwe)}, ${(jwe / jws).toFixed(1)}× a full JWS verify`;
  },
  "authjs-page": (r) => {
    const { load } = figuresOf(r);
    const authjs = load("authjs-page").requestsPerSecond;
    return `${authjs.toFixed(0)} req/s on its dashboard against ${load("jwt-page").requestsPerSecond.toFixed(0)} for the plain-JWT one`;
  },
  "scale-flat": (r) => {
    const [first, last] = [need(r.scale[0], "no scale figure"), r.scale[r.scale.length - 1]];
    holds(verdict(r, "device list flat") === "MET" && verdict(r, "login with eviction flat") === "MET", "listing and eviction stay flat");
    return `from ${count(first.sessionsStored)} to ${count(last.sessionsStored)} stored sessions (list ${x(last.listMs / first.listMs)}, login with eviction ${x(last.evictAtLoginMs / first.evictAtLoginMs)})`;
  },
  "scale-keys": (r) => {
    const [first, last] = [need(r.scale[0], "no scale figure"), r.scale[r.scale.length - 1]];
    return `${ms(first.seedsKeysScanMs)} ms at ${count(first.sessionsStored)}, ${ms(last.seedsKeysScanMs)} ms at ${count(last.sessionsStored)}`;
  },
  "scale-ops": (r) => {
    const [first, last] = [need(r.scale[0], "no scale figure"), r.scale[r.scale.length - 1]];
    holds(verdict(r, "device list flat") === "MET" && verdict(r, "login with eviction flat") === "MET", "listing and eviction stay flat");
    return `${range(r.scale.map((s) => s.listMs), ms)} ms to list a user's sessions and ${range(r.scale.map((s) => s.evictAtLoginMs), ms)} ms for a login with eviction, from ${count(first.sessionsStored)} to ${count(last.sessionsStored)} stored sessions`;
  },

  // The pages and the APIs by guard, in one run each (docs/choosing.md).
  "edge-pages": (r) => {
    const { load, paired } = figuresOf(r);
    const single = (id: string) => x(need(load(id).ratioThroughput, `no ratio for "${id}"`));
    return `the JWT-guarded page served ${single("jwt-page")} the requests of the same middleware with no guard in one run, ${x(paired("jwt-page").ratioThroughput)} paired (rounds ${list(paired("jwt-page").ratiosThroughput)}); the session page on the memory store, checked in Node.js, ${single("session-page-memory")} (one run)`;
  },
  "verify-times": (r) => {
    const { micro } = figuresOf(r);
    return `${micro("lib-jwt").microsPerOp.toFixed(1)} µs for a token seen the first time, ${micro("lib-jwt-seen").microsPerOp.toFixed(1)} µs for one it accepted before`;
  },
  "jwt-checked-round-trips": (r) => need(figuresOf(r).load("jwt-page-checked").storeRoundTripsPerRequest, 'no store count for "jwt-page-checked"').toFixed(2),

  // Cookie bytes, from the bench's sign-ins as bob (bench/cookie-bytes.ts).
  "cookie-session": (r) => `${cookieBytes(r, "__Host-sid")} bytes`,
  "cookie-jwt": (r) => `${cookieBytes(r, "__Host-jwt")} bytes`,
  "cookie-session-vs-jwt": (r) => {
    const [session, jwt] = [cookieBytes(r, "__Host-sid"), cookieBytes(r, "__Host-jwt")];
    holds(session < jwt, "a session's cookie is smaller than a plain JWT's");
    return `${session} bytes against ${jwt} for a plain JWT, ${x(session / jwt)} its size`;
  },
  "cookie-better-auth": (r) => `${laneCookieBytes(r, BETTER_AUTH_BENCH.cookies)} bytes`,
  "cookie-better-auth-cache": (r) => {
    const [plain, cached] = [laneCookieBytes(r, BETTER_AUTH_BENCH.cookies), laneCookieBytes(r, BETTER_AUTH_BENCH.cookiesWithCache)];
    return `${cached - plain} bytes`;
  },
  "cookie-table": (r) => {
    const jwt = valueBytes(r, "__Host-jwt");
    const authjs = valueBytes(r, "authjs.session-token");
    const authjsHeader = cookieBytes(r, "authjs.session-token");
    const rows = [
      ["`__Host-jwt` (plain)", "JWS, HS256", "3", String(jwt), String(cookieBytes(r, "__Host-jwt")), "header and every claim (base64url is not encryption)"],
      ["`__Host-jwt` (all revocation checks) and `__Secure-jwt-refresh`", "JWS, HS256, and the refresh token (family id, generation, random bytes, HMAC tag)", "3 and 4", "—", `${cookieBytes(r, "__Host-jwt + __Secure-jwt-refresh")} for both`, "the same, plus `rev`, `ver`, `fam`; the refresh token's family id"],
      ["`authjs.session-token` (development; `__Secure-authjs.session-token` in production)", "JWE, `dir` + `A256CBC-HS512`", "5", String(authjs), `${authjsHeader} (${authjsHeader + SECURE_PREFIX.length} with the prefix)`, "only the header; the claims are ciphertext"],
      ["`__Host-sid`", "random token", "1", String(valueBytes(r, "__Host-sid")), String(cookieBytes(r, "__Host-sid")), "nothing: the data is on the server"],
    ];
    return [
      "",
      "| cookie | format | segments | token bytes | `Cookie:` header bytes | what the holder can read |",
      "|---|---|---|---|---|---|",
      ...rows.map((row) => `| ${row.join(" | ")} |`),
      "",
    ].join("\n");
  },
  "jwe-vs-jws": (r) => {
    const [jwe, jws] = [valueBytes(r, "authjs.session-token"), valueBytes(r, "__Host-jwt")];
    holds(jwe > jws, "the JWE is larger than the plain JWS");
    return x(jwe / jws);
  },
  "login-rate": (r) => {
    const { load } = figuresOf(r);
    return `${load("login-jwt").requestsPerSecond.toFixed(0)} req/s where \`/api/jwt/me\` serves ${load("jwt-api-cookie").requestsPerSecond.toFixed(0)}`;
  },
  "authjs-login-non2xx": (r) => String(figuresOf(r).load("login-authjs").non2xx),
};

const MARKER = /<!-- (\/?)bench:([a-z0-9-]+) -->/g;

/**
 * The document with every region filled from `results`. A region that cannot be filled (an
 * unknown name, a missing figure, prose the results no longer bear out) is left as it was and
 * named in `errors`, as is a marker without its pair.
 */
export function renderBenchFigures(text: string, results: Results): { text: string; errors: string[] } {
  const errors: string[] = [];
  let out = "";
  let at = 0;
  let open: { name: string; end: number } | null = null;
  for (const match of text.matchAll(MARKER)) {
    const [marker, closing, name] = match;
    const index = match.index;
    if (!closing) {
      if (open) errors.push(`<!-- bench:${open.name} --> is not closed before <!-- bench:${name} -->`);
      out += text.slice(at, index + marker.length);
      at = index + marker.length;
      open = { name, end: at };
      continue;
    }
    if (!open || open.name !== name) {
      errors.push(`<!-- /bench:${name} --> closes no <!-- bench:${name} -->`);
      continue;
    }
    const current = text.slice(open.end, index);
    out += regionText(open.name, current, results, errors) + marker;
    at = index + marker.length;
    open = null;
  }
  if (open) errors.push(`<!-- bench:${open.name} --> is never closed with <!-- /bench:${open.name} -->`);
  return { text: out + text.slice(at), errors };
}

function regionText(name: string, current: string, results: Results, errors: string[]): string {
  const figure = FIGURES[name];
  if (!figure) {
    errors.push(`<!-- bench:${name} -->: no such figure (FIGURES in bench/benchmarks-doc.ts)`);
    return current;
  }
  try {
    return figure(results);
  } catch (error) {
    if (error instanceof MissingFigure) errors.push(`<!-- bench:${name} -->: ${error.message} in ${RESULTS_FILE}`);
    else if (error instanceof ProseOutdated) errors.push(`<!-- bench:${name} -->: the text around it says ${error.message}, which ${RESULTS_FILE} no longer shows: reword it`);
    else throw error;
    return current;
  }
}

/** For scripts/docs.ts: a document's bench regions filled from the repository's results (unchanged if it has none). */
export function renderBenchFiguresIn(root: string, text: string): { text: string; errors: string[] } {
  if (!text.includes("<!-- bench:")) return { text, errors: [] };
  const file = join(root, RESULTS_FILE);
  if (!existsSync(file)) return { text, errors: [`bench figures need ${RESULTS_FILE}, which does not exist (npm run bench)`] };
  return renderBenchFigures(text, JSON.parse(readFileSync(file, "utf8")) as Results);
}
