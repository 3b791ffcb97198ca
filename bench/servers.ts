/**
 * The processes a bench run starts and must stop: `next start` servers (each its own process
 * group) and redis-server behind an Upstash stand-in. Their process ids are kept, so the CPU
 * time a request costs each process can be read (bench/cpu.ts) and the harness test can
 * check that none is left running.
 */
import { randomBytes } from "node:crypto";
import { freePort, startNextServer, type Started } from "../scripts/lib/processes";
import { startRedisServer, type RedisServer } from "../scripts/lib/redis-server";
import { startUpstashStandIn, type StandIn } from "../scripts/lib/upstash-standin";
import { BENCH_FIXTURES_ENV, LOAD_LIMITS, throwawaySecrets } from "./server-env";

export const secrets = throwawaySecrets();
export const STANDIN_TOKEN = randomBytes(16).toString("base64url");

const started: Started[] = [];
const redisServers: RedisServer[] = [];
const standIns: StandIn[] = [];
/** Every process the run started (servers, redis-server): results.json lists them. */
export const startedPids: number[] = [];
/** The redis-server processes: CPU a request costs the store. */
export const redisPids: number[] = [];
/** Each server's process group, by its port: whose CPU time a request to it costs. */
export const serverPids = new Map<string, number>();

export interface BenchServer {
  base: string;
  stop: () => Promise<void>;
}

export async function startServer(env: Record<string, string>, { cwd = ".", limits = LOAD_LIMITS }: { cwd?: string; limits?: Record<string, string> } = {}): Promise<BenchServer> {
  const port = await freePort();
  const server = await startNextServer(port, { ...secrets, ...BENCH_FIXTURES_ENV, ...limits, ...env }, { cwd });
  started.push(server);
  if (server.process.pid) {
    startedPids.push(server.process.pid);
    serverPids.set(String(port), server.process.pid);
  }
  return { base: `http://localhost:${port}`, stop: () => server.stop() };
}

export async function startRedisWithStandIn(): Promise<{ redis: RedisServer; standIn: StandIn }> {
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

export async function stopEverything() {
  await Promise.all(started.map((s) => s.stop()));
  await Promise.all(standIns.map((s) => s.close()));
  await Promise.all(redisServers.map((r) => r.dispose()));
}
