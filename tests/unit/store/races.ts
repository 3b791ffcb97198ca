import { describe, expect, it } from "vitest";
import { createSession, sessionKey, validateSessionToken, type SessionDeps } from "@/lib/session";
import { listSessionsForUser, withEndedMarkers } from "@/lib/session/devices";
import { markPasswordChecked } from "@/lib/session/step-up";
import { changeUserRole } from "@/app/admin/change-role";
import { roleWriteOp } from "@/lib/users";
import { createRefreshToken, type RefreshDeps } from "@/lib/jwt/refresh";
import { StoreUnavailableError, rewriteOverRead, writeUnlessChanged, type KeyValueStore } from "@/lib/store";
import { currentTokenVersion, revokeAllTokensForUser } from "@/lib/token-version";

/**
 * The lanes' guarantees under parallel requests, raced many times against one store (memory,
 * Redis over TCP, Redis over REST): the device limit of sessions and of refresh-token families,
 * and a role change that applies to every session at once, whatever sign-in or request is in flight.
 */
export function runRaces(name: string, connect: () => KeyValueStore) {
  const ROUNDS = 20;
  const RACE_TIMEOUT_MS = 60_000; // many rounds over a network: a bound on a hang, not a speed target
  const MAX_DEVICES = 3;
  const deps = (store: KeyValueStore, now: () => number = Date.now): SessionDeps =>
    withEndedMarkers({ store, now, policy: { idleTtlSeconds: 3600, absoluteTtlSeconds: 7200, maxDevices: MAX_DEVICES } });
  const freshUser = () => `race-${Math.random().toString(36).slice(2)}`;

  describe(`races: ${name}`, () => {
    it(`parallel compare-and-writes over one key lose none of their changes (${ROUNDS} rounds of 6)`, async () => {
      const store = connect();
      for (let round = 0; round < ROUNDS; round++) {
        const key = `counter:${freshUser()}`;
        const add = () => rewriteOverRead(store, key, (raw) => {
          const count = Number(raw ?? 0) + 1;
          return { answer: count, ops: [{ op: "set", key, value: String(count), ttlSeconds: 60 }] };
        }, null, 64);
        const answers = await Promise.all(Array.from({ length: 6 }, add));
        expect(answers.toSorted()).toEqual([1, 2, 3, 4, 5, 6]);
        expect(await store.get(key)).toBe("6");
      }
    }, RACE_TIMEOUT_MS);

    it(`parallel token-version bumps by servers whose clocks disagree never leave the version below one a bump answered (${ROUNDS} rounds of 6)`, async () => {
      const store = connect();
      for (let round = 0; round < ROUNDS; round++) {
        const userId = freshUser();
        const skewed = () => Date.now() + Math.round((Math.random() - 0.5) * 10_000); // up to 5 s either way
        const bumps = await Promise.allSettled(Array.from({ length: 6 }, () => revokeAllTokensForUser(store, userId, skewed())));
        const answered = bumps.flatMap((bump) => (bump.status === "fulfilled" ? [bump.value] : []));
        // One that lost every round said so (a 503), never "done".
        expect(bumps.every((bump) => bump.status === "fulfilled" || StoreUnavailableError.is(bump.reason))).toBe(true);
        expect(answered.length).toBeGreaterThan(0);
        expect(new Set(answered).size).toBe(answered.length);
        expect(await currentTokenVersion(store, userId)).toBe(Math.max(...answered));
      }
    }, RACE_TIMEOUT_MS);

    it("a compare-and-write that loses every round answers `lost` and writes nothing of its own", async () => {
      const store = connect();
      const key = `counter:${freshUser()}`;
      let rounds = 0;
      // Another writer lands between each read and the write over it.
      const contended: KeyValueStore = Object.assign(Object.create(store) as KeyValueStore, {
        get: async (k: string) => {
          const raw = await store.get(k);
          await store.write([{ op: "set", key, value: `other ${++rounds}`, ttlSeconds: 60 }]);
          return raw;
        },
      });
      const answer = await rewriteOverRead(contended, key, () => ({ answer: "mine", ops: [{ op: "set", key, value: "mine", ttlSeconds: 60 }] }), "lost", 3);
      expect({ answer, rounds }).toEqual({ answer: "lost", rounds: 3 });
      expect(await store.get(key)).toBe("other 3");
    });

    it("a write under a revision whose reply was lost (the client resent it, the resend found it written) is not built again", async () => {
      const store = connect();
      const revision = { key: `rev:${freshUser()}`, ttlSeconds: 60 };
      const resent: KeyValueStore = Object.assign(Object.create(store) as KeyValueStore, {
        writeIf: async (...args: Parameters<KeyValueStore["writeIf"]>) => {
          await store.writeIf(...args); // applied…
          return false; // …but the caller heard "not applied" (the resend's answer)
        },
      });
      let builds = 0;
      const answer = await writeUnlessChanged(resent, revision, [], async () => ({ ops: [{ op: "set", key: `${revision.key}:n`, value: String(++builds), ttlSeconds: 60 }], result: "written" }));
      expect({ answer, builds }).toEqual({ answer: "written", builds: 1 });
      expect(await store.get(`${revision.key}:n`)).toBe("1");
    });

    it(`parallel sign-ins never leave more than the device limit (${ROUNDS} rounds of 8)`, async () => {
      const d = deps(connect());
      for (let round = 0; round < ROUNDS; round++) {
        const userId = freshUser();
        await Promise.all(Array.from({ length: 8 }, (_, i) => createSession(d, { id: userId, role: "user" }, `device ${i}`)));
        expect((await listSessionsForUser(d, userId)).length).toBe(MAX_DEVICES);
      }
    }, RACE_TIMEOUT_MS);

    it(`parallel JWT sign-ins never leave more live refresh families than the limit (${ROUNDS} rounds of 8)`, async () => {
      const deps: RefreshDeps = {
        store: connect(), now: Date.now, secret: "unit-test-refresh-secret-0123456789abcdef",
        policy: { refreshTokenTtlSeconds: 3600, reuseGraceSeconds: 20, maxFamiliesPerUser: MAX_DEVICES, tombstoneTtlSeconds: 360 },
      };
      for (let round = 0; round < ROUNDS; round++) {
        const userId = freshUser();
        const signIns = await Promise.all(Array.from({ length: 8 }, () => createRefreshToken(deps, userId, ["refresh"])));
        const evicted = new Set(signIns.flatMap((signIn) => signIn.evicted));
        expect(signIns.filter((signIn) => !evicted.has(signIn.familyId))).toHaveLength(MAX_DEVICES);
        expect(await deps.store.sortedSetEntries(`refresh-families:${userId}`)).toHaveLength(MAX_DEVICES);
      }
    }, RACE_TIMEOUT_MS);

    it(`a role change racing sign-ins reaches every session they create (${ROUNDS} rounds)`, async () => {
      const d = deps(connect());
      for (let round = 0; round < ROUNDS; round++) {
        const userId = freshUser();
        await d.store.write([roleWriteOp(userId, "admin", Date.now())]);
        // Each sign-in checked the password, and read the role "admin", before the change.
        const signIns = Array.from({ length: 3 }, (_, i) => createSession(d, { id: userId, role: "admin" }, `device ${i}`));
        await Promise.all([...signIns, changeUserRole(d, userId, "user")]);
        const roles = (await listSessionsForUser(d, userId)).map((session) => session.record.role);
        expect(roles).toEqual(["user", "user", "user"]);
      }
    }, RACE_TIMEOUT_MS);

    it(`a request's sliding write in flight during a role change does not bring the old role back (${ROUNDS} rounds)`, async () => {
      const store = connect();
      for (let round = 0; round < ROUNDS; round++) {
        const held = holdingReads(store);
        let now = Date.now();
        const d = deps(held.store, () => now);
        const userId = freshUser();
        const session = await createSession(d, { id: userId, role: "admin" }, "laptop");
        now += 61_000; // past lastSeenAt's resolution: this request writes the record
        const reached = held.holdNext(sessionKey(session.id));
        const request = validateSessionToken(d, session.token); // read done, its write not yet
        await reached;
        await changeUserRole(d, userId, "user");
        held.release();
        expect(await request).toMatchObject({ ok: true, record: { role: "user" } });
        expect(await validateSessionToken(d, session.token, { touch: false })).toMatchObject({ ok: true, record: { role: "user" } });
      }
    }, RACE_TIMEOUT_MS);

    it("a role change lands however many sign-ins commit around it (one before each of its writes)", async () => {
      const base = connect();
      const userId = freshUser();
      const plain = deps(base);
      let signIns = 0;
      // Before each write of the role change, another sign-in of the user commits.
      const flooded = new Proxy(base, {
        get(target, prop, receiver) {
          const value = Reflect.get(target, prop, receiver);
          if (typeof value !== "function") return value;
          if (prop !== "write" && prop !== "writeIf") return value.bind(target);
          return async (...args: unknown[]) => {
            if (signIns++ < 100) await createSession(plain, { id: userId, role: "admin" }, `flood ${signIns}`);
            return (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          };
        },
      });
      await base.write([roleWriteOp(userId, "admin", Date.now())]);
      await changeUserRole(deps(flooded), userId, "user");
      const roles = (await listSessionsForUser(plain, userId)).map((session) => session.record.role);
      expect(roles.length).toBeGreaterThan(0);
      expect(roles.every((role) => role === "user")).toBe(true);
    }, RACE_TIMEOUT_MS);

    it(`a role change keeps a slide and a password check that land while it runs (${ROUNDS} rounds)`, async () => {
      const store = connect();
      for (let round = 0; round < ROUNDS; round++) {
        const held = holdingReads(store);
        let now = Date.now();
        const plain = deps(store, () => now);
        const userId = freshUser();
        const session = await createSession(plain, { id: userId, role: "admin" }, "laptop");
        now += 20 * 60_000;
        const reached = held.holdNext(sessionKey(session.id));
        const change = changeUserRole(deps(held.store, () => now), userId, "user"); // its read of the record answered, its write not yet
        await reached;
        const slid = await validateSessionToken(plain, session.token); // past half the idle lifetime: slides
        await markPasswordChecked(plain, session.id);
        held.release();
        await change;
        const after = await validateSessionToken(plain, session.token, { touch: false });
        expect(after).toMatchObject({ ok: true, record: { role: "user", expiresAt: slid.ok && slid.record.expiresAt, authenticatedAt: now } });
      }
    }, RACE_TIMEOUT_MS);
  });
}

/** A store whose next read of one key answers, then waits for release(): a round trip still in flight. */
function holdingReads(store: KeyValueStore) {
  let held: { key: string; reached: () => void; gate: Promise<void> } | null = null;
  let release = () => {};
  const wrapped = new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (prop !== "get" && prop !== "getMany") return typeof value === "function" ? value.bind(target) : value;
      return async (keys: string | string[]) => {
        const answer = await (typeof keys === "string" ? target.get(keys) : target.getMany(keys));
        if (held && [keys].flat().includes(held.key)) {
          const { reached, gate } = held;
          held = null;
          reached();
          await gate;
        }
        return answer;
      };
    },
  });
  return {
    store: wrapped,
    holdNext(key: string): Promise<void> {
      const gate = new Promise<void>((resolve) => (release = resolve));
      return new Promise<void>((reached) => (held = { key, reached, gate }));
    },
    release: () => release(),
  };
}
