import { beforeEach, describe, expect, it } from "vitest";
import { MemoryStore } from "@/lib/store/memory";
import { StoreUnavailableError, type KeyValueStore } from "@/lib/store";
import { currentRole, roleWriteOp, userRoleKey } from "@/lib/users";
import { createSession, validateSessionToken, invalidateSession, sessionIdFromToken, sessionKey, userSessionsKey, isWellFormedSessionToken, sessionFailureMessages, type SessionDeps } from "@/lib/session";
import { listSessionsForUser, revokeSessionById, revokeOtherSessions, MAX_ENDED_MARKERS_PER_USER, withEndedMarkers } from "@/lib/session/devices";

const SECOND = 1000;
const DAY = 24 * 60 * 60 * SECOND;
const bob = { id: "bob", role: "user" as const };

let now: number;
let store: MemoryStore;
let deps: SessionDeps;

beforeEach(() => {
  now = Date.UTC(2026, 0, 1);
  store = new MemoryStore(() => now);
  // As the app runs it: the core with the markers that say who ended a session (lib/session/devices.ts).
  deps = withEndedMarkers({ store, now: () => now, policy: { idleTtlSeconds: 7 * DAY / SECOND, absoluteTtlSeconds: 30 * DAY / SECOND, maxDevices: 3 } });
});

describe("lib/session", () => {
  it("a new session has a 256-bit random token and validates to its user", async () => {
    const { token, record } = await createSession(deps, bob, "Firefox");
    expect(isWellFormedSessionToken(token)).toBe(true);
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    expect(record).toMatchObject({ userId: "bob", role: "user", createdAt: now, lastSeenAt: now, userAgent: "Firefox" });
    expect(record.expiresAt).toBe(now + 7 * DAY);
    expect(record.absoluteExpiresAt).toBe(now + 30 * DAY);
    const result = await validateSessionToken(deps, token);
    expect(result).toMatchObject({ ok: true, record: { userId: "bob", role: "user" } });
  });

  it("a stored role value this app did not write fails the sign-in as an unreadable store, never falls back to the directory's role", async () => {
    await store.write([{ op: "setPermanent", key: userRoleKey("bob"), value: "admin" }]); // not JSON: not a role change of ours
    await expect(createSession(deps, bob, "Firefox")).rejects.toSatisfy(StoreUnavailableError.is);
    await expect(currentRole(store, "bob", "user")).rejects.toSatisfy(StoreUnavailableError.is);
    await store.write([roleWriteOp("bob", "admin", now)]);
    expect((await createSession(deps, bob, "Firefox")).record.role).toBe("admin");
  });

  it("the store keys the record by the SHA-256 of the token and never holds the raw token", async () => {
    const { token, id } = await createSession(deps, bob, "Firefox");
    expect(id).toBe(await sessionIdFromToken(token));
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(await store.get(sessionKey(id))).not.toBeNull();
    const everything = JSON.stringify(store.dump());
    expect(everything).not.toContain(token);
  });

  it("the record is written with a TTL equal to the idle lifetime", async () => {
    const { id } = await createSession(deps, bob, "Firefox");
    expect(await store.ttlSeconds(sessionKey(id))).toBe(7 * DAY / SECOND);
  });

  it("sessions are not extended while more than half of the idle lifetime is left", async () => {
    const { token, record } = await createSession(deps, bob, "Firefox");
    now += 3 * DAY;
    const result = await validateSessionToken(deps, token);
    expect(result.ok && result.record.expiresAt).toBe(record.expiresAt);
    expect(result.ok && result.record.lastSeenAt).toBe(now);
  });

  it("a session used when less than half of its idle lifetime is left slides forward", async () => {
    const { token, id } = await createSession(deps, bob, "Firefox");
    now += 4 * DAY;
    const result = await validateSessionToken(deps, token);
    expect(result.ok && result.record.expiresAt).toBe(now + 7 * DAY);
    expect(await store.ttlSeconds(sessionKey(id))).toBe(7 * DAY / SECOND);
  });

  it("an idle session expires after the idle lifetime", async () => {
    const { token } = await createSession(deps, bob, "Firefox");
    now += 7 * DAY + SECOND;
    const result = await validateSessionToken(deps, token);
    expect(result).toMatchObject({ ok: false });
  });

  it("an active session still ends at the absolute cap", async () => {
    const { token } = await createSession(deps, bob, "Firefox");
    const cap = now + 30 * DAY;
    for (let day = 3; day < 30; day += 3) {
      now = Date.UTC(2026, 0, 1) + day * DAY;
      const result = await validateSessionToken(deps, token);
      expect(result.ok).toBe(true);
      expect(result.ok && result.record.expiresAt).toBeLessThanOrEqual(cap);
    }
    now = cap;
    expect(await validateSessionToken(deps, token)).toMatchObject({ ok: false });
  });

  it("a revoked session is refused on the next request and leaves the per-user index", async () => {
    const { token, id } = await createSession(deps, bob, "Firefox");
    expect((await store.sortedSetEntries(userSessionsKey("bob"))).map((e) => e.member)).toEqual([id]);
    await invalidateSession(deps, token);
    expect(await validateSessionToken(deps, token)).toEqual({ ok: false, reason: "unknown" });
    expect(await store.get(sessionKey(id))).toBeNull();
    expect(await store.sortedSetEntries(userSessionsKey("bob"))).toEqual([]);
  });

  it("the per-user index lists a user's sessions oldest first and prunes expired ones", async () => {
    const first = await createSession(deps, bob, "Laptop");
    now += 5 * DAY;
    const second = await createSession(deps, bob, "Phone");
    await createSession(deps, { id: "alice", role: "admin" }, "Desktop");
    expect((await listSessionsForUser(deps, "bob")).map((s) => s.record.userAgent)).toEqual(["Laptop", "Phone"]);

    now += 3 * DAY; // the first (idle since day 0) has expired, the second has not
    const live = await listSessionsForUser(deps, "bob");
    expect(live.map((s) => s.id)).toEqual([second.id]);
    expect((await store.sortedSetEntries(userSessionsKey("bob"))).map((e) => e.member)).toEqual([second.id]);
    expect(first.id).not.toBe(second.id);
  });

  it("tokens that are absent, malformed or unknown are refused with their own reasons", async () => {
    expect(await validateSessionToken(deps, undefined)).toEqual({ ok: false, reason: "missing" });
    expect(await validateSessionToken(deps, "short")).toEqual({ ok: false, reason: "malformed" });
    expect(await validateSessionToken(deps, "A".repeat(43))).toEqual({ ok: false, reason: "unknown" });
  });

  it("a record without a live TTL but past its expiry is refused as expired and removed", async () => {
    const { token, id } = await createSession(deps, bob, "Firefox");
    const stale = JSON.parse((await store.get(sessionKey(id)))!);
    await store.write([{ op: "set", key: sessionKey(id), value: JSON.stringify({ ...stale, expiresAt: now - 1 }), ttlSeconds: 60 }]);
    expect(await validateSessionToken(deps, token)).toEqual({ ok: false, reason: "expired" });
    expect(await store.get(sessionKey(id))).toBeNull();
  });
});

describe("a logout racing a request", () => {
  it("the request's sliding-expiry write does not bring a signed-out session back", async () => {
    const { token, id } = await createSession(deps, bob, "Firefox");
    now += 4 * DAY; // the next validation slides, so it writes the record back
    // A store through which the logout lands between the request's read and its write.
    const racing: KeyValueStore = {
      kind: store.kind,
      get: async (key) => {
        const read = await store.get(key);
        if (key === sessionKey(id)) await invalidateSession(deps, token);
        return read;
      },
      getMany: (keys) => store.getMany(keys),
      ttlSeconds: (key) => store.ttlSeconds(key),
      sortedSetEntries: (key) => store.sortedSetEntries(key),
      write: (ops) => store.write(ops),
      increment: (counters) => store.increment(counters),
      writeIf: (condition, ops) => store.writeIf(condition, ops),
      clear: () => store.clear(),
    };
    // It read the record in time, but writes only over what it read: it hears the logout instead.
    expect(await validateSessionToken({ ...deps, store: racing }, token)).toEqual({ ok: false, reason: "unknown" });
    expect(await store.get(sessionKey(id))).toBeNull(); // and did not resurrect it
    expect(await validateSessionToken(deps, token)).toEqual({ ok: false, reason: "unknown" });
  });
});

describe("read-only validation (the Edge middleware's check)", () => {
  it("does not slide, touch or delete anything", async () => {
    const { token, id, record } = await createSession(deps, bob, "Firefox");
    now += 5 * DAY;
    const before = await store.get(sessionKey(id));
    const result = await validateSessionToken(deps, token, { touch: false });
    expect(result).toMatchObject({ ok: true, record: { expiresAt: record.expiresAt, lastSeenAt: record.createdAt } });
    expect(await store.get(sessionKey(id))).toBe(before);
  });
});

describe("device limit and device list", () => {
  it("a fourth login evicts the oldest session, found through the index", async () => {
    const first = await createSession(deps, bob, "Laptop");
    now += SECOND;
    await createSession(deps, bob, "Phone");
    now += SECOND;
    await createSession(deps, bob, "Tablet");
    now += SECOND;
    const fourth = await createSession(deps, bob, "Desktop");
    expect(fourth.evicted).toEqual([first.id]);
    // The evicted browser hears why: a newer sign-in, not "does not exist".
    expect(await validateSessionToken(deps, first.token)).toEqual({ ok: false, reason: "evicted" });
    expect(sessionFailureMessages(3).evicted).toContain("ended by a newer sign-in (device limit 3)");
    expect((await listSessionsForUser(deps, "bob")).map((s) => s.record.userAgent)).toEqual(["Phone", "Tablet", "Desktop"]);
  });

  it("the core alone (lib/session.ts, no add-on) evicts in the same write, leaves no marker, and the evicted browser hears 'unknown'", async () => {
    const core: SessionDeps = { store, now: () => now, policy: deps.policy };
    const first = await createSession(core, bob, "Laptop");
    for (const device of ["Phone", "Tablet", "Desktop"]) {
      now += SECOND;
      await createSession(core, bob, device);
    }
    expect(await validateSessionToken(core, first.token)).toEqual({ ok: false, reason: "unknown" });
    expect(store.dump().map((entry) => entry.key).filter((key) => key.includes("ended"))).toEqual([]);
    expect(await store.get(sessionKey(first.id))).toBeNull();
    expect((await store.sortedSetEntries(userSessionsKey("bob"))).map((e) => e.member)).not.toContain(first.id);
  });

  it("another user's sessions do not count", async () => {
    for (const device of ["a", "b", "c"]) await createSession(deps, bob, device);
    const alice = await createSession(deps, { id: "alice", role: "admin" }, "x");
    expect(alice.evicted).toEqual([]);
  });

  it("a user can end one of their sessions by id, but not someone else's", async () => {
    const mine = await createSession(deps, bob, "Laptop");
    const theirs = await createSession(deps, { id: "alice", role: "admin" }, "x");
    expect(await revokeSessionById(deps, "bob", theirs.id)).toBe(false);
    expect(await validateSessionToken(deps, theirs.token)).toMatchObject({ ok: true });
    expect(await revokeSessionById(deps, "bob", mine.id)).toBe(true);
    expect(await validateSessionToken(deps, mine.token)).toEqual({ ok: false, reason: "revoked" });
    expect(sessionFailureMessages(3).revoked).toContain("signed out from the device list");
  });

  it("“sign out all other devices” keeps only this one", async () => {
    const laptop = await createSession(deps, bob, "Laptop");
    const phone = await createSession(deps, bob, "Phone");
    const here = await createSession(deps, bob, "Desktop");
    expect(await revokeOtherSessions(deps, "bob", here.id)).toBe(2);
    expect(await validateSessionToken(deps, laptop.token)).toEqual({ ok: false, reason: "revoked" });
    expect(await validateSessionToken(deps, phone.token)).toEqual({ ok: false, reason: "revoked" });
    expect(await validateSessionToken(deps, here.token)).toMatchObject({ ok: true });
  });

  it("the reason an ended session gives lasts one idle lifetime, then it is simply unknown", async () => {
    const laptop = await createSession(deps, bob, "Laptop");
    const here = await createSession(deps, bob, "Desktop");
    await revokeOtherSessions(deps, "bob", here.id);
    now += deps.policy.idleTtlSeconds * SECOND - SECOND;
    expect(await validateSessionToken(deps, laptop.token)).toEqual({ ok: false, reason: "revoked" });
    now += SECOND;
    expect(await validateSessionToken(deps, laptop.token)).toEqual({ ok: false, reason: "unknown" });
  });

  it("a flood of sign-ins past the device limit keeps at most 10 reasons per user: the store does not grow", async () => {
    const tokens: string[] = [];
    for (let i = 0; i < 50; i++) {
      tokens.push((await createSession(deps, bob, `Device ${i}`)).token);
      now += SECOND;
    }
    const keys = store.dump().map((entry) => entry.key);
    expect(keys.filter((k) => k.startsWith("session-ended:")).length).toBe(MAX_ENDED_MARKERS_PER_USER);
    expect(await validateSessionToken(deps, tokens[46])).toEqual({ ok: false, reason: "evicted" }); // among the newest ended
    expect(await validateSessionToken(deps, tokens[0])).toEqual({ ok: false, reason: "unknown" }); // its reason made room
    expect(await validateSessionToken(deps, tokens[49])).toMatchObject({ ok: true });
  });

  it("signing out on this browser leaves no reason behind: a replayed copy is unknown", async () => {
    const { token } = await createSession(deps, bob, "Laptop");
    await invalidateSession(deps, token);
    expect(await validateSessionToken(deps, token)).toEqual({ ok: false, reason: "unknown" });
  });
});
