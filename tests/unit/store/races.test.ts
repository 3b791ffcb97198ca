import { describe } from "vitest";
import { MemoryStore } from "@/lib/store/memory";
import { UpstashStore } from "@/lib/store/upstash";
import { requireRedisOrExplain, useRedisStandIn, useRedisTcpStore } from "../../support/redis-availability";
import { runRaces } from "./races";
import { raceLoginLimiter } from "../security/login-race";

/**
 * The lanes' races on every store. In a file of its own, not in the store tests: those run
 * inside the copied patterns (tests/copies/), which carry no admin page and no other lane.
 */
runRaces("memory", () => new MemoryStore());

requireRedisOrExplain("races: redis over TCP (real redis-server)", () => {
  const tcp = useRedisTcpStore();
  runRaces("redis over TCP (real redis-server)", () => tcp.store);
  describe("login rate limiter races: redis over TCP (real redis-server)", () => raceLoginLimiter(() => tcp.store));
});

requireRedisOrExplain("races: upstash (real redis-server through the stand-in)", () => {
  const TOKEN = "races-test-token";
  const running = useRedisStandIn(TOKEN);
  runRaces("upstash (real redis-server through the stand-in)", () => UpstashStore.connect(running.standIn.url, TOKEN));
  describe("login rate limiter races: upstash (real redis-server through the stand-in)", () => raceLoginLimiter(() => UpstashStore.connect(running.standIn.url, TOKEN)));
});
