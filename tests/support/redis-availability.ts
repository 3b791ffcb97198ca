import { afterAll, beforeAll, describe, it } from "vitest";
import { redisServerBinary, startRedisServer, REDIS_MISSING_MESSAGE, type RedisServer } from "@/scripts/lib/redis-server";
import { startUpstashStandIn, type StandIn } from "@/scripts/lib/upstash-standin";
import { RedisTcpStore } from "@/lib/store/redis-tcp";
import { MemoryStore } from "@/lib/store/memory";
import { UpstashStore } from "@/lib/store/upstash";
import type { KeyValueStore } from "@/lib/store";

/**
 * Suites that need a real redis-server. `npm test` makes sure it is there (it installs it or
 * stops with the command to run: scripts/lib/provision.ts), so a missing binary here is a
 * failing test, in CI and everywhere else: never a silent skip.
 */
export function requireRedisOrExplain(what: string, suite: () => void) {
  if (redisServerBinary()) return suite();
  describe(what, () => {
    it("needs redis-server", () => {
      throw new Error(REDIS_MISSING_MESSAGE);
    });
  });
}

/**
 * Starts a redis-server and the Upstash stand-in in front of it for the enclosing suite, and
 * stops both afterwards. Read `.standIn` / `.redis` inside tests (they exist once beforeAll ran).
 */
export function useRedisStandIn(token: string): { standIn: StandIn; redis: RedisServer } {
  const handles = {} as { standIn: StandIn; redis: RedisServer };
  beforeAll(async () => {
    handles.redis = await startRedisServer();
    handles.standIn = await startUpstashStandIn({ redisUrl: handles.redis.url, token });
  });
  afterAll(async () => {
    await handles.standIn?.close();
    await handles.redis?.dispose();
  });
  return handles;
}

/**
 * Starts a redis-server and connects the app's TCP store to it for the enclosing suite, and
 * closes both afterwards. Read `.store` inside tests (it exists once beforeAll ran).
 */
export function useRedisTcpStore(): { store: RedisTcpStore } {
  const handles = {} as { store: RedisTcpStore; redis: RedisServer };
  beforeAll(async () => {
    handles.redis = await startRedisServer();
    handles.store = RedisTcpStore.connect(handles.redis.url);
  });
  afterAll(async () => {
    await handles.store?.close();
    await handles.redis?.dispose();
  });
  return handles;
}

/**
 * Registers `suite` once per store: memory, a real redis-server over TCP, and Redis over REST
 * through the Upstash stand-in in front of it (a missing redis-server fails, as above).
 */
export function onEveryStore(what: string, suite: (store: string, connect: () => KeyValueStore) => void): void {
  suite("the memory store", () => new MemoryStore());
  requireRedisOrExplain(`${what}, on a real Redis`, () => {
    const tcp = useRedisTcpStore();
    suite("Redis over TCP", () => tcp.store);
    const token = "every-store-token";
    const running = useRedisStandIn(token);
    suite("Redis over REST (Upstash's API, through the stand-in)", () => UpstashStore.connect(running.standIn.url, token));
  });
}
