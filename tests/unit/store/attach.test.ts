import { afterEach, describe, expect, it, vi } from "vitest";

/**
 * lib/store/index.ts imports no Redis client: Redis is attached. Each test loads a fresh copy of
 * the module (the store and the env section are cached on first use) under its own env.
 */
async function freshStoreModule(env: Record<string, string>) {
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  vi.resetModules();
  const slots = globalThis as Record<symbol, unknown>;
  delete slots[Symbol.for("jwt-vs-session.store")];
  delete slots[Symbol.for("jwt-vs-session.redis-connectors")];
  return import("@/lib/store");
}

afterEach(() => {
  vi.unstubAllEnvs();
  const slots = globalThis as Record<symbol, unknown>;
  delete slots[Symbol.for("jwt-vs-session.store")];
  delete slots[Symbol.for("jwt-vs-session.redis-connectors")];
});

describe("the store, with Redis attached rather than imported", () => {
  it("is the memory store when no Redis variable is set, attached or not", async () => {
    const { getStore, storeReachableFromEdge } = await freshStoreModule({ REDIS_URL: "", UPSTASH_REDIS_REST_URL: "", UPSTASH_REDIS_REST_TOKEN: "" });
    expect(getStore().kind).toBe("memory");
    expect(storeReachableFromEdge()).toBe(false);
  });

  it("refuses, naming the variable, a Redis that is configured but not attached (never falls back to memory)", async () => {
    const { getStore, storeReachableFromEdge } = await freshStoreModule({ UPSTASH_REDIS_REST_URL: "http://127.0.0.1:1", UPSTASH_REDIS_REST_TOKEN: "t", REDIS_URL: "" });
    expect(() => getStore()).toThrow(/UPSTASH_REDIS_REST_URL is set, but no Redis store is attached/);
    // Middleware then stays optimistic instead of failing every request.
    expect(storeReachableFromEdge()).toBe(false);
  });

  it("uses the attached connector for the configured kind, with that kind's settings", async () => {
    const { attachRedis, getStore, storeReachableFromEdge } = await freshStoreModule({ REDIS_URL: "redis://127.0.0.1:6390", UPSTASH_REDIS_REST_URL: "", UPSTASH_REDIS_REST_TOKEN: "" });
    const { MemoryStore } = await import("@/lib/store/memory");
    const seen: string[] = [];
    attachRedis("upstash", () => { throw new Error("the REST connector is not the configured one"); });
    attachRedis("redis", ({ url }) => { seen.push(url); return new MemoryStore(); });
    const store = getStore();
    expect(getStore()).toBe(store); // one store per process
    expect(seen).toEqual(["redis://127.0.0.1:6390"]);
    expect(storeReachableFromEdge()).toBe(false); // TCP never reaches the Edge runtime
  });

  it("reaches the Edge runtime only for Redis over REST, once attached", async () => {
    const { attachRedis, storeReachableFromEdge } = await freshStoreModule({ UPSTASH_REDIS_REST_URL: "http://127.0.0.1:1", UPSTASH_REDIS_REST_TOKEN: "t", REDIS_URL: "" });
    expect(storeReachableFromEdge()).toBe(false);
    const { MemoryStore } = await import("@/lib/store/memory");
    attachRedis("upstash", () => new MemoryStore());
    expect(storeReachableFromEdge()).toBe(true);
  });
});
