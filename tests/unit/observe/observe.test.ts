import { describe, expect, it } from "vitest";
import { AsyncLocalStorage } from "node:async_hooks";
import { MemoryStore } from "@/lib/store/memory";

// Next.js provides AsyncLocalStorage as a global in both runtimes; so does this test, before the import.
(globalThis as { AsyncLocalStorage?: unknown }).AsyncLocalStorage ??= AsyncLocalStorage;
const { observeStore, storeStats } = await import("@/lib/observe/store");
const { currentTrace, parseServerTiming, runTraced, serverTimingValue } = await import("@/lib/observe/trace");

describe("the observed store", () => {
  it("times each round trip into the request that made it, and no other", async () => {
    const store = observeStore(new MemoryStore(), "nodejs");
    const [a, b] = await Promise.all([
      runTraced(async () => {
        await store.get("x");
        await store.write([{ op: "set", key: "x", value: "1", ttlSeconds: 60 }]);
      }),
      runTraced(async () => {
        await store.getMany(["x", "y"]);
      }),
    ].map(async ({ result, trace }) => (await result, trace)));
    expect(a.entries.map((e) => e.description)).toEqual(["memory get (nodejs)", "memory write (nodejs)"]);
    expect(b.entries.map((e) => e.description)).toEqual(["memory mget (nodejs)"]);
    for (const entry of [...a.entries, ...b.entries]) {
      expect(entry.durationMs).toBeGreaterThanOrEqual(0);
      expect(entry.startMs).toBeGreaterThanOrEqual(a.startedAt);
    }
    expect(currentTrace()).toBeUndefined(); // outside any request: nothing recorded, nothing thrown
    await store.get("x");
  });

  it("counts round trips and writes, keys for the memory store; wraps once", async () => {
    const store = observeStore(new MemoryStore(), "nodejs");
    expect(observeStore(store, "nodejs")).toBe(store);
    await store.write([{ op: "set", key: "k", value: "v", ttlSeconds: 60 }]);
    await store.get("k");
    await store.increment([{ key: "n", by: 1, ttlSeconds: 60 }]);
    expect(storeStats(store)).toEqual({ roundTrips: 3, writes: 2, keys: 2 });
    expect(storeStats(new MemoryStore())).toBeNull();
  });
});

describe("Server-Timing", () => {
  it("round-trips entries, and a description can neither close its quote nor smuggle bytes", () => {
    const value = serverTimingValue([
      { name: "mw", description: 'middleware (edge) jwt: refused ("x", \\ \u2028)', durationMs: 1.234 },
      { name: "store", description: "memory get (nodejs)", durationMs: 0.05 },
    ]);
    expect(value).toBe('mw;desc="middleware (edge) jwt: refused (x,  ?)";dur=1.23, store;desc="memory get (nodejs)";dur=0.05');
    expect(parseServerTiming(value)).toEqual([
      { name: "mw", description: "middleware (edge) jwt: refused (x,  ?)", durationMs: 1.23 },
      { name: "store", description: "memory get (nodejs)", durationMs: 0.05 },
    ]);
  });
});
