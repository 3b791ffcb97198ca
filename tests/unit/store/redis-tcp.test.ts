import { Redis as IORedis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession, validateSessionToken } from "@/lib/session";
import { RedisTcpStore } from "@/lib/store/redis-tcp";
import { startRedisServer, type RedisServer } from "@/scripts/lib/redis-server";
import { requireRedisOrExplain } from "../../support/redis-availability";
import { startStallingProxy } from "../../support/stalling-proxy";
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

    it("a wrong password is an outage (StoreUnavailableError), never a missing session, and the password is in no part of the error", async () => {
      const wrong = connect(redis.url.replace(encodeURIComponent(PASSWORD), "not-the-password"));
      const error = await validateSessionToken(deps(wrong), "A".repeat(43)).catch((e: Error) => e);
      expect(error).toMatchObject({ name: "StoreUnavailableError" });
      expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain("not-the-password");
      expect(String((error as Error).cause)).not.toContain("not-the-password");
    });

    it("nothing listening is an outage, refused up front rather than queued until Redis returns", async () => {
      const nowhere = connect("redis://127.0.0.1:9");
      await expect(nowhere.get("k")).rejects.toMatchObject({ name: "StoreUnavailableError", message: expect.stringContaining("not connected to Redis"), sent: false });
      await expect(validateSessionToken(deps(nowhere), "A".repeat(43))).rejects.toMatchObject({ name: "StoreUnavailableError" });
    });

    it("many requests waiting for the connection at once each get their outage, and Node warns of no listener leak", async () => {
      const nowhere = connect("redis://127.0.0.1:9");
      const warnings: string[] = [];
      const onWarning = (warning: Error) => warnings.push(warning.name);
      process.on("warning", onWarning);
      try {
        const answers = await Promise.allSettled(Array.from({ length: 30 }, (_, i) => nowhere.get(`k${i}`)));
        expect(answers.map((a) => (a.status === "rejected" ? (a.reason as Error).name : "answered"))).toEqual(Array(30).fill("StoreUnavailableError"));
        await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
        expect(warnings).not.toContain("MaxListenersExceededWarning");
      } finally {
        process.off("warning", onWarning);
      }
    });

    it("a Redis that hangs (CLIENT PAUSE) is an outage once the command times out, not a request that hangs with it", async () => {
      const store = connect(redis.url);
      await store.write([{ op: "set", key: "tcp:hang", value: "v", ttlSeconds: 60 }]);
      const admin = new IORedis(redis.url, { protocol: 2 });
      try {
        await admin.call("CLIENT", "PAUSE", "3000", "ALL");
        await expect(store.get("tcp:hang")).rejects.toMatchObject({ name: "StoreUnavailableError", message: expect.stringContaining("timed out"), sent: true }); // sent: it runs when Redis resumes
      } finally {
        await admin.call("CLIENT", "UNPAUSE");
        admin.disconnect();
      }
    });

    it("a connection the network drops silently is replaced after two timeouts in a row, and the same store answers again", async () => {
      const proxy = await startStallingProxy(redis.port);
      try {
        const throughProxy = new URL(redis.url);
        throughProxy.port = String(proxy.port);
        const store = connect(throughProxy.href);
        const key = `tcp:stall:${Math.random().toString(36).slice(2)}`;
        await store.write([{ op: "set", key, value: "v", ttlSeconds: 60 }]);
        proxy.stallOpenConnections();
        for (let i = 0; i < 2; i++) {
          await expect(store.get(key)).rejects.toMatchObject({ name: "StoreUnavailableError", message: expect.stringContaining("timed out") });
        }
        await expect.poll(() => store.get(key).catch((error: Error) => error.message), { timeout: 10_000 }).toBe("v");
        expect(proxy.connectionsAccepted()).toBe(2);
      } finally {
        await proxy.close();
      }
    }, 30_000);

    it("Redis stopped under a connected client: calls fail as outages, and the same client works again once it is back", async () => {
      const store = connect(redis.url);
      const session = await createSession(deps(store), { id: `tcp-${Math.random().toString(36).slice(2)}`, role: "user" }, "A");
      await redis.stop();
      const refusedKey = `tcp:refused:${Math.random().toString(36).slice(2)}`;
      try {
        await expect(validateSessionToken(deps(store), session.token)).rejects.toMatchObject({ name: "StoreUnavailableError" });
        await expect(store.write([{ op: "set", key: refusedKey, value: "v", ttlSeconds: 60 }])).rejects.toMatchObject({ name: "StoreUnavailableError" });
      } finally {
        await redis.start();
      }
      // appendfsync always: the session written before the outage is still there.
      await expect.poll(() => validateSessionToken(deps(store), session.token).catch((error: Error) => error.name), { timeout: 10_000 })
        .toMatchObject({ ok: true });
      // The write its caller was told failed was not kept to be sent once Redis was back.
      expect(await store.get(refusedKey)).toBeNull();
    });
  });
  describe("the database REDIS_URL names", () => {
    it("one the server does not have is an outage on every call, naming REDIS_URL, and nothing is written to database 0", async () => {
      const store = connect(`${redis.url}/99`);
      const refused = { name: "StoreUnavailableError", message: expect.stringMatching(/REDIS_URL names database 99/) };
      await expect(store.get("db:k")).rejects.toMatchObject(refused);
      await expect(store.write([{ op: "set", key: "db:k", value: "v", ttlSeconds: 60 }])).rejects.toMatchObject(refused);
      await expect(store.increment([{ key: "db:n", by: 1, ttlSeconds: 60 }])).rejects.toMatchObject(refused);
      await expect(store.writeIf({ key: "db:k", expected: null }, [{ op: "set", key: "db:k", value: "v", ttlSeconds: 60 }])).rejects.toMatchObject(refused);
      await expect(store.clear()).rejects.toMatchObject(refused);
      const admin = new IORedis(redis.url, { protocol: 2 });
      try {
        expect(await admin.keys("db:*")).toEqual([]);
      } finally {
        admin.disconnect();
      }
    });

    it("one the server has is where the keys go", async () => {
      const store = connect(`${redis.url}/3`);
      await store.write([{ op: "set", key: "db3:k", value: "v", ttlSeconds: 60 }]);
      expect(await store.get("db3:k")).toBe("v");
      const admin = new IORedis(`${redis.url}/3`, { protocol: 2 });
      const zero = new IORedis(redis.url, { protocol: 2 });
      try {
        expect(await admin.get("db3:k")).toBe("v");
        expect(await zero.get("db3:k")).toBeNull();
      } finally {
        admin.disconnect();
        zero.disconnect();
      }
    });
  });

  describe("a Redis that may evict keys", () => {
    /** A redis-server of the test's own, set up as some managed services are by default. */
    async function ownServer(setUp: (admin: IORedis) => Promise<unknown>) {
      const own = await startRedisServer();
      const admin = new IORedis(own.url, { protocol: 2 });
      await setUp(admin);
      return { own, admin, dispose: async () => (admin.disconnect(), await own.dispose()) };
    }

    it("is refused: every call fails as an outage does, naming maxmemory-policy and noeviction, and nothing is written", async () => {
      const { own, admin, dispose } = await ownServer(async (admin) => {
        await admin.call("CONFIG", "SET", "maxmemory", "50mb");
        await admin.call("CONFIG", "SET", "maxmemory-policy", "volatile-lru");
      });
      try {
        const store = connect(own.url);
        const refused = { name: "StoreUnavailableError", message: expect.stringMatching(/maxmemory-policy volatile-lru.*set maxmemory-policy to noeviction/) };
        await expect(store.get("k")).rejects.toMatchObject(refused);
        await expect(store.write([{ op: "set", key: "k", value: "v", ttlSeconds: 60 }])).rejects.toMatchObject(refused);
        await expect(store.increment([{ key: "n", by: 1, ttlSeconds: 60 }])).rejects.toMatchObject(refused);
        await expect(store.writeIf({ key: "k", expected: null }, [{ op: "set", key: "k", value: "v", ttlSeconds: 60 }])).rejects.toMatchObject(refused);
        expect(await admin.dbsize()).toBe(0);
      } finally {
        await dispose();
      }
    });

    it("the harness's Redis (noeviction, Redis's default) is served", async () => {
      const admin = new IORedis(redis.url, { protocol: 2 });
      try {
        expect(await admin.info("memory")).toMatch(/^maxmemory_policy:noeviction\r?$/m);
      } finally {
        admin.disconnect();
      }
      const store = connect(redis.url);
      await store.write([{ op: "set", key: "tcp:served", value: "v", ttlSeconds: 60 }]);
      expect(await store.get("tcp:served")).toBe("v");
    });

    it("a Redis that refuses INFO is served (it cannot be checked; the log says so)", async () => {
      const { own, dispose } = await ownServer(async (admin) => {
        await admin.call("CONFIG", "SET", "maxmemory-policy", "volatile-lru");
        await admin.call("ACL", "SETUSER", "default", "-info");
      });
      try {
        const store = connect(own.url);
        await store.write([{ op: "set", key: "k", value: "v", ttlSeconds: 60 }]);
        expect(await store.get("k")).toBe("v");
      } finally {
        await dispose();
      }
    });
  });
});
