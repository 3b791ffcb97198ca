/**
 * `npm run bench`: what each strategy costs, measured side by side in one run.
 *
 * Builds the app if there is no build, and a scratch copy with middleware on the Node.js
 * runtime (bench/node-runtime.ts); starts its own production servers (`next start`: one on
 * the memory store, two on Redis with and without the Edge lookup, the Node.js-runtime copy,
 * and one for the floods) and its own redis-server + Upstash stand-in; runs every scenario,
 * the per-operation timings (ours and the peers': bench/peers.ts), stops everything it
 * started, and prints one table. Writes results.json, results.md and chart.svg to bench/ (or
 * --out DIR).
 *
 *   npm run bench                 # the full run (a few minutes on 2 cores)
 *   npm run bench -- --quick      # seconds: the CI smoke test
 *   npm run bench -- --rerender   # the MET/MISSED verdicts again from bench/results.json
 *
 * Load: autocannon. Per-operation timings: tinybench. Figures are printed, never asserted.
 */
import { randomBytes, createHmac, timingSafeEqual } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
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
import { signAccessToken, verifyAccessToken, verifyAccessTokenFully } from "../lib/jwt";
import { MemoryStore } from "../lib/store/memory";
import { UpstashStore } from "../lib/store/upstash";
import { createSession, sessionIdFromToken, sessionKey, validateSessionToken, type SessionDeps } from "../lib/session";
import { listSessionsForUser } from "../lib/session/devices";
import { renderChart, renderMarkdown, renderTerminal, targetsFor, type CookieFigure, type FloodFigure, type CpuPerRequest, type LoadFigure, type MicroFigure, type PairedFigure, type PeerFigure, type Results, type RuntimeFigure, type ScaleFigure } from "./report";
import { buildNodeRuntimeCopy, removeNodeRuntimeCopy } from "./node-runtime";
import { cpuMs } from "./cpu";
import { BOB, cookieFrom, json, loginJwt, loginSession } from "./logins";
import type { PeerRoute } from "./peer-route";
import { BENCH_FIXTURES_ENV, LOAD_LIMITS, throwawaySecrets } from "./server-env";
import { BENCH_SESSION_POLICY, benchJwtSettings } from "./settings";
import { peerMicroBenchmarks } from "./peers";

const quick = process.argv.includes("--quick");
const outIndex = process.argv.indexOf("--out");
const outDir = outIndex > 0 ? process.argv[outIndex + 1] : "bench";
const LOAD_SECONDS = quick ? 1 : 10;
/**
 * Load before measuring, for each scenario: without it the first lanes measured are the
 * ones still being compiled by V8 (the JWT lanes run jose both in the Edge sandbox and on
 * Node.js, so they warm up last), and a cold JWT API looked like half a session API.
 */
const WARMUP_SECONDS = quick ? 0.5 : 3;
const CONNECTIONS = 10;
/**
 * Ratios that targets judge are measured again, paired: reference, scenario, reference, …
 * (A/B/A), each scenario run set against the mean of the two reference runs around it, and
 * the median over the rounds reported. One run of each, minutes apart, moved ±20–30% on
 * this 2-core machine; adjacent runs of the same server drift together.
 */
const PAIRED_ROUNDS = quick ? 1 : 3;
const PAIRED_SECONDS = quick ? 0.5 : 5;
const PAIRED_WARMUP_SECONDS = quick ? 0.2 : 1;
const SCALE_SIZES = quick ? [1_000, 5_000] : [10_000, 100_000, 1_000_000];
const MICRO_TIME_MS = quick ? 100 : 1_000;
/** Requests per flood (the target is stated for 20k refused sign-ins). */
const FLOOD_SIZE = quick ? 1_000 : 20_000;
/**
 * Requests before the first reading. A fresh server's RSS grows by tens of MB over its first
 * ~20k requests of any kind while V8 sizes its heap to the load (heapTotal 194 → 220 MB
 * here; measured: +62 MB RSS over a fresh server's first 20k refused sign-ins, then +1.6 and
 * -4.0 MB over the next two 20k, heap after GC flat throughout). So the first flood (the
 * rotations) is preceded by one of the same size, and each is measured on a warm server: the
 * growth a flood itself adds is what counts.
 */
const FLOOD_WARMUP = quick ? 1_000 : 3_000;

const started: Started[] = [];
const redisServers: RedisServer[] = [];
const standIns: StandIn[] = [];
const startedPids: number[] = [];

function log(message: string) {
  console.error(`[bench] ${message}`);
}

// ---------------------------------------------------------------------------- servers

const secrets = throwawaySecrets();
const loadLimits = LOAD_LIMITS;
const STANDIN_TOKEN = randomBytes(16).toString("base64url");

/** The redis-server processes: CPU a request costs the store. */
const redisPids: number[] = [];
/** Each server's process group, by its port: whose CPU time a request to it costs. */
const serverPids = new Map<string, number>();

async function startServer(env: Record<string, string>, { cwd = ".", limits = loadLimits }: { cwd?: string; limits?: Record<string, string> } = {}): Promise<{ base: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const server = await startNextServer(port, { ...secrets, ...BENCH_FIXTURES_ENV, ...limits, ...env }, { cwd });
  started.push(server);
  if (server.process.pid) {
    startedPids.push(server.process.pid);
    serverPids.set(String(port), server.process.pid);
  }
  return { base: `http://localhost:${port}`, stop: () => server.stop() };
}

async function startRedisWithStandIn(): Promise<{ redis: RedisServer; standIn: StandIn }> {
  const redis = await startRedisServer();
  redisServers.push(redis);
  const pid = redis.pid();
  if (pid) {
    startedPids.push(pid);
    redisPids.push(pid);
  }
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

type StoreCounter = () => Promise<{ roundTrips: number; commands: number; gets?: number }>;

interface LoadScenario {
  id: string;
  label: string;
  lane: "baseline" | "jwt" | "session" | "authjs";
  runtime: LoadFigure["runtime"];
  url: string;
  headers?: Record<string, string>;
  method?: "GET" | "POST";
  body?: string;
  /** Running totals of store round trips and commands (the stand-in's, or the memory server's counter). */
  store?: StoreCounter;
  /**
   * For an exact count whatever the timed run left in flight: signs in afresh just before
   * the counting pass and counts only the traffic that names that credential's own key.
   */
  counting?: () => Promise<{ headers: Record<string, string>; store: StoreCounter }>;
  /** The scenario this one is set against (see LoadFigure.reference). */
  reference?: string;
  note?: string;
}

type Measured = Omit<LoadFigure, "ratioP50" | "ratioThroughput">;

/** Requests in each scenario's counting pass (a fixed number, every one answered). */
const COUNTED_REQUESTS = quick ? 50 : 200;

/**
 * A store counter read once the server is quiet: requests a timed run left in flight (cut
 * off when its time was up) may still reach the store after it returned.
 */
async function settledCount(store: StoreCounter) {
  let last = await store();
  let quiet = 0;
  for (let i = 0; i < 200; i++) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    const now = await store();
    quiet = now.roundTrips === last.roundTrips && now.commands === last.commands && now.gets === last.gets ? quiet + 1 : 0;
    if (quiet === 8) return now; // 200 ms without a command
    last = now;
  }
  throw new Error("the store counter never settled: is something else loading the server?");
}

async function runLoad(s: LoadScenario): Promise<Measured> {
  const options = { url: s.url, connections: CONNECTIONS, method: s.method ?? "GET", headers: s.headers, body: s.body } as const;
  await autocannon({ ...options, duration: WARMUP_SECONDS });
  const result = await autocannon({ ...options, duration: LOAD_SECONDS });
  // Store traffic is counted on a pass of its own, a fixed number of requests that all get
  // their answer, between two quiet readings: an exact count, not a rate.
  let perRequest: Pick<Measured, "storeRoundTripsPerRequest" | "storeCommandsPerRequest" | "storeGetsPerRequest"> = { storeRoundTripsPerRequest: null, storeCommandsPerRequest: null, storeGetsPerRequest: null };
  if (s.store) {
    const own = s.counting ? await s.counting() : null;
    const store = own?.store ?? s.store;
    const before = await settledCount(store);
    const counted = await autocannon({ ...options, headers: own?.headers ?? options.headers, amount: COUNTED_REQUESTS });
    const after = await settledCount(store);
    const n = counted.requests.total;
    perRequest = {
      storeRoundTripsPerRequest: (after.roundTrips - before.roundTrips) / n,
      storeCommandsPerRequest: (after.commands - before.commands) / n,
      storeGetsPerRequest: before.gets !== undefined && after.gets !== undefined ? (after.gets - before.gets) / n : null,
    };
  }
  log(`${s.label}: ${result.requests.average.toFixed(0)} req/s, p50 ${result.latency.p50} ms`);
  return {
    id: s.id,
    label: s.label,
    lane: s.lane,
    runtime: s.runtime,
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    ...perRequest,
    reference: s.reference ?? null,
    note: s.note,
  };
}

/** What a paired measurement runs: a load scenario's request, or a peer route's. */
interface PairSide {
  id: string;
  label: string;
  url: string;
  headers?: Record<string, string>;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** A/B/A…: the reference before and after each run of the scenario (see PAIRED_ROUNDS). */
async function runPaired(scenario: PairSide, reference: PairSide, note?: string): Promise<PairedFigure> {
  const once = async (side: PairSide) => {
    const options = { url: side.url, connections: CONNECTIONS, headers: side.headers } as const;
    await autocannon({ ...options, duration: PAIRED_WARMUP_SECONDS });
    const server = serverPids.get(new URL(side.url).port);
    const read = () => ({ server: server ? cpuMs([server]) : null, redis: redisPids.length ? cpuMs(redisPids) : null, bench: process.cpuUsage() });
    const before = read();
    const result = await autocannon({ ...options, duration: PAIRED_SECONDS });
    const after = read();
    const n = Math.max(result.requests.total, 1);
    const perRequest = (a: number | null, b: number | null) => (a === null || b === null ? null : (b - a) / n);
    const benchUsage = process.cpuUsage(before.bench);
    return {
      requestsPerSecond: result.requests.average,
      p50Ms: result.latency.p50,
      failed: result.non2xx + result.errors,
      cpu: { server: perRequest(before.server, after.server), redis: perRequest(before.redis, after.redis), bench: (benchUsage.user + benchUsage.system) / 1000 / n },
    };
  };
  const cpuMedian = (runs: Array<Awaited<ReturnType<typeof once>>>): CpuPerRequest => {
    const of = (key: keyof CpuPerRequest) => {
      const values = runs.map((run) => run.cpu[key]).filter((v): v is number => v !== null);
      return values.length === runs.length ? median(values) : null;
    };
    return { server: of("server"), redis: of("redis"), bench: of("bench") };
  };
  const references = [await once(reference)];
  const runs: Awaited<ReturnType<typeof once>>[] = [];
  for (let round = 0; round < PAIRED_ROUNDS; round++) {
    runs.push(await once(scenario));
    references.push(await once(reference));
  }
  const around = (i: number, key: "requestsPerSecond" | "p50Ms") => (references[i][key] + references[i + 1][key]) / 2;
  const ratiosP50 = runs.map((run, i) => run.p50Ms / Math.max(around(i, "p50Ms"), 0.001));
  const ratiosThroughput = runs.map((run, i) => run.requestsPerSecond / around(i, "requestsPerSecond"));
  log(`${scenario.label} vs ${reference.label}: p50 ×${ratiosP50.map((r) => r.toFixed(2)).join(" ")}, throughput ×${ratiosThroughput.map((r) => r.toFixed(2)).join(" ")}`);
  return {
    id: scenario.id,
    label: scenario.label,
    reference: reference.id,
    referenceLabel: reference.label,
    rounds: PAIRED_ROUNDS,
    requestsPerSecond: median(runs.map((run) => run.requestsPerSecond)),
    p50Ms: median(runs.map((run) => run.p50Ms)),
    referenceRequestsPerSecond: median(references.map((run) => run.requestsPerSecond)),
    referenceP50Ms: median(references.map((run) => run.p50Ms)),
    ratiosP50,
    ratiosThroughput,
    ratioP50: median(ratiosP50),
    ratioThroughput: median(ratiosThroughput),
    failedRequests: [...runs, ...references].reduce((n, run) => n + run.failed, 0),
    cpuMsPerRequest: cpuMedian(runs),
    referenceCpuMsPerRequest: cpuMedian(references),
    note,
  };
}

// ---------------------------------------------------------------------------- micro

async function microBenchmarks(standIn: StandIn): Promise<MicroFigure[]> {
  const settings = benchJwtSettings();
  const token = await signAccessToken({ id: "bob", role: "user" }, settings);
  const [header, payload, signature] = token.split(".");
  const signingInput = `${header}.${payload}`;
  const expectedSignature = Buffer.from(signature, "base64url");
  const rawSecret = new TextEncoder().encode(settings.secret);

  const authSecret = randomBytes(32).toString("base64url");
  const salt = "authjs.session-token";
  const jwe = await encodeAuthjs({ token: { sub: "bob", id: "bob", role: "user", name: "Bob", ver: 0, authTime: Date.now() }, secret: authSecret, salt });

  const memory = new MemoryStore();
  const policy = BENCH_SESSION_POLICY;
  const memoryDeps: SessionDeps = { store: memory, now: Date.now, policy };
  const memorySession = await createSession(memoryDeps, { id: "bob", role: "user" }, "bench");
  const redisDeps: SessionDeps = { store: UpstashStore.connect(standIn.url, STANDIN_TOKEN), now: Date.now, policy };
  const redisSession = await createSession(redisDeps, { id: "bob", role: "user" }, "bench");

  // Each task checks its own answer once, so a broken one cannot post a fast time.
  const checks: Array<[string, () => Promise<boolean>]> = [
    ["floor", async () => timingSafeEqual(createHmac("sha256", settings.secret).update(signingInput).digest(), expectedSignature)],
    ["lib-jwt", async () => (await verifyAccessTokenFully(token, settings, Date.now())).ok],
    ["lib-jwt-seen", async () => (await verifyAccessToken(token, settings)).ok],
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
      await verifyAccessTokenFully(token, settings, Date.now());
    })
    .add("lib-jwt-seen", async () => {
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
    "lib-jwt": "verify a JWT with lib/jwt.ts, in full (a token seen for the first time)",
    "lib-jwt-seen": "verify a JWT with lib/jwt.ts, a token it accepted before (remembered)",
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

// ---------------------------------------------------------------------------- floods

interface ServerMemory { rss: number; heapUsed: number; keys: number }

async function serverMemory(base: string): Promise<ServerMemory> {
  await fetch(`${base}/bench/store-stats?gc=1`); // two full collections: the second reading is the steadier
  const stats = (await (await fetch(`${base}/bench/store-stats?gc=1`)).json()) as { keys: number | null; memory: { rss: number; heapUsed: number; collected: boolean } };
  if (!stats.memory.collected) throw new Error("the flood server did not collect garbage (is it running with --expose-gc?)");
  return { rss: stats.memory.rss, heapUsed: stats.memory.heapUsed, keys: stats.keys ?? 0 };
}

/** `count` requests, `parallel` at a time, each made by `send(i)`; answers counted by status. */
async function flood(count: number, parallel: number, send: (i: number) => Promise<Response>): Promise<Record<string, number>> {
  const answers: Record<string, number> = {};
  let next = 0;
  await Promise.all(Array.from({ length: parallel }, async () => {
    while (next < count) {
      const response = await send(next++);
      await response.arrayBuffer();
      answers[response.status] = (answers[response.status] ?? 0) + 1;
    }
  }));
  return answers;
}

async function measuredFlood(base: string, id: string, label: string, count: number, warmup: () => Promise<unknown>, run: () => Promise<Record<string, number>>): Promise<FloodFigure> {
  await warmup(); // the code paths compiled and the heap grown to its working size first
  const before = await serverMemory(base);
  const startedAt = performance.now();
  const answers = await run();
  const seconds = (performance.now() - startedAt) / 1000;
  const after = await serverMemory(base);
  const figure = { id, label, count, seconds, rssGrowthBytes: after.rss - before.rss, heapGrowthBytes: after.heapUsed - before.heapUsed, storeKeysGrowth: after.keys - before.keys, answers };
  log(`${label}: RSS ${(figure.rssGrowthBytes / 2 ** 20).toFixed(2)} MB, heap ${(figure.heapGrowthBytes / 2 ** 20).toFixed(2)} MB, ${JSON.stringify(answers)}`);
  return figure;
}

/**
 * Memory under floods, on a server of its own (memory store, the default login limits, GC
 * exposed so that memory is read after a full collection): refused sign-ins with made-up
 * usernames from one address, and refresh-token rotations.
 */
async function floods(): Promise<FloodFigure[]> {
  // Default login limits; room for the rotation flood's ten sign-ins (the device limit is 3).
  const server = await startServer({ STORE_ROUND_TRIP_COUNTER: "on", NODE_OPTIONS: "--expose-gc" }, { limits: { SESSION_MAX_DEVICES: "1000" } });
  try {
    const base = server.base;
    // Rotations first (their sign-ins must not meet the limit the refused ones will reach):
    // 10 sign-ins, each refreshing in a chain (each answer's cookie is the next request's).
    const FAMILIES = 10;
    // One after the other: the limiter counts sign-ins in flight against the (default) limits.
    const chains: string[] = [];
    for (let i = 0; i < FAMILIES; i++) chains.push(cookieFrom(await fetch(`${base}/api/jwt/login`, json({ ...BOB, checks: ["refresh"] })), /^__Secure-jwt-refresh$/));
    const rotateAll = async (total: number) => {
      const answers: Record<string, number> = {};
      await Promise.all(chains.map(async (_, family) => {
        for (let i = 0; i < total / FAMILIES; i++) {
          const response = await fetch(`${base}/api/jwt/refresh`, { method: "POST", headers: { cookie: chains[family] } });
          if (response.ok) chains[family] = cookieFrom(response, /^__Secure-jwt-refresh$/);
          await response.arrayBuffer();
          answers[response.status] = (answers[response.status] ?? 0) + 1;
        }
      }));
      return answers;
    };
    const rotations = await measuredFlood(base, "refresh-rotations", "refresh-token rotations (10 families, chained)", FLOOD_SIZE, () => rotateAll(FLOOD_SIZE), () => rotateAll(FLOOD_SIZE));

    const refusedSignIn = (i: number) => fetch(`${base}/api/jwt/login`, json({ username: `flood-${i}-${randomBytes(4).toString("hex")}`, password: "wrong-password", checks: [] }));
    const signIns = await measuredFlood(base, "refused-sign-ins", "refused sign-ins (made-up usernames, one address)", FLOOD_SIZE,
      () => flood(FLOOD_WARMUP, 10, refusedSignIn), () => flood(FLOOD_SIZE, 10, refusedSignIn));
    return [signIns, rotations];
  } finally {
    await server.stop();
  }
}

// ---------------------------------------------------------------------------- main

function packageVersion(name: string): string {
  return (JSON.parse(readFileSync(join("node_modules", name, "package.json"), "utf8")) as { version: string }).version;
}

/** The guarded scenarios of one server, each set against that server's passthrough. */
function pageAndApi(prefix: string, label: string, base: string, runtime: LoadFigure["runtime"], store: LoadScenario["store"], extra: Omit<LoadScenario, "runtime" | "store" | "reference">[]): LoadScenario[] {
  const passthrough = `${prefix}passthrough`;
  return [
    { id: passthrough, label: `passthrough: middleware, no guard${label}`, lane: "baseline", runtime, url: `${base}/bench/passthrough`, store },
    ...extra.map((s) => ({ ...s, runtime, store, reference: s.id.startsWith("login-") ? undefined : passthrough })),
  ];
}

async function main(): Promise<Results> {
  log(quick ? "quick run" : "full run (several minutes)");
  // Builds first, while nothing is being measured.
  if (!existsSync(".next/BUILD_ID")) {
    log("building the app (next build)");
    execFileSync("npx", ["next", "build"], { stdio: "ignore", env: { ...process.env, ...secrets, NEXT_TELEMETRY_DISABLED: "1" } });
  }
  const nodeCopy = await buildNodeRuntimeCopy(secrets, log);

  const { redis, standIn } = await startRedisWithStandIn();
  const redisEnv = { UPSTASH_REDIS_REST_URL: standIn.url, UPSTASH_REDIS_REST_TOKEN: STANDIN_TOKEN };
  const counted = { STORE_ROUND_TRIP_COUNTER: "on" };
  const [memory, edge, nodeOnly, nodeRuntime] = await Promise.all([
    startServer(counted),
    startServer({ ...redisEnv }),
    startServer({ ...redisEnv, SESSION_EDGE_LOOKUP: "off" }),
    startServer(counted, { cwd: nodeCopy }),
  ]);
  const memoryBase = memory.base;
  const memoryCounter = (base: string) => async () => {
    const { roundTrips } = (await (await fetch(`${base}/bench/store-stats`)).json()) as { roundTrips: number };
    return { roundTrips, commands: roundTrips }; // memory: every call is one command
  };
  const redisCounter = async () => ({ roundTrips: standIn.requests(), commands: standIn.commands(), gets: standIn.commandsByName().GET ?? 0 });
  /** A session signed in just before the counting pass, counted by its own key. */
  const ownSession = (base: string) => async () => {
    const cookie = await loginSession(base);
    const traffic = standIn.watch(sessionKey(await sessionIdFromToken(cookie.slice(cookie.indexOf("=") + 1))));
    return { headers: { cookie }, store: async () => ({ roundTrips: traffic.roundTrips(), commands: traffic.commands(), gets: traffic.byName().GET ?? 0 }) };
  };
  log(`servers: memory ${memoryBase}, Redis + Edge lookup ${edge.base}, Redis without ${nodeOnly.base}, Node.js middleware ${nodeRuntime.base}`);

  const plainJwt = await loginJwt(memoryBase, []);
  const checkedJwt = await loginJwt(memoryBase, ["jti", "ver"]);
  const checkedJwtRedis = await loginJwt(edge.base, ["jti", "ver"]);
  const fullJwt = await loginJwt(memoryBase, ["jti", "ver", "refresh"]);
  const nodePlainJwt = await loginJwt(nodeRuntime.base, []);
  const bearer = plainJwt.jwt.split("=")[1];
  const sessionMemory = await loginSession(memoryBase);
  const sessionNodeRuntime = await loginSession(nodeRuntime.base);
  const sessionEdge = await loginSession(edge.base);
  const sessionNodeOnly = await loginSession(nodeOnly.base);
  const authjs = await loginAuthjs(memoryBase);
  const authjsLogin = await authjsLoginRequest(memoryBase);
  const jsonBody = (body: unknown) => ({ method: "POST" as const, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

  const scenarios: LoadScenario[] = [
    { id: "baseline", label: "baseline: the JWT dashboard's content, no middleware", lane: "baseline", runtime: null, url: `${memoryBase}/bench/baseline`, store: memoryCounter(memoryBase) },
    ...pageAndApi("", "", memoryBase, "edge", memoryCounter(memoryBase), [
      { id: "jwt-page", label: "/jwt/dashboard (plain JWT)", lane: "jwt", url: `${memoryBase}/jwt/dashboard`, headers: { cookie: plainJwt.jwt } },
      { id: "jwt-page-checked", label: "/jwt/dashboard (jti + version checks, memory)", lane: "jwt", url: `${memoryBase}/jwt/dashboard`, headers: { cookie: checkedJwt.jwt } },
      { id: "session-page-memory", label: "/session/dashboard (memory)", lane: "session", url: `${memoryBase}/session/dashboard`, headers: { cookie: sessionMemory } },
      { id: "authjs-page", label: "/authjs/dashboard", lane: "authjs", url: `${memoryBase}/authjs/dashboard`, headers: { cookie: authjs } },
      { id: "jwt-api-cookie", label: "/api/jwt/me (plain JWT, cookie)", lane: "jwt", url: `${memoryBase}/api/jwt/me`, headers: { cookie: plainJwt.jwt } },
      { id: "jwt-api-bearer", label: "/api/jwt/me (plain JWT, Bearer)", lane: "jwt", url: `${memoryBase}/api/jwt/me`, headers: { authorization: `Bearer ${bearer}` } },
      { id: "session-api-memory", label: "/api/session/me (memory)", lane: "session", url: `${memoryBase}/api/session/me`, headers: { cookie: sessionMemory } },
      { id: "authjs-api", label: "/api/authjs/me", lane: "authjs", url: `${memoryBase}/api/authjs/me`, headers: { cookie: authjs } },
      { id: "login-jwt", label: "login /api/jwt/login (scrypt)", lane: "jwt", url: `${memoryBase}/api/jwt/login`, ...jsonBody({ ...BOB, checks: [] }) },
      { id: "login-authjs", label: "login Auth.js credentials (scrypt)", lane: "authjs", url: `${memoryBase}/api/auth/callback/credentials`, method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", cookie: authjsLogin.cookie }, body: authjsLogin.body, note: "302 on success" },
    ]),
    ...pageAndApi("redis-", " (Redis, Edge lookup)", edge.base, "edge", redisCounter, [
      { id: "jwt-page-checked-redis", label: "/jwt/dashboard (jti + version checks, Redis)", lane: "jwt", url: `${edge.base}/jwt/dashboard`, headers: { cookie: checkedJwtRedis.jwt } },
      { id: "session-page-redis-edge", label: "/session/dashboard (Redis + Edge lookup)", lane: "session", url: `${edge.base}/session/dashboard`, headers: { cookie: sessionEdge }, counting: ownSession(edge.base) },
    ]),
    ...pageAndApi("redis-node-only-", " (Redis, no Edge lookup)", nodeOnly.base, "edge", redisCounter, [
      { id: "session-page-redis", label: "/session/dashboard (Redis)", lane: "session", url: `${nodeOnly.base}/session/dashboard`, headers: { cookie: sessionNodeOnly }, counting: ownSession(nodeOnly.base) },
      { id: "session-api-redis", label: "/api/session/me (Redis)", lane: "session", url: `${nodeOnly.base}/api/session/me`, headers: { cookie: sessionNodeOnly }, counting: ownSession(nodeOnly.base) },
      { id: "login-session", label: "login /api/session/login (scrypt)", lane: "session", url: `${nodeOnly.base}/api/session/login`, ...jsonBody(BOB) },
    ]),
    ...pageAndApi("node-", " (middleware on Node.js)", nodeRuntime.base, "nodejs", memoryCounter(nodeRuntime.base), [
      { id: "node-jwt-page", label: "/jwt/dashboard (plain JWT, middleware on Node.js)", lane: "jwt", url: `${nodeRuntime.base}/jwt/dashboard`, headers: { cookie: nodePlainJwt.jwt } },
      { id: "node-jwt-api-cookie", label: "/api/jwt/me (plain JWT, middleware on Node.js)", lane: "jwt", url: `${nodeRuntime.base}/api/jwt/me`, headers: { cookie: nodePlainJwt.jwt } },
      { id: "node-session-page-memory", label: "/session/dashboard (memory, middleware on Node.js)", lane: "session", url: `${nodeRuntime.base}/session/dashboard`, headers: { cookie: sessionNodeRuntime } },
      { id: "node-session-api-memory", label: "/api/session/me (memory, middleware on Node.js)", lane: "session", url: `${nodeRuntime.base}/api/session/me`, headers: { cookie: sessionNodeRuntime } },
    ]),
  ];
  // Server by server, each passthrough right before the scenarios set against it (measured
  // apart, a server left idle while the others ran came back slower); each passthrough is
  // set against the baseline (the hand-off's cost).
  for (const s of scenarios) if (s.id.endsWith("passthrough")) s.reference = "baseline";

  // No warm-up pass over every server first: it left each server idle for minutes before
  // its turn, and a server measured after sitting idle read slow. Each scenario warms itself.
  const raw: Measured[] = [];
  for (const scenario of scenarios) raw.push(await runLoad(scenario));
  const byId = (id: string) => raw.find((f) => f.id === id)!;

  // The ratios the targets judge, and the peers per request, measured in pairs (A/B/A).
  log("paired ratios (reference, scenario, reference, …)");
  const sideOf = (id: string): PairSide => {
    const s = scenarios.find((candidate) => candidate.id === id)!;
    return { id: s.id, label: s.label, url: s.url, headers: s.headers };
  };
  const peerCookies = ((await (await fetch(`${nodeRuntime.base}/bench/peers/setup`)).json()) as { cookies: Record<PeerRoute, string> }).cookies;
  const peerSide = (peer: PeerRoute, label: string): PairSide => ({ id: `peer-${peer}`, label, url: `${nodeRuntime.base}/bench/peers/${peer}`, headers: { cookie: peerCookies[peer] } });
  const oursSession = peerSide("ours-session", "ours: validateSessionToken (memory store, read only)");
  const oursJwt = peerSide("ours-jwt", "ours: verifyAccessToken (as /api/jwt/me)");
  const paired: PairedFigure[] = [
    await runPaired(sideOf("passthrough"), sideOf("baseline"), "Next's middleware hand-off, no guard"),
    await runPaired(sideOf("jwt-page"), sideOf("passthrough")),
    await runPaired(sideOf("jwt-api-cookie"), sideOf("session-api-memory")),
    await runPaired(sideOf("jwt-page-checked-redis"), sideOf("redis-passthrough")),
    await runPaired(sideOf("session-page-redis-edge"), sideOf("redis-passthrough")),
    await runPaired(sideOf("session-page-redis"), sideOf("redis-node-only-passthrough")),
    await runPaired(peerSide("better-auth", "Better Auth getSession (memory adapter, no cookie cache)"), oursSession, "per request, in a route handler of the Node.js-runtime copy"),
    await runPaired(peerSide("better-auth-cookie-cache", "Better Auth getSession (its cookie cache)"), oursSession, "per request, in a route handler of the Node.js-runtime copy"),
    await runPaired(peerSide("iron-session", "iron-session unsealData"), oursJwt, "per request, in a route handler of the Node.js-runtime copy"),
  ];
  // Edge vs Node.js: the same request to the two builds, alternately.
  const runtimePairs: Array<[string, string, string]> = [
    ["passthrough (no guard)", "passthrough", "node-passthrough"],
    ["/jwt/dashboard (plain JWT)", "jwt-page", "node-jwt-page"],
    ["/api/jwt/me (plain JWT)", "jwt-api-cookie", "node-jwt-api-cookie"],
    ["/session/dashboard (memory)", "session-page-memory", "node-session-page-memory"],
    ["/api/session/me (memory)", "session-api-memory", "node-session-api-memory"],
  ];
  const runtimes: RuntimeFigure[] = [];
  for (const [scenario, edgeId, nodeId] of runtimePairs) {
    const p = await runPaired(sideOf(nodeId), sideOf(edgeId), "middleware on Node.js vs on the Edge");
    paired.push(p);
    runtimes.push({
      scenario,
      edge: { requestsPerSecond: p.referenceRequestsPerSecond, p50Ms: p.referenceP50Ms },
      nodejs: { requestsPerSecond: p.requestsPerSecond, p50Ms: p.p50Ms },
      ratiosThroughput: p.ratiosThroughput,
      ratioThroughput: p.ratioThroughput,
    });
  }
  const load: LoadFigure[] = raw.map((f) => {
    const reference = f.reference ? byId(f.reference) : null;
    return {
      ...f,
      ratioP50: reference ? f.p50Ms / Math.max(reference.p50Ms, 0.001) : null,
      ratioThroughput: reference ? f.requestsPerSecond / reference.requestsPerSecond : null,
    };
  });
  await Promise.all([memory, edge, nodeOnly, nodeRuntime].map((server) => server.stop()));
  removeNodeRuntimeCopy();

  log("per-operation timings");
  const micro = await microBenchmarks(standIn);
  log("peers");
  const microOf = (id: string) => micro.find((m) => m.id === id)!;
  const peerFigures = await peerMicroBenchmarks({ timeMs: MICRO_TIME_MS, warmupMs: quick ? 20 : 200 });
  const peerOf = (id: string) => peerFigures.find((p) => p.id === id)!;
  const against = (id: string, label: string, microsPerOp: number, oursId: string): PeerFigure => ({
    id, label, microsPerOp, ours: microOf(oursId).label, oursMicrosPerOp: microOf(oursId).microsPerOp, ratio: microOf(oursId).microsPerOp / microsPerOp,
  });
  const peers: PeerFigure[] = [
    against("jose", "jose jwtVerify, secret as raw bytes", microOf("jose-raw").microsPerOp, "lib-jwt"),
    against("iron-session-unseal", peerOf("iron-session-unseal").label, peerOf("iron-session-unseal").microsPerOp, "lib-jwt"),
    against("authjs-jwe", "Auth.js: decode its session cookie (JWE)", microOf("authjs").microsPerOp, "lib-jwt"),
    against("better-auth-session", peerOf("better-auth-session").label, peerOf("better-auth-session").microsPerOp, "session-memory"),
    against("better-auth-session-cookie-cache", peerOf("better-auth-session-cookie-cache").label, peerOf("better-auth-session-cookie-cache").microsPerOp, "session-memory"),
  ];
  log("floods");
  const floodFigures = await floods();
  log("scale");
  const scale = await scaleBenchmarks();

  const bytes = (text: string) => Buffer.byteLength(text);
  const sessionEdgeKey = sessionKey(await sessionIdFromToken(sessionEdge.slice(sessionEdge.indexOf("=") + 1)));
  const direct = new IORedis(redis.url, { protocol: 2 });
  const serverSessionBytes = Number(await direct.call("MEMORY", "USAGE", sessionEdgeKey)) || null;
  direct.disconnect();
  const cookies: CookieFigure[] = [
    { lane: "JWT (plain)", cookies: "__Host-jwt", browserBytes: bytes(plainJwt.jwt), serverBytesPerSession: 0 },
    { lane: "JWT (all revocation checks)", cookies: "__Host-jwt + __Secure-jwt-refresh", browserBytes: fullJwt.all.filter((c) => c.includes("jwt")).reduce((n, c) => n + bytes(c), 0), serverBytesPerSession: null },
    { lane: "Auth.js (JWE)", cookies: "authjs.session-token", browserBytes: bytes(authjs), serverBytesPerSession: 0 },
    { lane: "session", cookies: "__Host-sid", browserBytes: bytes(sessionEdge), serverBytesPerSession: serverSessionBytes },
  ];

  const cpu = cpus()[0]?.model ?? "unknown CPU";
  const measured: Omit<Results, "targets"> = {
    date: new Date().toISOString(),
    quick,
    machine: { cpu, cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, platform: `${process.platform} ${process.arch}` },
    versions: {
      next: packageVersion("next"),
      "next-auth": packageVersion("next-auth"),
      jose: packageVersion("jose"),
      "better-auth": packageVersion("better-auth"),
      "iron-session": packageVersion("iron-session"),
      "@upstash/redis": packageVersion("@upstash/redis"),
      "redis-server": execFileSync("redis-server", ["--version"], { encoding: "utf8" }).match(/v=(\S+)/)?.[1] ?? "?",
      autocannon: packageVersion("autocannon"),
      tinybench: packageVersion("tinybench"),
    },
    load,
    paired,
    runtimes,
    micro,
    peers,
    floods: floodFigures,
    scale,
    cookies,
    startedPids,
  };
  return { ...measured, targets: targetsFor(measured) };
}

let results: Results | undefined;
if (process.argv.includes("--rerender")) {
  // The verdicts again from the figures of the last run (when a target's definition was
  // corrected): nothing is measured, the figures are the run's own.
  const { targets: _old, ...measured } = JSON.parse(readFileSync(join(outDir, "results.json"), "utf8")) as Results;
  results = { ...measured, targets: targetsFor(measured) };
} else {
  try {
    results = await main();
  } finally {
    log("stopping the servers and redis-server it started");
    await stopEverything();
  }
}
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(join(outDir, "results.md"), renderMarkdown(results));
writeFileSync(join(outDir, "chart.svg"), renderChart(results));
console.log(renderTerminal(results));
console.log(`\nwrote ${join(outDir, "results.json")}, results.md, chart.svg`);
if (!results.quick && outDir === "bench") {
  // A full run into bench/ also refreshes the table docs/benchmarks.md shows (between its markers).
  const readme = readFileSync("docs/benchmarks.md", "utf8");
  const updated = readme.replace(/(<!-- bench:results -->\n)[\s\S]*?(<!-- \/bench:results -->)/, `$1${renderMarkdown(results)}$2`);
  if (updated !== readme) {
    writeFileSync("docs/benchmarks.md", updated);
    console.log("updated the results table in docs/benchmarks.md");
  }
}
process.exit(0);
