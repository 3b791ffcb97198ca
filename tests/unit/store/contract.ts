import { beforeEach, describe, expect, it } from "vitest";
import type { KeyValueStore } from "@/lib/store";

/**
 * The behaviour lib/session.ts relies on, run against every store implementation.
 * `advance(ms)` moves the store's clock. A store whose clock cannot be moved (real Redis)
 * passes null; the expiry-by-clock test is then not registered for it, and its TTLs are
 * still checked through ttlSeconds.
 */
export function runStoreContract(
  name: string,
  setup: () => Promise<{ store: KeyValueStore; advance: ((ms: number) => void) | null }>,
  options: { clockCanAdvance: boolean },
) {
  describe(`store contract: ${name}`, () => {
    let store: KeyValueStore;
    let advance: ((ms: number) => void) | null;
    let prefix: string;

    beforeEach(async () => {
      ({ store, advance } = await setup());
      prefix = `contract:${Math.random().toString(36).slice(2)}:`;
    });

    it("a set value can be read back, and a missing key reads as null", async () => {
      await store.write([{ op: "set", key: `${prefix}a`, value: "1", ttlSeconds: 60 }]);
      expect(await store.get(`${prefix}a`)).toBe("1");
      expect(await store.get(`${prefix}missing`)).toBeNull();
    });

    it("getMany answers in key order with null for missing keys", async () => {
      await store.write([
        { op: "set", key: `${prefix}a`, value: "A", ttlSeconds: 60 },
        { op: "set", key: `${prefix}c`, value: "C", ttlSeconds: 60 },
      ]);
      expect(await store.getMany([`${prefix}a`, `${prefix}b`, `${prefix}c`])).toEqual(["A", null, "C"]);
    });

    it("every value written with a TTL reports it, and a missing key has none", async () => {
      await store.write([{ op: "set", key: `${prefix}a`, value: "1", ttlSeconds: 120 }]);
      const ttl = await store.ttlSeconds(`${prefix}a`);
      expect(ttl).toBeGreaterThan(110);
      expect(ttl).toBeLessThanOrEqual(120);
      expect(await store.ttlSeconds(`${prefix}missing`)).toBeNull();
    });

    // Registered only where the clock can move (not skipped: CI counts skips as failures).
    if (options.clockCanAdvance) it("a value is gone once its TTL has passed", async () => {
      if (!advance) throw new Error("clockCanAdvance is set but setup gave no advance()");
      await store.write([{ op: "set", key: `${prefix}a`, value: "1", ttlSeconds: 10 }]);
      advance(9_000);
      expect(await store.get(`${prefix}a`)).toBe("1");
      advance(1_001);
      expect(await store.get(`${prefix}a`)).toBeNull();
    });

    it("an update with onlyIfExists (XX) does not bring a deleted key back", async () => {
      await store.write([{ op: "set", key: `${prefix}gone`, value: "new", ttlSeconds: 60, onlyIfExists: true }]);
      expect(await store.get(`${prefix}gone`)).toBeNull();
      await store.write([{ op: "set", key: `${prefix}here`, value: "old", ttlSeconds: 60 }]);
      await store.write([{ op: "set", key: `${prefix}here`, value: "new", ttlSeconds: 60, onlyIfExists: true }]);
      expect(await store.get(`${prefix}here`)).toBe("new");
    });

    it("clear deletes every key: values, sorted sets and counters (the demo's reset)", async () => {
      await store.write([
        { op: "set", key: `${prefix}a`, value: "1", ttlSeconds: 60 },
        { op: "setPermanent", key: `${prefix}p`, value: "admin" },
        { op: "zadd", key: `${prefix}z`, member: "m", score: 1 },
      ]);
      await store.increment([{ key: `${prefix}n`, by: 3, ttlSeconds: 60 }]);
      await store.clear();
      expect(await store.getMany([`${prefix}a`, `${prefix}p`])).toEqual([null, null]);
      expect(await store.sortedSetEntries(`${prefix}z`)).toEqual([]);
      expect(await store.increment([{ key: `${prefix}n`, by: 1, ttlSeconds: 60 }])).toMatchObject([{ value: 1 }]);
    });

    it("a permanent value has no TTL and stays", async () => {
      await store.write([{ op: "setPermanent", key: `${prefix}p`, value: "admin" }]);
      expect(await store.get(`${prefix}p`)).toBe("admin");
      expect(await store.ttlSeconds(`${prefix}p`)).toBeNull();
      advance?.(365 * 24 * 3600 * 1000);
      expect(await store.get(`${prefix}p`)).toBe("admin");
    });

    it("sorted set entries come back lowest score first, and zrem removes one", async () => {
      const key = `${prefix}z`;
      await store.write([
        { op: "zadd", key, member: "late", score: 30 },
        { op: "zadd", key, member: "early", score: 10 },
        { op: "zadd", key, member: "middle", score: 20 },
      ]);
      expect(await store.sortedSetEntries(key)).toEqual([
        { member: "early", score: 10 },
        { member: "middle", score: 20 },
        { member: "late", score: 30 },
      ]);
      await store.write([{ op: "zrem", key, member: "middle" }]);
      expect((await store.sortedSetEntries(key)).map((e) => e.member)).toEqual(["early", "late"]);
      expect(await store.sortedSetEntries(`${prefix}none`)).toEqual([]);
    });

    it("expire gives an existing key a TTL; del removes keys of any type", async () => {
      const key = `${prefix}z`;
      await store.write([{ op: "zadd", key, member: "m", score: 1 }, { op: "expire", key, ttlSeconds: 50 }]);
      expect(await store.ttlSeconds(key)).toBeGreaterThan(40);
      await store.write([{ op: "del", key }, { op: "del", key: `${prefix}never-existed` }]);
      expect(await store.sortedSetEntries(key)).toEqual([]);
    });

    it("increment starts a counter with its window, adds to it, and never extends the window", async () => {
      const key = `${prefix}counter`;
      expect(await store.increment([{ key, by: 1, ttlSeconds: 100 }])).toEqual([{ value: 1, ttlSeconds: 100 }]);
      const [again, other] = await store.increment([{ key, by: 1, ttlSeconds: 500 }, { key: `${prefix}other`, by: -1, ttlSeconds: 30 }]);
      expect(again.value).toBe(2);
      expect(again.ttlSeconds).toBeGreaterThan(90); // still the first window's,
      expect(again.ttlSeconds).toBeLessThanOrEqual(100); // not the 500 s asked for later
      expect(other).toEqual({ value: -1, ttlSeconds: 30 });
      expect(await store.get(key)).toBe("2");
      expect(await store.ttlSeconds(key)).toBeLessThanOrEqual(100);
    });

    it("writeIf applies its ops only while the key holds the expected value", async () => {
      const key = `${prefix}cas`;
      const index = `${prefix}cas-index`;
      // Missing key expected missing: applied, every op of the batch.
      expect(await store.writeIf({ key, expected: null }, [
        { op: "set", key, value: "v1", ttlSeconds: 60 },
        { op: "zadd", key: index, member: "m", score: 5 },
        { op: "expire", key: index, ttlSeconds: 60 },
      ])).toBe(true);
      expect(await store.get(key)).toBe("v1");
      expect(await store.sortedSetEntries(index)).toEqual([{ member: "m", score: 5 }]);
      expect(await store.ttlSeconds(index)).toBeGreaterThan(50);
      // Present key expected missing, or another value: nothing written.
      expect(await store.writeIf({ key, expected: null }, [{ op: "set", key, value: "x", ttlSeconds: 60 }])).toBe(false);
      expect(await store.writeIf({ key, expected: "v0" }, [{ op: "set", key, value: "x", ttlSeconds: 60 }, { op: "zrem", key: index, member: "m" }])).toBe(false);
      expect(await store.get(key)).toBe("v1");
      expect(await store.sortedSetEntries(index)).toHaveLength(1);
      // The expected value: applied (set XX, zrem, del, setPermanent all run inside).
      expect(await store.writeIf({ key, expected: "v1" }, [
        { op: "set", key, value: "v2", ttlSeconds: 30, onlyIfExists: true },
        { op: "set", key: `${prefix}gone`, value: "no", ttlSeconds: 30, onlyIfExists: true },
        { op: "zrem", key: index, member: "m" },
        { op: "setPermanent", key: `${prefix}perm`, value: "p" },
        { op: "del", key: `${prefix}perm` },
      ])).toBe(true);
      expect(await store.get(key)).toBe("v2");
      expect(await store.ttlSeconds(key)).toBeLessThanOrEqual(30);
      expect(await store.get(`${prefix}gone`)).toBeNull();
      expect(await store.get(`${prefix}perm`)).toBeNull();
      expect(await store.sortedSetEntries(index)).toEqual([]);
      // A value that is not a string (a sorted set) never equals an expected string.
      await store.write([{ op: "zadd", key: index, member: "m", score: 1 }]);
      expect(await store.writeIf({ key: index, expected: "" }, [{ op: "del", key: index }])).toBe(false);
    });

    it("a writeIf whose sorted-set op meets a string rejects before writing anything", async () => {
      const key = `${prefix}cas-type`;
      await store.write([{ op: "set", key, value: "v1", ttlSeconds: 60 }, { op: "set", key: `${prefix}not-a-set`, value: "x", ttlSeconds: 60 }]);
      await expect(store.writeIf({ key, expected: "v1" }, [
        { op: "set", key, value: "v2", ttlSeconds: 60 },
        { op: "zadd", key: `${prefix}not-a-set`, member: "m", score: 1 },
      ])).rejects.toThrow(/WRONGTYPE/);
      expect(await store.get(key)).toBe("v1"); // the set before it did not land either
    });

    it("of many callers racing to replace the same value, exactly one writeIf wins", async () => {
      const key = `${prefix}claim`;
      for (let trial = 0; trial < 10; trial++) {
        const start = `gen-${trial}`;
        await store.write([{ op: "set", key, value: start, ttlSeconds: 60 }]);
        const claims = await Promise.all(
          Array.from({ length: 20 }, (_, caller) => store.writeIf({ key, expected: start }, [
            { op: "set", key, value: `${start}-won-by-${caller}`, ttlSeconds: 60 },
            { op: "zadd", key: `${prefix}winners`, member: `${trial}:${caller}`, score: trial },
          ])),
        );
        expect(claims.filter(Boolean)).toHaveLength(1);
        const winner = claims.indexOf(true);
        expect(await store.get(key)).toBe(`${start}-won-by-${winner}`);
      }
      expect(await store.sortedSetEntries(`${prefix}winners`)).toHaveLength(10); // one zadd per trial, the winner's
    });

    it("a TTL that is not a whole number of seconds above zero is refused before anything in the batch is written", async () => {
      for (const ttl of [0, -5, 1.5, Number.NaN]) {
        const victim = `${prefix}victim:${ttl}`;
        await store.write([{ op: "set", key: victim, value: "alive", ttlSeconds: 60 }]);
        await expect(store.write([{ op: "del", key: victim }, { op: "set", key: `${prefix}x`, value: "v", ttlSeconds: ttl }]), `set EX ${ttl}`).rejects.toThrow(/invalid TTL/);
        await expect(store.write([{ op: "del", key: victim }, { op: "expire", key: victim, ttlSeconds: ttl }]), `expire ${ttl}`).rejects.toThrow(/invalid TTL/);
        await expect(store.writeIf({ key: victim, expected: "alive" }, [{ op: "del", key: victim }, { op: "expire", key: victim, ttlSeconds: ttl }]), `writeIf expire ${ttl}`).rejects.toThrow(/invalid TTL/);
        expect(await store.get(victim), `the victim after TTL ${ttl}`).toBe("alive");
        expect(await store.get(`${prefix}x`)).toBeNull();
      }
    });

    it("a counter with a TTL that is not a whole number of seconds above zero is refused, not started without an expiry", async () => {
      for (const ttl of [0, -5, 1.5, Number.NaN]) {
        const key = `${prefix}counter:${ttl}`;
        await expect(store.increment([{ key: `${prefix}fine`, by: 1, ttlSeconds: 60 }, { key, by: 1, ttlSeconds: ttl }]), `increment TTL ${ttl}`).rejects.toThrow(/invalid TTL/);
        expect(await store.get(key)).toBeNull();
      }
      expect(await store.get(`${prefix}fine`), "the batch's valid counter").toBeNull();
    });

    it("a batch with an op the store refuses makes the whole write reject", async () => {
      // Like Redis MULTI/EXEC, a failing op does not promise to undo the others; what every
      // store promises is that the caller hears about it (and nobody sees a half-applied
      // batch in between). lib/session.ts only builds batches whose ops cannot fail on type.
      await store.write([{ op: "set", key: `${prefix}str`, value: "x", ttlSeconds: 60 }]);
      await expect(
        store.write([
          { op: "set", key: `${prefix}first`, value: "1", ttlSeconds: 60 },
          { op: "zadd", key: `${prefix}str`, member: "m", score: 1 }, // wrong type
        ]),
      ).rejects.toThrow(/WRONGTYPE/);
    });
  });
}
