/**
 * `npm run bench`: what each strategy costs, measured side by side in one run.
 *
 * Builds the app if there is no build, starts its own production servers (`next start`:
 * one on the memory store, two on Redis with and without the Edge lookup) and its own
 * redis-server + Upstash stand-in, runs every scenario, stops everything it started, and
 * prints one table. Writes results.json, results.md and chart.svg to bench/ (or --out DIR).
 *
 *   npm run bench                 # the full run (a few minutes on 2 cores)
 *   npm run bench -- --quick      # seconds: the CI smoke test
 *
 * Load: autocannon. Per-operation timings: tinybench. Figures are printed, never asserted.
 */
import { randomBytes, createHmac, timingSafeEqual } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import autocannon from "autocannon";
import { Bench } from "tinybench";
import { Redis as IORedis } from "ioredis";
import { jwtVerify } from "jose";
import { encode as encodeAuthjs, decode as decodeAuthjs } from "next-auth/jwt";
import { freePort, startNextServer, type Started } from "../scripts/lib/processes";
import { startRedisServer, type RedisServer } from "../scripts/lib/redis-server";
import { startUpstashStandIn, type StandIn } from "../scripts/lib/upstash-standin";
import { generateSigningJwk } from "../scripts/lib/signing-key";
import { signAccessToken, verifyAccessToken, type JwtSettings } from "../lib/jwt/token";
import { MemoryStore } from "../lib/store/memory";
import { UpstashStore } from "../lib/store/upstash";
import { createSession, listSessionsForUser, validateSessionToken, type SessionDeps } from "../lib/session/session";
import { renderChart, renderMarkdown, renderTerminal, type CookieFigure, type LoadFigure, type MicroFigure, type Results, type ScaleFigure, type Target } from "./report";

const quick = process.argv.includes("--quick");
const outIndex = process.argv.indexOf("--out");
const outDir = outIndex > 0 ? process.argv[outIndex + 1] : "bench";
const LOAD_SECONDS = quick ? 1 : 6;
/**
 * Load before measuring, for each scenario: without it the first lanes measured are the
 * ones still being compiled by V8 (the JWT lanes run jose both in the Edge sandbox and on
 * Node.js, so they warm up last), and a cold JWT API looked like half a session API.
 */
const WARMUP_SECONDS = quick ? 0.5 : 2;
const CONNECTIONS = 10;
const SCALE_SIZES = quick ? [1_000, 5_000] : [10_000, 100_000, 1_000_000];
const MICRO_TIME_MS = quick ? 100 : 1_000;

const started: Started[] = [];
const redisServers: RedisServer[] = [];
const standIns: StandIn[] = [];
const startedPids: number[] = [];

function log(message: string) {
  console.error(`[bench] ${message}`);
}

// ---------------------------------------------------------------------------- servers

const secrets = {
  JWT_SECRET: randomBytes(32).toString("base64url"),
  AUTH_SECRET: randomBytes(32).toString("base64url"),
  THIRD_PARTY_SIGNING_KEYS: JSON.stringify([generateSigningJwk()]),
  SESSION_MAX_DEVICES: "1000", // the load scenarios log in many times
  // ...with 10 connections at once for one account: the login limiter counts attempts in
  // flight, so these scenarios would measure 429s. They measure the login (limiter included).
  LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS: "1000000",
  LOGIN_MAX_FAILURES_PER_ACCOUNT: "1000000",
  LOGIN_MAX_FAILURES_PER_ADDRESS: "1000000",
};
const STANDIN_TOKEN = randomBytes(16).toString("base64url");

async function startServer(env: Record<string, string>): Promise<string> {
  const port = await freePort();
  const server = await startNextServer(port, { ...secrets, ...env });
  started.push(server);
  if (server.process.pid) startedPids.push(server.process.pid);
  return `http://localhost:${port}`;
}

async function startRedisWithStandIn(): Promise<{ redis: RedisServer; standIn: StandIn }> {
  const redis = await startRedisServer();
  redisServers.push(redis);
  if (redis.pid()) startedPids.push(redis.pid()!);
  const standIn = await startUpstashStandIn({ redisUrl: redis.url, token: STANDIN_TOKEN });
  standIns.push(standIn);
  return { redis, standIn };
}

async function stopEverything() {
  await Promise.all(started.map((s) => s.stop()));
  await Promise.all(standIns.map((s) => s.close()));
  await Promise.all(redisServers.map((r) => r.dispose()));
}

// ---------------------------------------------------------------------------- logins

function cookieFrom(response: Response, name: RegExp): string {
  for (const header of response.headers.getSetCookie()) {
    const pair = header.split(";")[0];
    if (name.test(pair.split("=")[0]) && pair.split("=")[1]) return pair;
  }
  throw new Error(`no cookie matching ${name} in the response (HTTP ${response.status})`);
}

const json = (body: unknown) => ({ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
const BOB = { username: "bob", password: "battery-staple" };

async function loginJwt(base: string, checks: string[]) {
  const response = await fetch(`${base}/api/jwt/login`, json({ ...BOB, checks }));
  const cookies = response.headers.getSetCookie().map((c) => c.split(";")[0]);
  return { jwt: cookieFrom(response, /^__Host-jwt$/), all: cookies };
}

async function loginSession(base: string) {
  return cookieFrom(await fetch(`${base}/api/session/login`, json(BOB)), /^__Host-sid$/);
}

async function authjsLoginRequest(base: string) {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  return {
    cookie: cookieFrom(csrf, /authjs\.csrf-token$/),
    body: new URLSearchParams({ csrfToken, ...BOB }).toString(),
  };
}

async function loginAuthjs(base: string) {
  const request = await authjsLoginRequest(base);
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: request.cookie },
    body: request.body,
    redirect: "manual",
  });
  return cookieFrom(response, /authjs\.session-token$/);
}

// ---------------------------------------------------------------------------- load

interface LoadScenario {
  id: string;
  label: string;
  lane: "baseline" | "jwt" | "session" | "authjs";
  url: string;
  headers?: Record<string, string>;
  method?: "GET" | "POST";
  body?: string;
  /** Reads a running total of store round trips (the stand-in's requests, or the memory server's counter). */
  roundTrips?: () => Promise<number>;
  note?: string;
}

async function runLoad(s: LoadScenario): Promise<Omit<LoadFigure, "ratioP50ToBaseline" | "ratioThroughputToBaseline">> {
  const options = { url: s.url, connections: CONNECTIONS, method: s.method ?? "GET", headers: s.headers, body: s.body } as const;
  await autocannon({ ...options, duration: WARMUP_SECONDS });
  const before = (await s.roundTrips?.()) ?? 0;
  const result = await autocannon({ ...options, duration: LOAD_SECONDS });
  const requests = result.requests.total;
  const roundTrips = s.roundTrips ? ((await s.roundTrips()) - before) / Math.max(1, requests) : null;
  log(`${s.label}: ${result.requests.average.toFixed(0)} req/s, p50 ${result.latency.p50} ms`);
  return {
    id: s.id,
    label: s.label,
    lane: s.lane,
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    storeRoundTripsPerRequest: roundTrips,
    note: s.note,
  };
}

// ---------------------------------------------------------------------------- micro

async function microBenchmarks(standIn: StandIn): Promise<MicroFigure[]> {
  const settings: JwtSettings = { secret: randomBytes(32).toString("base64url"), issuer: "jwt-vs-session", audience: "jwt-vs-session:web", accessTokenTtlSeconds: 3600 };
  const token = await signAccessToken({ id: "bob", role: "user" }, settings);
  const [header, payload, signature] = token.split(".");
  const signingInput = `${header}.${payload}`;
  const expectedSignature = Buffer.from(signature, "base64url");
  const rawSecret = new TextEncoder().encode(settings.secret);

  const authSecret = randomBytes(32).toString("base64url");
  const salt = "authjs.session-token";
  const jwe = await encodeAuthjs({ token: { sub: "bob", id: "bob", role: "user", name: "Bob", ver: 0, authTime: Date.now() }, secret: authSecret, salt });

  const memory = new MemoryStore();
  const policy = { idleTtlSeconds: 3600, absoluteTtlSeconds: 7200, maxDevices: 1000 };
  const memoryDeps: SessionDeps = { store: memory, now: Date.now, policy };
  const memorySession = await createSession(memoryDeps, { id: "bob", role: "user" }, "bench");
  const redisDeps: SessionDeps = { store: UpstashStore.connect(standIn.url, STANDIN_TOKEN), now: Date.now, policy };
  const redisSession = await createSession(redisDeps, { id: "bob", role: "user" }, "bench");

  // Each task checks its own answer once, so a broken one cannot post a fast time.
  const checks: Array<[string, () => Promise<boolean>]> = [
    ["floor", async () => timingSafeEqual(createHmac("sha256", settings.secret).update(signingInput).digest(), expectedSignature)],
    ["lib-jwt", async () => (await verifyAccessToken(token, settings)).ok],
    ["authjs", async () => (await decodeAuthjs({ token: jwe, secret: authSecret, salt }))?.sub === "bob"],
    ["session-memory", async () => (await validateSessionToken(memoryDeps, memorySession.token, { touch: false })).ok],
    ["session-redis", async () => (await validateSessionToken(redisDeps, redisSession.token, { touch: false })).ok],
  ];
  for (const [name, check] of checks) if (!(await check())) throw new Error(`micro-benchmark ${name} gave a wrong answer`);

  const bench = new Bench({ time: MICRO_TIME_MS, warmupTime: quick ? 20 : 200 });
  bench
    .add("floor", () => {
      timingSafeEqual(createHmac("sha256", settings.secret).update(signingInput).digest(), expectedSignature);
    })
    .add("lib-jwt", async () => {
      await verifyAccessToken(token, settings);
    })
    .add("jose-raw", async () => {
      await jwtVerify(token, rawSecret, { algorithms: ["HS256"], issuer: settings.issuer, audience: settings.audience, typ: "at+jwt" });
    })
    .add("authjs", async () => {
      await decodeAuthjs({ token: jwe, secret: authSecret, salt });
    })
    .add("session-memory", async () => {
      await validateSessionToken(memoryDeps, memorySession.token, { touch: false });
    })
    .add("session-redis", async () => {
      await validateSessionToken(redisDeps, redisSession.token, { touch: false });
    });
  await bench.run();

  const micros = (name: string) => {
    const task = bench.getTask(name);
    const result = task?.result;
    if (!result || !("latency" in result)) throw new Error(`micro-benchmark ${name} did not complete`);
    return result.latency.mean * 1000;
  };
  const floor = micros("floor");
  const labels: Record<string, string> = {
    floor: "HMAC-SHA256 of the signing input (node:crypto): the floor",
    "lib-jwt": "verify a JWT with lib/jwt/token.ts (CryptoKey imported once)",
    "jose-raw": "verify a JWT with jose, secret passed as raw bytes",
    authjs: "decode an Auth.js session cookie (JWE)",
    "session-memory": "validate a session: SHA-256 + memory store GET",
    "session-redis": "validate a session: SHA-256 + Redis GET (HTTP, loopback)",
  };
  return Object.entries(labels).map(([id, label]) => ({ id, label, microsPerOp: micros(id), ratioToFloor: micros(id) / floor }));
}

// ---------------------------------------------------------------------------- scale

/**
 * Per-user operations with many sessions stored: ours go through the per-user sorted set
 * (ZRANGE + MGET to list; ZRANGE then one MULTI to log in with eviction); the seeds' way is
 * `KEYS session:user:<id>:*`, on the same number of sessions laid out the seeds' way.
 */
async function scaleBenchmarks(): Promise<ScaleFigure[]> {
  const { redis, standIn } = await startRedisWithStandIn();
  const direct = new IORedis(redis.url, { protocol: 2 });
  const seedsLayout = new IORedis(redis.url, { protocol: 2, db: 1 });
  const deps: SessionDeps = {
    store: UpstashStore.connect(standIn.url, STANDIN_TOKEN),
    now: Date.now,
    policy: { idleTtlSeconds: 86_400, absoluteTtlSeconds: 86_400, maxDevices: 3 },
  };
  const figures: ScaleFigure[] = [];
  let seeded = 0;
  try {
    for (const size of SCALE_SIZES) {
      // Seed up to `size` sessions in pipelined batches (3 per user), in both layouts.
      const now = Date.now();
      for (let from = seeded; from < size; from += 5_000) {
        const ours = direct.pipeline();
        const theirs = seedsLayout.pipeline();
        for (let i = from; i < Math.min(size, from + 5_000); i++) {
          const id = i.toString(16).padStart(64, "0");
          const user = `u${Math.floor(i / 3)}`;
          const record = JSON.stringify({ userId: user, role: "user", createdAt: now, lastSeenAt: now, expiresAt: now + 86_400_000, absoluteExpiresAt: now + 86_400_000, userAgent: "seeded" });
          ours.set(`session:${id}`, record, "EX", 86_400);
          ours.zadd(`user-sessions:${user}`, now + i, id);
          theirs.set(`session:user:${user}:${id}`, record, "EX", 86_400);
        }
        await Promise.all([ours.exec(), theirs.exec()]);
      }
      seeded = size;
      for (let i = 0; i < 3; i++) await createSession(deps, { id: "bench-user", role: "user" }, `device ${i}`);
      await seedsLayout.set("session:user:bench-user:x", "{}", "EX", 86_400);

      const bench = new Bench({ iterations: quick ? 20 : 100, warmupIterations: 5, time: 0 });
      bench
        .add("list", async () => {
          await listSessionsForUser(deps, "bench-user");
        })
        .add("evict", async () => {
          await createSession(deps, { id: "bench-user", role: "user" }, "bench"); // evicts the oldest
        })
        .add("keys", async () => {
          await seedsLayout.keys("session:user:bench-user:*");
        });
      await bench.run();
      const ms = (name: string) => {
        const result = bench.getTask(name)?.result;
        if (!result || !("latency" in result)) throw new Error(`scale task ${name} did not complete`);
        return result.latency.mean;
      };
      figures.push({ sessionsStored: size, listMs: ms("list"), evictAtLoginMs: ms("evict"), seedsKeysScanMs: ms("keys") });
      log(`scale ${size}: list ${ms("list").toFixed(2)} ms, evict ${ms("evict").toFixed(2)} ms, KEYS ${ms("keys").toFixed(2)} ms`);
    }
  } finally {
    direct.disconnect();
    seedsLayout.disconnect();
  }
  return figures;
}

// ---------------------------------------------------------------------------- main

function packageVersion(name: string): string {
  return (JSON.parse(readFileSync(join("node_modules", name, "package.json"), "utf8")) as { version: string }).version;
}

async function main(): Promise<Results> {
  log(quick ? "quick run" : "full run (a few minutes)");
  const { redis, standIn } = await startRedisWithStandIn();
  const redisEnv = { UPSTASH_REDIS_REST_URL: standIn.url, UPSTASH_REDIS_REST_TOKEN: STANDIN_TOKEN };
  const memoryBase = await startServer({ STORE_ROUND_TRIP_COUNTER: "on" });
  const memoryCounter = async () => ((await (await fetch(`${memoryBase}/bench/store-stats`)).json()) as { roundTrips: number }).roundTrips;
  const redisCounter = async () => standIn.requests();
  const [edgeBase, nodeOnlyBase] = await Promise.all([startServer({ ...redisEnv }), startServer({ ...redisEnv, SESSION_EDGE_LOOKUP: "off" })]);
  log(`servers: memory ${memoryBase}, Redis + Edge lookup ${edgeBase}, Redis without ${nodeOnlyBase}`);

  const plainJwt = await loginJwt(memoryBase, []);
  const checkedJwt = await loginJwt(memoryBase, ["jti", "ver"]);
  const fullJwt = await loginJwt(memoryBase, ["jti", "ver", "refresh"]);
  const bearer = plainJwt.jwt.split("=")[1];
  const sessionMemory = await loginSession(memoryBase);
  const sessionEdge = await loginSession(edgeBase);
  const sessionNodeOnly = await loginSession(nodeOnlyBase);
  const authjs = await loginAuthjs(memoryBase);
  const authjsLogin = await authjsLoginRequest(memoryBase);

  const scenarios: LoadScenario[] = [
    { id: "baseline", label: "baseline: the JWT dashboard, unguarded", lane: "baseline", url: `${memoryBase}/bench/baseline`, roundTrips: memoryCounter },
    { id: "jwt-page", label: "/jwt/dashboard (plain JWT)", lane: "jwt", url: `${memoryBase}/jwt/dashboard`, headers: { cookie: plainJwt.jwt }, roundTrips: memoryCounter },
    { id: "jwt-page-checked", label: "/jwt/dashboard (jti + version checks)", lane: "jwt", url: `${memoryBase}/jwt/dashboard`, headers: { cookie: checkedJwt.jwt }, roundTrips: memoryCounter },
    { id: "session-page-memory", label: "/session/dashboard (memory)", lane: "session", url: `${memoryBase}/session/dashboard`, headers: { cookie: sessionMemory }, roundTrips: memoryCounter },
    { id: "session-page-redis", label: "/session/dashboard (Redis)", lane: "session", url: `${nodeOnlyBase}/session/dashboard`, headers: { cookie: sessionNodeOnly }, roundTrips: redisCounter },
    { id: "session-page-redis-edge", label: "/session/dashboard (Redis + Edge lookup)", lane: "session", url: `${edgeBase}/session/dashboard`, headers: { cookie: sessionEdge }, roundTrips: redisCounter },
    { id: "authjs-page", label: "/authjs/dashboard", lane: "authjs", url: `${memoryBase}/authjs/dashboard`, headers: { cookie: authjs }, roundTrips: memoryCounter },
    { id: "jwt-api-cookie", label: "/api/jwt/me (cookie)", lane: "jwt", url: `${memoryBase}/api/jwt/me`, headers: { cookie: plainJwt.jwt }, roundTrips: memoryCounter },
    { id: "jwt-api-bearer", label: "/api/jwt/me (Bearer)", lane: "jwt", url: `${memoryBase}/api/jwt/me`, headers: { authorization: `Bearer ${bearer}` }, roundTrips: memoryCounter },
    { id: "session-api-memory", label: "/api/session/me (memory)", lane: "session", url: `${memoryBase}/api/session/me`, headers: { cookie: sessionMemory }, roundTrips: memoryCounter },
    { id: "session-api-redis", label: "/api/session/me (Redis)", lane: "session", url: `${nodeOnlyBase}/api/session/me`, headers: { cookie: sessionNodeOnly }, roundTrips: redisCounter },
    { id: "authjs-api", label: "/api/authjs/me", lane: "authjs", url: `${memoryBase}/api/authjs/me`, headers: { cookie: authjs }, roundTrips: memoryCounter },
    { id: "login-jwt", label: "login /api/jwt/login (scrypt)", lane: "jwt", url: `${memoryBase}/api/jwt/login`, method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ ...BOB, checks: [] }), roundTrips: memoryCounter },
    { id: "login-session", label: "login /api/session/login (scrypt)", lane: "session", url: `${nodeOnlyBase}/api/session/login`, method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(BOB), roundTrips: redisCounter },
    { id: "login-authjs", label: "login Auth.js credentials (scrypt)", lane: "authjs", url: `${memoryBase}/api/auth/callback/credentials`, method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", cookie: authjsLogin.cookie }, body: authjsLogin.body, note: "302 on success", roundTrips: memoryCounter },
  ];
  // Warm every server and code path once before measuring anything (see WARMUP_SECONDS).
  for (const s of scenarios.filter((s) => !s.id.startsWith("login-"))) {
    await autocannon({ url: s.url, connections: CONNECTIONS, duration: WARMUP_SECONDS, headers: s.headers });
  }
  const raw = [];
  for (const scenario of scenarios) raw.push(await runLoad(scenario));
  const baseline = raw[0];
  const load: LoadFigure[] = raw.map((f) => ({
    ...f,
    ratioP50ToBaseline: f.id.startsWith("login-") ? null : f.p50Ms / Math.max(baseline.p50Ms, 0.001),
    ratioThroughputToBaseline: f.id.startsWith("login-") ? null : f.requestsPerSecond / baseline.requestsPerSecond,
  }));

  log("per-operation timings");
  const micro = await microBenchmarks(standIn);
  log("scale");
  const scale = await scaleBenchmarks();

  const bytes = (text: string) => Buffer.byteLength(text);
  const sessionId = (await import("../lib/opaque-token")).sha256Hex(sessionEdge.split("=")[1]);
  const direct = new IORedis(redis.url, { protocol: 2 });
  const serverSessionBytes = Number(await direct.call("MEMORY", "USAGE", `session:${await sessionId}`)) || null;
  direct.disconnect();
  const cookies: CookieFigure[] = [
    { lane: "JWT (plain)", cookies: "__Host-jwt", browserBytes: bytes(plainJwt.jwt), serverBytesPerSession: 0 },
    { lane: "JWT (all revocation checks)", cookies: "__Host-jwt + __Secure-jwt-refresh", browserBytes: fullJwt.all.filter((c) => c.includes("jwt")).reduce((n, c) => n + bytes(c), 0), serverBytesPerSession: null },
    { lane: "Auth.js (JWE)", cookies: "authjs.session-token", browserBytes: bytes(authjs), serverBytesPerSession: 0 },
    { lane: "session", cookies: "__Host-sid", browserBytes: bytes(sessionEdge), serverBytesPerSession: serverSessionBytes },
  ];

  const figure = (id: string) => load.find((f) => f.id === id)!;
  const microOf = (id: string) => micro.find((m) => m.id === id)!;
  const jwtPage = figure("jwt-page");
  const first = scale[0];
  const last = scale[scale.length - 1];
  const flat = (a: number, b: number) => b / a;
  const targets: Target[] = [
    { name: "JWT Edge guard p50 ≤ 1.10× baseline", figure: `${jwtPage.ratioP50ToBaseline!.toFixed(2)}×`, met: jwtPage.ratioP50ToBaseline! <= 1.1 },
    { name: "JWT Edge guard throughput ≥ 0.90× baseline", figure: `${jwtPage.ratioThroughputToBaseline!.toFixed(2)}×`, met: jwtPage.ratioThroughputToBaseline! >= 0.9 },
    { name: "lib/jwt/token.ts verify ≤ 50 µs", figure: `${microOf("lib-jwt").microsPerOp.toFixed(1)} µs`, met: microOf("lib-jwt").microsPerOp <= 50 },
    { name: "lib/jwt/token.ts verify within 10× the HMAC floor", figure: `${microOf("lib-jwt").ratioToFloor!.toFixed(1)}×`, met: microOf("lib-jwt").ratioToFloor! <= 10 },
    { name: "lib/jwt/token.ts faster than jose with raw-byte keys", figure: `${microOf("lib-jwt").microsPerOp.toFixed(1)} vs ${microOf("jose-raw").microsPerOp.toFixed(1)} µs`, met: microOf("lib-jwt").microsPerOp < microOf("jose-raw").microsPerOp },
    { name: "session guard: 1 store round trip per request (no Edge lookup)", figure: `${figure("session-page-redis").storeRoundTripsPerRequest!.toFixed(2)}`, met: Math.abs(figure("session-page-redis").storeRoundTripsPerRequest! - 1) < 0.05 },
    { name: "session guard: 2 store round trips per request (Edge lookup)", figure: `${figure("session-page-redis-edge").storeRoundTripsPerRequest!.toFixed(2)}`, met: Math.abs(figure("session-page-redis-edge").storeRoundTripsPerRequest! - 2) < 0.05 },
    { name: "session guard on Redis p50 ≤ 1.25× baseline", figure: `${figure("session-page-redis").ratioP50ToBaseline!.toFixed(2)}× (Edge lookup: ${figure("session-page-redis-edge").ratioP50ToBaseline!.toFixed(2)}×)`, met: figure("session-page-redis").ratioP50ToBaseline! <= 1.25 },
    { name: "hand-written JWT lane faster than Auth.js (JWE decrypt + key derivation)", figure: `${jwtPage.requestsPerSecond.toFixed(0)} vs ${figure("authjs-page").requestsPerSecond.toFixed(0)} req/s; decode ${microOf("lib-jwt").microsPerOp.toFixed(0)} vs ${microOf("authjs").microsPerOp.toFixed(0)} µs`, met: jwtPage.requestsPerSecond > figure("authjs-page").requestsPerSecond },
    { name: `device list flat from ${first.sessionsStored.toLocaleString("en")} to ${last.sessionsStored.toLocaleString("en")} sessions (≤ 1.5×)`, figure: `${flat(first.listMs, last.listMs).toFixed(2)}× (KEYS: ${flat(first.seedsKeysScanMs, last.seedsKeysScanMs).toFixed(1)}×)`, met: flat(first.listMs, last.listMs) <= 1.5 },
    { name: "login with eviction flat (≤ 1.5×)", figure: `${flat(first.evictAtLoginMs, last.evictAtLoginMs).toFixed(2)}×`, met: flat(first.evictAtLoginMs, last.evictAtLoginMs) <= 1.5 },
  ];

  const cpu = cpus()[0]?.model ?? "unknown CPU";
  return {
    date: new Date().toISOString(),
    quick,
    machine: { cpu, cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, platform: `${process.platform} ${process.arch}` },
    versions: {
      next: packageVersion("next"),
      "next-auth": packageVersion("next-auth"),
      jose: packageVersion("jose"),
      "@upstash/redis": packageVersion("@upstash/redis"),
      "redis-server": execFileSync("redis-server", ["--version"], { encoding: "utf8" }).match(/v=(\S+)/)?.[1] ?? "?",
      autocannon: packageVersion("autocannon"),
      tinybench: packageVersion("tinybench"),
    },
    load,
    micro,
    scale,
    cookies,
    targets,
    startedPids,
  };
}

let results: Results | undefined;
try {
  results = await main();
} finally {
  log("stopping the servers and redis-server it started");
  await stopEverything();
}
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(join(outDir, "results.md"), renderMarkdown(results));
writeFileSync(join(outDir, "chart.svg"), renderChart(results));
console.log(renderTerminal(results));
console.log(`\nwrote ${join(outDir, "results.json")}, results.md, chart.svg`);
if (!quick && outDir === "bench") {
  // A full run into bench/ also refreshes the table docs/benchmarks.md shows (between its markers).
  const readme = readFileSync("docs/benchmarks.md", "utf8");
  const updated = readme.replace(/(<!-- bench:results -->\n)[\s\S]*?(<!-- \/bench:results -->)/, `$1${renderMarkdown(results)}$2`);
  if (updated !== readme) {
    writeFileSync("docs/benchmarks.md", updated);
    console.log("updated the results table in docs/benchmarks.md");
  }
}
process.exit(0);
