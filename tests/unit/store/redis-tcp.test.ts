import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession, validateSessionToken } from "@/lib/session";
import { RedisTcpStore } from "@/lib/store/redis-tcp";
import { startRedisServer, type RedisServer } from "@/scripts/lib/redis-server";
import { requireRedisOrExplain } from "../../support/redis-availability";
import { runStoreContract } from "./contract";

requireRedisOrExplain("store contract: redis over TCP (real redis-server)", () => {
  const PASSWORD = "tcp-contract-password";
  let redis: RedisServer;
  const stores: RedisTcpStore[] = [];
  const connect = (url: string) => {
    const store = RedisTcpStore.connect(url);
    stores.push(store);
    return store;
  };

  beforeAll(async () => {
    redis = await startRedisServer({ password: PASSWORD });
  });
  afterAll(async () => {
    await Promise.all(stores.map((store) => store.close()));
    await redis?.dispose();
  });

  let shared: RedisTcpStore | undefined;
  runStoreContract("redis over TCP (real redis-server, with a password)", async () => ({
    store: (shared ??= connect(redis.url)),
    advance: null,
  }), { clockCanAdvance: false });

  describe("outages on Redis over TCP", () => {
    const deps = (store: RedisTcpStore) => ({ store, now: Date.now, policy: { idleTtlSeconds: 3600, absoluteTtlSeconds: 7200, maxDevices: 3 } });

    it("a wrong password is an outage (StoreUnavailableError), never a missing session", async () => {
      const wrong = connect(redis.url.replace(encodeURIComponent(PASSWORD), "not-the-password"));
      await expect(validateSessionToken(deps(wrong), "A".repeat(43))).rejects.toMatchObject({ name: "StoreUnavailableError" });
    });

    it("nothing listening is an outage, reported promptly rather than queued until Redis returns", async () => {
      const nowhere = connect("redis://127.0.0.1:9");
      await expect(nowhere.get("k")).rejects.toMatchObject({ name: "StoreUnavailableError" });
      await expect(validateSessionToken(deps(nowhere), "A".repeat(43))).rejects.toMatchObject({ name: "StoreUnavailableError" });
    });

    it("Redis stopped under a connected client: calls fail as outages, and the same client works again once it is back", async () => {
      const store = connect(redis.url);
      const session = await createSession(deps(store), { id: `tcp-${Math.random().toString(36).slice(2)}`, role: "user" }, "A");
      await redis.stop();
      try {
        await expect(validateSessionToken(deps(store), session.token)).rejects.toMatchObject({ name: "StoreUnavailableError" });
        await expect(store.write([{ op: "set", key: "k", value: "v", ttlSeconds: 60 }])).rejects.toMatchObject({ name: "StoreUnavailableError" });
      } finally {
        await redis.start();
      }
      // appendfsync always: the session written before the outage is still there.
      await expect.poll(() => validateSessionToken(deps(store), session.token).catch((error: Error) => error.name), { timeout: 10_000 })
        .toMatchObject({ ok: true });
    });
  });
});
