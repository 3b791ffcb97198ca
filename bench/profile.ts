/**
 * `npm run bench:profile`: a CPU profile of `next start` under the bench's load, written by
 * Node's own sampling profiler (`--cpu-prof`), to open in Chrome DevTools. bench/profile.md
 * says how to read it, and how to take one by hand.
 *
 *   npm run bench:profile                          # GET /api/jwt/me (plain JWT, memory store)
 *   npm run bench:profile -- jwt-page              # GET /jwt/dashboard (plain JWT, memory store)
 *   npm run bench:profile -- session-page-redis    # GET /session/dashboard (Redis, Edge lookup: two GETs)
 *
 * Writes .test-output/cpu-profiles/<scenario>/*.cpuprofile (ignored by git).
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import autocannon from "autocannon";
import { freePort, startProcess, waitFor } from "../scripts/lib/processes";
import { startRedisServer, type RedisServer } from "../scripts/lib/redis-server";
import { startUpstashStandIn, type StandIn } from "../scripts/lib/upstash-standin";
import { loginJwt, loginSession } from "./logins";
import { FULL_RUN } from "./options";
import { BENCH_FIXTURES_ENV, LOAD_LIMITS, throwawaySecrets } from "./server-env";

const WARMUP_SECONDS = 2;
const LOAD_SECONDS = 8;
/** V8 samples every 1000 µs by default; twice as often gives steadier shares over 8 s. */
const SAMPLING_INTERVAL_US = 500;

const plainJwt = async (base: string) => (await loginJwt(base, [])).jwt;
const SCENARIOS: Record<string, { path: string; login: (base: string) => Promise<string>; redis?: boolean }> = {
  "jwt-api": { path: "/api/jwt/me", login: plainJwt },
  "jwt-page": { path: "/jwt/dashboard", login: plainJwt },
  "session-page-redis": { path: "/session/dashboard", login: loginSession, redis: true },
};

const id = process.argv[2] ?? "jwt-api";
const scenario = SCENARIOS[id];
if (!scenario) throw new Error(`unknown scenario "${id}": one of ${Object.keys(SCENARIOS).join(", ")}`);
const log = (message: string) => console.error(`[profile] ${message}`);
const env = { ...throwawaySecrets(), ...BENCH_FIXTURES_ENV, ...LOAD_LIMITS };

if (!existsSync(".next/BUILD_ID")) {
  log("no build: building once (next build)");
  execFileSync("npx", ["next", "build"], { stdio: "inherit", env: { ...process.env, ...env } });
}
const profileDir = resolve(".test-output/cpu-profiles", id);
rmSync(profileDir, { recursive: true, force: true });
mkdirSync(profileDir, { recursive: true });

let redis: RedisServer | undefined;
let standIn: StandIn | undefined;
if (scenario.redis) {
  const token = randomBytes(16).toString("base64url");
  redis = await startRedisServer();
  standIn = await startUpstashStandIn({ redisUrl: redis.url, token });
  Object.assign(env, { UPSTASH_REDIS_REST_URL: standIn.url, UPSTASH_REDIS_REST_TOKEN: token });
}

// Node 20 refuses --cpu-prof in NODE_OPTIONS, so the server is Next's own entry run by this
// node (what `npx next start` runs; the Edge middleware runs in the same process, in a vm).
const port = await freePort();
const base = `http://localhost:${port}`;
const args = ["--cpu-prof", `--cpu-prof-dir=${profileDir}`, `--cpu-prof-interval=${SAMPLING_INTERVAL_US}`, join("node_modules", "next", "dist", "bin", "next"), "start", "-p", String(port)];
const server = startProcess(process.execPath, args, env, Boolean(process.env.SERVER_LOGS));
try {
  await waitFor(`next start on port ${port}`, async () => (await fetch(`${base}/`)).ok);
  const cookie = await scenario.login(base);
  const options = { url: `${base}${scenario.path}`, connections: FULL_RUN.connections, headers: { cookie } };
  log(`${id}: ${WARMUP_SECONDS} s warm-up, then ${LOAD_SECONDS} s of load`);
  await autocannon({ ...options, duration: WARMUP_SECONDS });
  const result = await autocannon({ ...options, duration: LOAD_SECONDS });
  log(`${result.requests.average.toFixed(0)} req/s, p50 ${result.latency.p50} ms, non-2xx ${result.non2xx}, errors ${result.errors}`);

  // V8 writes the profile when the process exits normally: SIGINT lets Next.js close and exit
  // (a SIGKILL would write nothing).
  const exited = new Promise((done) => server.process.once("exit", done));
  if (server.process.pid) process.kill(-server.process.pid, "SIGINT");
  await Promise.race([exited, new Promise((_, fail) => setTimeout(() => fail(new Error("next start did not exit within 30 s of SIGINT: no profile")), 30_000).unref())]);
} finally {
  await server.stop();
  await standIn?.close();
  await redis?.dispose();
}

// One file per Node.js process or worker; the largest is the server's.
const profiles = readdirSync(profileDir)
  .filter((name) => name.endsWith(".cpuprofile"))
  .map((name) => join(profileDir, name))
  .sort((a, b) => statSync(b).size - statSync(a).size);
if (!profiles.length) throw new Error(`no .cpuprofile in ${profileDir}`);
console.log(profiles.join("\n"));
console.log("\nOpen the first in Chrome DevTools (Performance panel, 'Load profile…'): bench/profile.md says how to read it.");
process.exit(0);
