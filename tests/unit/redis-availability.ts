import { describe, it } from "vitest";
import { redisServerBinary, REDIS_MISSING_MESSAGE } from "@/scripts/lib/redis-server";

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
