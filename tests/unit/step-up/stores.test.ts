import { describe, expect, it } from "vitest";
import { MemoryStore } from "@/lib/store/memory";
import type { KeyValueStore } from "@/lib/store";
import { createSession, invalidateSession, sessionKey, validateSessionToken, writeRecord, type SessionDeps, type SessionRecord } from "@/lib/session";
import { markPasswordChecked, sessionAuthTimeMs } from "@/lib/session/step-up";
import { betterAuthAuthTimeMs, markBetterAuthPasswordChecked } from "@/lib/better-auth/step-up";
import { isFreshSignIn } from "@/lib/step-up";
import { createRefreshToken, readRefreshFamily, revokeRefreshFamily, rotateRefreshToken, type RefreshDeps } from "@/lib/jwt/refresh";
import { markFamilyPasswordChecked } from "@/lib/jwt/step-up";
import { requireRedisOrExplain, useRedisTcpStore } from "../../support/redis-availability";

/** Sudo mode's store writes, on the memory store and on a real Redis (over TCP). */
const SECOND = 1000;
const HOUR = 3600 * SECOND;
const bob = { id: "bob", role: "user" as const };

function suite(storeOf: () => KeyValueStore) {
  let now = Date.now();
  const deps = (): SessionDeps => ({ store: storeOf(), now: () => now, policy: { idleTtlSeconds: 86_400, absoluteTtlSeconds: 7 * 86_400, maxDevices: 5 } });

  describe("the session lane: the record's authenticatedAt", () => {
    it("a sign-in records the password check; entering it again later moves it to then", async () => {
      now = Date.now();
      const session = await createSession(deps(), bob, "Firefox");
      expect(sessionAuthTimeMs(session.record)).toBe(now);
      now += 2 * HOUR;
      const before = await validateSessionToken(deps(), session.token);
      expect(before.ok && isFreshSignIn(sessionAuthTimeMs(before.record), now, 300)).toBe(false);
      expect(await markPasswordChecked(deps(), session.id)).toBe(true);
      const after = await validateSessionToken(deps(), session.token);
      expect(after.ok && sessionAuthTimeMs(after.record)).toBe(now);
      expect(after.ok && after.record).toMatchObject({ userId: "bob", createdAt: session.record.createdAt });
    });

    it("a session signed out meanwhile stays signed out: the update writes nothing", async () => {
      now = Date.now();
      const session = await createSession(deps(), bob, "Firefox");
      await invalidateSession(deps(), session.token);
      expect(await markPasswordChecked(deps(), session.id)).toBe(false);
      expect(await storeOf().get(sessionKey(session.id))).toBeNull();
      expect(await validateSessionToken(deps(), session.token)).toMatchObject({ ok: false });
    });

    it("a record from before the field existed still signs in, with no time: stale, so the password is asked", async () => {
      now = Date.now();
      const session = await createSession(deps(), bob, "Firefox");
      const { authenticatedAt: _dropped, ...older } = session.record;
      await storeOf().write([writeRecord(session.id, older as SessionRecord, now, { update: true })]);
      const result = await validateSessionToken(deps(), session.token);
      expect(result.ok).toBe(true);
      expect(result.ok && sessionAuthTimeMs(result.record)).toBeNull();
    });

    it("a sliding-expiry write after the check keeps it (it rewrites the record it reads)", async () => {
      now = Date.now();
      const session = await createSession(deps(), bob, "Firefox");
      now += 2 * HOUR;
      expect(await markPasswordChecked(deps(), session.id)).toBe(true);
      const checkedAt = now;
      now += 2 * HOUR; // the next request slides the expiry and writes lastSeenAt
      const result = await validateSessionToken(deps(), session.token);
      expect(result.ok && result.record).toMatchObject({ lastSeenAt: now, authenticatedAt: checkedAt });
    });

    it("raced with sliding-expiry writes, the password check is never lost: never signed out, never a torn record", async () => {
      now = Date.now();
      const session = await createSession(deps(), bob, "Firefox");
      now += 2 * HOUR; // far enough that every validation writes lastSeenAt
      await Promise.all([markPasswordChecked(deps(), session.id), ...Array.from({ length: 5 }, () => validateSessionToken(deps(), session.token))]);
      const result = await validateSessionToken(deps(), session.token, { touch: false });
      expect(result.ok && result.record.authenticatedAt).toBe(now);
      // A touch writes only over the record it read: one that lost to the check is dropped (the next request touches).
      expect([now, session.record.createdAt]).toContain(result.ok && result.record.lastSeenAt);
    });
  });

  describe("the JWT lane: a refresh family's sign-in time", () => {
    const refreshDeps = (): RefreshDeps => ({ store: storeOf(), now: () => now, secret: "unit-test-refresh-secret-0123456789abcdef", policy: { refreshTokenTtlSeconds: 86_400, reuseGraceSeconds: 20, maxFamiliesPerUser: 50, tombstoneTtlSeconds: 360 } });

    it("the password checked again moves it to then, and every later rotation hands that on", async () => {
      now = Date.now();
      const family = await createRefreshToken(refreshDeps(), "bob", ["refresh"]);
      now += 2 * HOUR;
      expect(await markFamilyPasswordChecked(refreshDeps(), family.familyId)).toBe(now);
      const checkedAt = now;
      now += 10 * 60 * SECOND;
      expect(await rotateRefreshToken(refreshDeps(), family.token)).toMatchObject({ ok: true, authTime: checkedAt });
    });

    it("a family revoked meanwhile stays revoked: nothing is written", async () => {
      now = Date.now();
      const family = await createRefreshToken(refreshDeps(), "bob", ["refresh"]);
      await revokeRefreshFamily(refreshDeps(), "bob", family.familyId);
      expect(await markFamilyPasswordChecked(refreshDeps(), family.familyId)).toBeNull();
      expect(await readRefreshFamily(storeOf(), family.familyId)).toMatchObject({ revoked: { revokedBecause: "logout" } });
      expect(await rotateRefreshToken(refreshDeps(), family.token)).toEqual({ ok: false, reason: "family-revoked" });
    });
  });

  describe("Better Auth: the session's creation, or a later password check", () => {
    it("the creation time until the password is entered again; then that time, kept for the session's life", async () => {
      now = Date.now();
      const session = { id: `ba-${crypto.randomUUID()}`, createdAt: new Date(now - 2 * HOUR), expiresAt: new Date(now + 7 * 24 * HOUR) };
      expect(await betterAuthAuthTimeMs(storeOf(), session)).toBe(now - 2 * HOUR);
      await markBetterAuthPasswordChecked(storeOf(), session, now);
      expect(await betterAuthAuthTimeMs(storeOf(), session)).toBe(now);
      expect(await betterAuthAuthTimeMs(storeOf(), { ...session, id: `ba-${crypto.randomUUID()}` })).toBe(now - 2 * HOUR); // another session is not made fresh
    });
  });
}

describe("on the memory store", () => {
  const store = new MemoryStore();
  suite(() => store);
});

requireRedisOrExplain("on a real Redis (TCP)", () => {
  const tcp = useRedisTcpStore();
  suite(() => tcp.store);
});
