import { describe, expect, it } from "vitest";
import { BETTER_AUTH_KEY_PREFIX, betterAuthSessionIndexKey, storeAsSecondaryStorage } from "@/lib/better-auth/auth";
import type { KeyValueStore } from "@/lib/store";
import { MemoryStore } from "@/lib/store/memory";
import { UpstashStore } from "@/lib/store/upstash";
import { requireRedisOrExplain, useRedisStandIn, useRedisTcpStore } from "../../support/redis-availability";

/**
 * Better Auth's secondary storage on this app's store (lib/better-auth/auth.ts), on a real
 * Redis over both protocols and on the memory store: what Better Auth asks of it (get, set with
 * a TTL, delete, getAndDelete, increment), the races on it, and the per-user session index that
 * stands in for Better Auth's own read-modify-write list.
 */
const INDEX_TTL_SECONDS = 7 * 24 * 60 * 60;
const MAX_DEVICES = 3;
const unique = (what: string) => `${what}-${Math.random().toString(36).slice(2)}`;

/** A value as Better Auth stores it under a session token. */
function sessionValue(token: string, userId: string, expiresAtMs: number): string {
  return JSON.stringify({ session: { id: unique("id"), token, userId, expiresAt: new Date(expiresAtMs).toISOString(), createdAt: new Date().toISOString() }, user: { id: userId } });
}

function secondaryStorageSuite(name: string, connect: () => KeyValueStore) {
  describe(`Better Auth's secondary storage on ${name}`, () => {
    const store = () => connect();
    const storage = () => storeAsSecondaryStorage(store, INDEX_TTL_SECONDS, MAX_DEVICES);
    /** The user's session list as Better Auth reads it: `[{ token, expiresAt }]`, or null. */
    const listOf = async (userId: string) => {
      const raw = await storage().get(`active-sessions-${userId}`);
      return raw === null ? null : (JSON.parse(String(raw)) as Array<{ token: string; expiresAt: number }>);
    };

    it("a value set with a TTL is read back under the prefix and expires with that TTL; one set without a TTL does not expire", async () => {
      const [short, kept] = [unique("short"), unique("kept")];
      await storage().set(short, "v1", 60);
      await storage().set(kept, "v2");
      expect(await storage().get(short)).toBe("v1");
      expect(await store().get(`${BETTER_AUTH_KEY_PREFIX}${short}`)).toBe("v1");
      const ttl = await store().ttlSeconds(`${BETTER_AUTH_KEY_PREFIX}${short}`);
      expect(ttl).toBeGreaterThan(55);
      expect(ttl).toBeLessThanOrEqual(60);
      expect(await storage().get(kept)).toBe("v2");
      expect(await store().ttlSeconds(`${BETTER_AUTH_KEY_PREFIX}${kept}`)).toBeNull();
    });

    it("a value set with a TTL of 0 (a session in its last second, rewritten by a role change) expires: it is never kept", async () => {
      const [plain, token] = [unique("plain"), unique("token")];
      await storage().set(plain, "v", 0);
      await storage().set(token, sessionValue(token, unique("user"), Date.now() + 500), 0);
      for (const name of [plain, token]) {
        const ttl = await store().ttlSeconds(`${BETTER_AUTH_KEY_PREFIX}${name}`);
        // A second at most, or already gone (a slow machine): never a value without a TTL.
        if (ttl === null) expect(await store().get(`${BETTER_AUTH_KEY_PREFIX}${name}`)).toBeNull();
        else expect(ttl).toBeLessThanOrEqual(1);
      }
    });

    it("a deleted value is gone, and a missing one reads as null", async () => {
      const name = unique("gone");
      await storage().set(name, "v", 60);
      await storage().delete(name);
      expect(await storage().get(name)).toBeNull();
      expect(await storage().get(unique("never-set"))).toBeNull();
    });

    it("getAndDelete: of 20 parallel callers for one value exactly one gets it, and it is gone (25 trials)", async () => {
      for (let trial = 0; trial < 25; trial++) {
        const name = unique("once");
        await storage().set(name, `value-${trial}`, 60);
        const got = await Promise.all(Array.from({ length: 20 }, () => storage().getAndDelete!(name)));
        expect(got.filter((value) => value !== null)).toEqual([`value-${trial}`]);
        expect(await storage().get(name)).toBeNull();
      }
    });

    it("increment: 20 parallel increments of one counter answer 1 to 20, each once, and the counter expires", async () => {
      const name = unique("counter");
      const values = await Promise.all(Array.from({ length: 20 }, () => storage().increment!(name, 60)));
      expect([...values].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(await store().ttlSeconds(`${BETTER_AUTH_KEY_PREFIX}${name}`)).toBeGreaterThan(0);
    });

    it("a session's value and its user's index entry are written together; Better Auth reads the index as its list and its own list writes change nothing", async () => {
      const userId = unique("user");
      const [a, b] = [unique("token-a"), unique("token-b")];
      const expiresA = Date.now() + 3_600_000;
      const expiresB = expiresA + 1000;
      await storage().set(b, sessionValue(b, userId, expiresB), 3600);
      await storage().set(a, sessionValue(a, userId, expiresA), 3600);
      expect(await listOf(userId)).toEqual([{ token: a, expiresAt: expiresA }, { token: b, expiresAt: expiresB }]); // soonest expiry first, as Better Auth sorts it
      expect(await store().ttlSeconds(betterAuthSessionIndexKey(userId))).toBeGreaterThan(INDEX_TTL_SECONDS - 10);

      // A stale list written back (what a racing sign-in writes) does not drop b.
      await storage().set(`active-sessions-${userId}`, JSON.stringify([{ token: a, expiresAt: expiresA }]), 3600);
      await storage().delete(`active-sessions-${userId}`);
      expect(await listOf(userId)).toHaveLength(2);

      await storage().delete(a);
      expect(await listOf(userId)).toEqual([{ token: b, expiresAt: expiresB }]);
      await storage().delete(b);
      expect(await listOf(userId)).toBeNull();
    });

    it("an expired index entry is left out of the list and pruned from the index", async () => {
      const userId = unique("user");
      const [old, live] = [unique("old"), unique("live")];
      const expiresLive = Date.now() + 3_600_000;
      await storage().set(old, sessionValue(old, userId, Date.now() - 1000), 60);
      await storage().set(live, sessionValue(live, userId, expiresLive), 3600);
      expect(await listOf(userId)).toEqual([{ token: live, expiresAt: expiresLive }]);
      expect((await store().sortedSetEntries(betterAuthSessionIndexKey(userId))).map((entry) => entry.member)).toEqual([live]);
    });

    it(`20 sessions of one user written in parallel: the device limit (${MAX_DEVICES}) holds, every listed one is stored and every other one is gone (10 trials)`, { timeout: 30_000 }, async () => {
      // 20 writers take turns on one revision (a round trip or three each): seconds on a busy machine.
      for (let trial = 0; trial < 10; trial++) {
        const userId = unique("user");
        const tokens = Array.from({ length: 20 }, () => unique("token"));
        const expiresAt = Date.now() + 3_600_000;
        await Promise.all(tokens.map((token) => storage().set(token, sessionValue(token, userId, expiresAt), 3600)));
        const listed = ((await listOf(userId)) ?? []).map((entry) => entry.token);
        expect(listed).toHaveLength(MAX_DEVICES);
        const stored = await Promise.all(tokens.map(async (token) => (await storage().get(token)) !== null));
        expect(tokens.filter((_, i) => stored[i]).sort()).toEqual([...listed].sort());
      }
    });

    it(`a session written past the device limit ends the one that expires first, and it stays ended`, async () => {
      const userId = unique("user");
      const tokens = Array.from({ length: MAX_DEVICES + 2 }, () => unique("token"));
      const base = Date.now() + 3_600_000;
      for (const [i, token] of tokens.entries()) await storage().set(token, sessionValue(token, userId, base + i * 1000), 3600);
      expect(((await listOf(userId)) ?? []).map((entry) => entry.token)).toEqual(tokens.slice(2));
      expect(await storage().get(tokens[0])).toBeNull();
      expect(await storage().get(tokens[1])).toBeNull();
      // Better Auth writing an ended session back (a slide that read it before) does not bring it back.
      await storage().set(tokens[0], sessionValue(tokens[0], userId, base + 10_000), 3600);
      expect(await storage().get(tokens[0])).toBeNull();
      // An update of a listed session ends nothing.
      await storage().set(tokens[2], sessionValue(tokens[2], userId, base + 20_000), 3600);
      expect(((await listOf(userId)) ?? []).map((entry) => entry.token).sort()).toEqual(tokens.slice(2).sort());
    });
  });
}

secondaryStorageSuite("the memory store", (() => {
  const memory = new MemoryStore();
  return () => memory;
})());

requireRedisOrExplain("Better Auth's secondary storage on a real Redis", () => {
  const tcp = useRedisTcpStore();
  secondaryStorageSuite("Redis over TCP", () => tcp.store);

  const TOKEN = "better-auth-storage-token";
  const running = useRedisStandIn(TOKEN);
  let rest: UpstashStore | undefined;
  secondaryStorageSuite("Redis over REST (Upstash's API, through the stand-in)", () => (rest ??= UpstashStore.connect(running.standIn.url, TOKEN)));
});
