/**
 * Per-user operations with many sessions stored: ours go through the per-user sorted set
 * (ZRANGE + MGET to list; ZRANGE then one MULTI to log in with eviction); the articles' way is
 * `KEYS session:user:<id>:*`, on the same number of sessions laid out the articles' way.
 */
import { Redis as IORedis } from "ioredis";
import { Bench } from "tinybench";
import { UpstashStore } from "../lib/store/upstash";
import { createSession, type SessionDeps } from "../lib/session";
import { listSessionsForUser } from "../lib/session/devices";
import { RUN, log } from "./options";
import type { ScaleFigure } from "./results";
import { STANDIN_TOKEN, startRedisWithStandIn } from "./servers";

export async function scaleBenchmarks(): Promise<ScaleFigure[]> {
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
    for (const size of RUN.scaleSizes) {
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

      const bench = new Bench({ iterations: RUN.scaleIterations, warmupIterations: 5, time: 0 });
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
