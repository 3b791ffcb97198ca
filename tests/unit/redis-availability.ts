import { afterAll, beforeAll, describe, it } from "vitest";
import { redisServerBinary, startRedisServer, REDIS_MISSING_MESSAGE, type RedisServer } from "@/scripts/lib/redis-server";
import { startUpstashStandIn, type StandIn } from "@/scripts/lib/upstash-standin";

/**
 * Suites that need a real redis-server. In CI it must be there (.ci/run installs it), so a
 * missing binary is a failing test, never a silent skip. Elsewhere the suite is left out
 * with a loud message that says how to get it.
 */
export function requireRedisOrExplain(what: string, suite: () => void) {
  if (redisServerBinary()) return suite();
  if (process.env.CI) {
    describe(what, () => {
      it("needs redis-server", () => {
        throw new Error(REDIS_MISSING_MESSAGE);
      });
    });
    return;
  }
  console.warn(`\n!!! ${what}: NOT RUN. ${REDIS_MISSING_MESSAGE}\n`);
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
