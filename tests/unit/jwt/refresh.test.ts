import { beforeEach, describe, expect, it } from "vitest";
import { MemoryStore } from "@/lib/store/memory";
import { StoreUnavailableError } from "@/lib/store";
import { createRefreshToken, readRefreshFamily, rotateRefreshToken, revokeRefreshFamily, revokeAllRefreshFamiliesOps, type RefreshDeps } from "@/lib/jwt/refresh";
import { signAccessToken, verifyAccessToken } from "@/lib/jwt";
import { testClock, type TestClock } from "@/tests/support/clock";

const SECOND = 1000;
const DAY = 86_400 * SECOND;
let clock: TestClock;
let deps: RefreshDeps;
let store: MemoryStore;

beforeEach(() => {
  clock = testClock();
  store = new MemoryStore(clock.now);
  deps = { store, now: clock.now, secret: "unit-test-refresh-secret-0123456789abcdef", policy: { refreshTokenTtlSeconds: 30 * 86_400, reuseGraceSeconds: 20, maxFamiliesPerUser: 3, tombstoneTtlSeconds: 360 } };
});

describe("refresh tokens (lib/jwt/refresh.ts)", () => {
  it("using a refresh token rotates it: a new one comes back, and the store keeps only hashes", async () => {
    const first = await createRefreshToken(deps, "bob", ["refresh"]);
    const result = await rotateRefreshToken(deps, first.token);
    expect(result).toMatchObject({ ok: true, userId: "bob", familyId: first.familyId, checks: ["refresh"] });
    expect(result.ok && result.newToken).toMatch(new RegExp(`^${first.familyId}\\.1\\.[\\w-]{43}\\.[\\w-]{43}$`));
    expect(result.ok && result.newToken).not.toBe(first.token);
    const dump = JSON.stringify(store.dump());
    expect(dump).not.toContain(first.token);
    expect(dump).not.toContain(result.ok ? result.newToken! : "");
  });

  it("a second use within the grace window (two tabs) is allowed but gets no new refresh token", async () => {
    const first = await createRefreshToken(deps, "bob", ["refresh"]);
    const tabA = await rotateRefreshToken(deps, first.token);
    clock.advance(5 * SECOND);
    const tabB = await rotateRefreshToken(deps, first.token);
    expect(tabB).toMatchObject({ ok: true, newToken: null });
    expect(tabA.ok && (await rotateRefreshToken(deps, tabA.newToken))).toMatchObject({ ok: true });
  });

  it("the grace is answered once: a third use of the rotated token is reuse and revokes the family", async () => {
    const first = await createRefreshToken(deps, "bob", ["refresh"]);
    const legit = await rotateRefreshToken(deps, first.token);
    expect(await rotateRefreshToken(deps, first.token)).toMatchObject({ ok: true, newToken: null });
    expect(await rotateRefreshToken(deps, first.token)).toEqual({ ok: false, reason: "reused" });
    expect(legit.ok && (await rotateRefreshToken(deps, legit.newToken))).toEqual({ ok: false, reason: "family-revoked" });
  });

  it("of 10 parallel rotations with one token exactly one gets a successor, and no branch survives a fork", async () => {
    for (let trial = 0; trial < 10; trial++) {
      const first = await createRefreshToken(deps, `user-${trial}`, ["refresh"]);
      const results = await Promise.all(Array.from({ length: 10 }, () => rotateRefreshToken(deps, first.token)));
      const successors = results.flatMap((r) => (r.ok && r.newToken ? [r.newToken] : []));
      expect(successors.length).toBeLessThanOrEqual(1);
      expect(results.filter((r) => r.ok && r.newToken === null).length).toBeLessThanOrEqual(1); // the one grace answer
      // Ten parallel uses are more than two tabs: the third and later are reuse, so the family is revoked.
      for (const successor of successors) expect(await rotateRefreshToken(deps, successor)).toMatchObject({ ok: false });
    }
  });

  it("two parallel rotations (two tabs) both succeed, and only one hands out a new refresh token", async () => {
    for (let trial = 0; trial < 10; trial++) {
      const first = await createRefreshToken(deps, `user-${trial}`, ["refresh"]);
      const [a, b] = await Promise.all([rotateRefreshToken(deps, first.token), rotateRefreshToken(deps, first.token)]);
      expect(a.ok && b.ok).toBe(true);
      const successors = [a, b].flatMap((r) => (r.ok && r.newToken ? [r.newToken] : []));
      expect(successors).toHaveLength(1);
      expect(await rotateRefreshToken(deps, successors[0])).toMatchObject({ ok: true });
    }
  });

  it("a revocation that lands while a rotation is in flight wins: the rotation fails and the family stays revoked", async () => {
    const first = await createRefreshToken(deps, "bob", ["refresh"]);
    // A store through which the logout lands between the rotation's read and its claim.
    const racing = Object.create(store) as MemoryStore;
    racing.get = async (key) => {
      const read = await store.get(key);
      await revokeRefreshFamily(deps, "bob", first.familyId);
      return read;
    };
    expect(await rotateRefreshToken({ ...deps, store: racing }, first.token)).toEqual({ ok: false, reason: "family-revoked" });
    expect(await readRefreshFamily(store, first.familyId)).toMatchObject({ revoked: { revokedBecause: "logout" } });
  });

  it("a rotation whose reply was lost (the client resent it and the resend found the record changed) still hands out its successor", async () => {
    const first = await createRefreshToken(deps, "bob", ["refresh"]);
    const lossy = Object.create(store) as MemoryStore;
    lossy.writeIf = async (condition, ops) => {
      await store.writeIf(condition, ops); // applied…
      return false; // …but the caller heard "not applied" (the resend's answer)
    };
    const result = await rotateRefreshToken({ ...deps, store: lossy }, first.token);
    expect(result).toMatchObject({ ok: true, newToken: expect.stringMatching(/\.1\./) });
    expect(result.ok && (await rotateRefreshToken(deps, result.newToken))).toMatchObject({ ok: true }); // no false theft alarm
  });

  it("a second tab's grace use whose reply was lost (the client resent it) still answers the access token, not 'reused'", async () => {
    const first = await createRefreshToken(deps, "bob", ["refresh"]);
    const winner = await rotateRefreshToken(deps, first.token); // the first tab
    const lossy = Object.create(store) as MemoryStore;
    lossy.writeIf = async (condition, ops) => {
      await store.writeIf(condition, ops); // applied…
      return false; // …but the caller heard "not applied" (the resend's answer)
    };
    expect(await rotateRefreshToken({ ...deps, store: lossy }, first.token)).toMatchObject({ ok: true, newToken: null });
    expect(await readRefreshFamily(store, first.familyId)).toMatchObject({ live: { graceUsed: true } });
    expect(winner.ok && (await rotateRefreshToken(deps, winner.newToken))).toMatchObject({ ok: true }); // the family lives on
  });

  it("a claim the store did not answer (sent, and it may land) hands the successor over: no theft alarm either way", async () => {
    for (const lands of [true, false]) {
      const first = await createRefreshToken(deps, "bob", ["refresh"]);
      const silent = Object.create(store) as MemoryStore;
      silent.writeIf = async (condition, ops) => {
        if (lands) await store.writeIf(condition, ops); // applied once the store is back…
        throw new StoreUnavailableError("EVALSHA", new Error("Command timed out")); // …but the caller heard nothing
      };
      const interrupted = await rotateRefreshToken({ ...deps, store: silent }, first.token);
      expect(interrupted).toMatchObject({ ok: false, reason: "store-unavailable", newToken: expect.stringMatching(/\.1\./) });
      const next = interrupted.ok || interrupted.reason !== "store-unavailable" ? null : await rotateRefreshToken(deps, interrupted.newToken);
      // Landed: the successor works. Not landed: it is unknown (sign in again), and the family is not revoked.
      expect(next).toEqual(lands ? expect.objectContaining({ ok: true }) : { ok: false, reason: "unknown" });
      expect(await readRefreshFamily(store, first.familyId)).toHaveProperty("live");
    }
  });

  it("a claim never sent (no connection) or lost for sure (the check after a lost race failed) hands nothing over: a plain outage, the old token still works", async () => {
    const first = await createRefreshToken(deps, "bob", ["refresh"]);
    const unsent = Object.create(store) as MemoryStore;
    unsent.writeIf = async () => {
      throw new StoreUnavailableError("EVALSHA", new Error("not connected to Redis"), { sent: false });
    };
    await expect(rotateRefreshToken({ ...deps, store: unsent }, first.token)).rejects.toSatisfy(StoreUnavailableError.is);
    let reads = 0;
    const lostThenDown = Object.create(store) as MemoryStore;
    lostThenDown.writeIf = async () => false; // another request rotated first…
    lostThenDown.get = async (key) => {
      if (++reads > 1) throw new StoreUnavailableError("GET", new Error("connection reset")); // …and the store went down
      return store.get(key);
    };
    await expect(rotateRefreshToken({ ...deps, store: lostThenDown }, first.token)).rejects.toSatisfy(StoreUnavailableError.is);
    expect(await rotateRefreshToken(deps, first.token)).toMatchObject({ ok: true, newToken: expect.stringMatching(/\.1\./) });
  });

  it("a token naming a family but not issued by us is unknown, and does not revoke the family, whatever generation it names", async () => {
    const first = await createRefreshToken(deps, "bob", ["refresh"]);
    const second = await rotateRefreshToken(deps, first.token);
    clock.advance(60 * SECOND);
    const third = second.ok && second.newToken ? await rotateRefreshToken(deps, second.newToken) : null;
    if (!third?.ok || !third.newToken) throw new Error("expected two rotations");
    // Generation 0 is older than the previous one: a real old token there would be reuse.
    for (const generation of [0, 1, 2, 7]) {
      const forged = `${first.familyId}.${generation}.${"B".repeat(43)}.${"C".repeat(43)}`;
      expect(await rotateRefreshToken(deps, forged)).toEqual({ ok: false, reason: "unknown" });
    }
    // A real token's tag on another body does not verify either.
    const [, , , tag] = first.token.split(".");
    expect(await rotateRefreshToken(deps, `${first.familyId}.0.${"D".repeat(43)}.${tag}`)).toEqual({ ok: false, reason: "unknown" });
    expect(await rotateRefreshToken(deps, third.newToken)).toMatchObject({ ok: true }); // the family lives on
    // …while the real generation-0 token is recognised as reuse.
    expect(await rotateRefreshToken(deps, first.token)).toEqual({ ok: false, reason: "reused" });
  });

  it("storage stays flat: one record per family whatever the number of rotations", async () => {
    let { token } = await createRefreshToken(deps, "bob", ["refresh"]);
    const keysAfterLogin = store.dump().length;
    for (let i = 0; i < 60; i++) {
      clock.advance(60 * SECOND);
      const result = await rotateRefreshToken(deps, token);
      if (!result.ok || !result.newToken) throw new Error(`rotation ${i} failed`);
      token = result.newToken;
    }
    expect(store.dump().length).toBe(keysAfterLogin);
  });

  it("a user has at most maxFamiliesPerUser live families: a new sign-in revokes the oldest", async () => {
    const logins = [];
    for (let i = 0; i < 5; i++) {
      logins.push(await createRefreshToken(deps, "bob", ["refresh"]));
      clock.advance(SECOND);
    }
    expect(await rotateRefreshToken(deps, logins[0].token)).toEqual({ ok: false, reason: "family-revoked" });
    expect(await rotateRefreshToken(deps, logins[1].token)).toEqual({ ok: false, reason: "family-revoked" });
    for (const login of logins.slice(2)) expect(await rotateRefreshToken(deps, login.token)).toMatchObject({ ok: true });
    expect(await store.sortedSetEntries("refresh-families:bob")).toHaveLength(3);
  });

  it("reusing a rotated token after the grace window revokes the whole family (theft detection)", async () => {
    const first = await createRefreshToken(deps, "bob", ["refresh"]);
    const legit = await rotateRefreshToken(deps, first.token);
    clock.advance(21 * SECOND);
    expect(await rotateRefreshToken(deps, first.token)).toEqual({ ok: false, reason: "reused" });
    // The thief's reuse also ends the legitimate holder's current token: the family is gone.
    expect(legit.ok && (await rotateRefreshToken(deps, legit.newToken))).toEqual({ ok: false, reason: "family-revoked" });
  });

  it("with no grace, the rotated token is reuse even on a server whose clock is behind the one that rotated it", async () => {
    const noGrace = { ...deps, policy: { ...deps.policy, reuseGraceSeconds: 0 } };
    const first = await createRefreshToken(noGrace, "bob", ["refresh"]);
    clock.advance(5 * SECOND); // the rotating server's clock is 4 s ahead of the next one's
    expect(await rotateRefreshToken(noGrace, first.token)).toMatchObject({ ok: true });
    clock.advance(-4 * SECOND);
    expect(await rotateRefreshToken(noGrace, first.token)).toEqual({ ok: false, reason: "reused" });
  });

  it("logout revokes the family; other logins (families) of the same user are untouched", async () => {
    const laptop = await createRefreshToken(deps, "bob", ["refresh"]);
    const phone = await createRefreshToken(deps, "bob", ["refresh"]);
    await revokeRefreshFamily(deps, "bob", laptop.familyId);
    expect(await rotateRefreshToken(deps, laptop.token)).toEqual({ ok: false, reason: "family-revoked" });
    expect(await rotateRefreshToken(deps, phone.token)).toMatchObject({ ok: true });
  });

  it("“log out everywhere” revokes every family of the user, through the per-user index", async () => {
    const a = await createRefreshToken(deps, "bob", ["refresh"]);
    const b = await createRefreshToken(deps, "bob", ["refresh"]);
    const alice = await createRefreshToken(deps, "alice", ["refresh"]);
    const { ops, families } = await revokeAllRefreshFamiliesOps(deps, "bob");
    await deps.store.write(ops);
    expect(families).toBe(2);
    expect(await rotateRefreshToken(deps, a.token)).toMatchObject({ ok: false });
    expect(await rotateRefreshToken(deps, b.token)).toMatchObject({ ok: false });
    expect(await rotateRefreshToken(deps, alice.token)).toMatchObject({ ok: true });
  });

  it("a refresh token expires after its lifetime", async () => {
    const first = await createRefreshToken(deps, "bob", ["refresh"]);
    clock.advance(30 * DAY + SECOND);
    expect(await rotateRefreshToken(deps, first.token)).toMatchObject({ ok: false });
  });

  it("access and refresh tokens can never stand in for each other", async () => {
    const settings = { secret: "s".repeat(32), issuer: "i", audience: "a", accessTokenTtlSeconds: 900 };
    const access = await signAccessToken({ id: "bob", role: "user" }, settings, clock.now());
    const refresh = await createRefreshToken(deps, "bob", ["refresh"]);
    expect(await rotateRefreshToken(deps, access)).toEqual({ ok: false, reason: "malformed" });
    expect(await verifyAccessToken(refresh.token, settings, clock.now())).toEqual({ ok: false, reason: "malformed" });
    expect(await rotateRefreshToken(deps, "A".repeat(43))).toEqual({ ok: false, reason: "malformed" });
    expect(await rotateRefreshToken(deps, `${crypto.randomUUID()}.0.${"A".repeat(43)}`)).toEqual({ ok: false, reason: "malformed" }); // no tag
    expect(await rotateRefreshToken(deps, `${crypto.randomUUID()}.0.${"A".repeat(43)}.${"B".repeat(43)}`)).toEqual({ ok: false, reason: "unknown" });
    expect(await rotateRefreshToken(deps, undefined)).toEqual({ ok: false, reason: "missing" });
  });
});
