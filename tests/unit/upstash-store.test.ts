import { afterAll, beforeAll } from "vitest";
import { runStoreContract } from "./store.contract";
import { requireRedisOrExplain } from "./redis-availability";
import { UpstashStore } from "@/lib/store/upstash";
import { startUpstashStandIn, type StandIn } from "@/scripts/lib/upstash-standin";
import { startRedisServer, type RedisServer } from "@/scripts/lib/redis-server";

requireRedisOrExplain("store contract: upstash (real redis-server)", () => {
  const TOKEN = "contract-test-token";
  let redis: RedisServer;
  let standIn: StandIn;

  beforeAll(async () => {
    redis = await startRedisServer();
    standIn = await startUpstashStandIn({ redisUrl: redis.url, token: TOKEN });
  });
  afterAll(async () => {
    await standIn?.close();
    await redis?.dispose();
  });

  runStoreContract("upstash (real redis-server through the stand-in)", async () => ({
    store: UpstashStore.connect(standIn.url, TOKEN),
    advance: null,
  }), { clockCanAdvance: false });
});
