import { AsyncLocalStorage } from "node:async_hooks";
import { describe, expect, it } from "vitest";
import { applyRoleChange, betterAuthWith, endSession } from "@/lib/better-auth/auth";
import type { KeyValueStore } from "@/lib/store";
import { revokeAllTokensForUser } from "@/lib/token-version";
import { currentRole, roleWriteOp } from "@/lib/users";
import type { Role } from "@/lib/validation";
import { TestBrowser, getSession, signIn } from "@/tests/support/better-auth";
import { withAppStore } from "@/tests/support/stores";
import { onEveryStore } from "../../support/redis-availability";

/**
 * A Better Auth sign-in racing a role change, on each store. Better Auth signs in a copy of
 * the user (copyUserFromDirectory reads the role, then writes the copy) and copies that into
 * the session it writes; the role change updates the copy and the sessions it lists. A change
 * between the sign-in's read and its write missed the new session, which kept the old role.
 *
 * Racing by chance hits those windows rarely (a store round trip each), so every point is
 * raced instead: the sign-in pauses at each of its store calls in turn (before the call, and
 * after its answer), an admin changes the role there, and the sign-in goes on. Whatever the
 * point, the session it made must hold the role stored once both are done. The same for the
 * daily expiry slide, which writes back the session (and its copy of the user) it read.
 */
const BOB = { id: "bob", username: "bob", password: "battery-staple" };
/** The calls of the code being raced (the sign-in, the slide) run in this context; the role change's do not. */
const racing = new AsyncLocalStorage<true>();

/** Pauses the raced code's `at`-th store call (0-based) before or after it: `reached` then resolves, and the call waits for `release`. */
function pausing(inner: KeyValueStore) {
  let calls = 0;
  let pause: { at: number; after: boolean; reached: () => void; released: Promise<void> } | null = null;
  const store = new Proxy(inner, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      return async (...args: unknown[]) => {
        const here = racing.getStore() && pause?.at === calls++ ? pause : null;
        if (here && !here.after) {
          here.reached();
          await here.released;
        }
        const answer: unknown = await (value as (...a: unknown[]) => unknown).apply(target, args);
        if (here?.after) {
          here.reached();
          await here.released;
        }
        return answer;
      };
    },
  }) as KeyValueStore;
  return {
    store,
    /** The number of store calls the raced code made since the last pauseAt. */
    count: () => calls,
    pauseAt(at: number, after: boolean) {
      calls = 0;
      let reached!: () => void;
      let release!: () => void;
      const reachedPromise = new Promise<void>((resolve) => (reached = resolve));
      pause = { at, after, reached, released: new Promise<void>((resolve) => (release = resolve)) };
      return { reached: reachedPromise, release };
    },
  };
}

/** What app/admin/change-role.ts does for Better Auth: the role (and token version) in one write, then Better Auth told. */
async function changeRole(store: KeyValueStore, role: Role) {
  const now = Date.now();
  await revokeAllTokensForUser(store, BOB.id, now, [roleWriteOp(BOB.id, role, now)]);
  await applyRoleChange(BOB.id, role);
}

function raceSuite(name: string, connect: () => KeyValueStore) {
  // Each round checks a password (scrypt): on two busy cores a suite can take seconds.
  describe(`Better Auth sign-ins racing a role change, on ${name}`, { timeout: 60_000 }, () => {
    it("a role change at any point of a sign-in leaves its session with the stored role", async () => {
      const paused = pausing(connect());
      await withAppStore(paused.store, async () => {
        const auth = betterAuthWith(0);
        await changeRole(paused.store, "user");
        // One sign-in without a change, to count its store calls (every one is a point to race).
        paused.pauseAt(-1, false);
        const first = new TestBrowser();
        expect(await racing.run(true, () => signIn(auth, first, BOB.username, BOB.password))).toMatchObject({ ok: true });
        const points = paused.count();
        await endSession(auth, (await getSession(auth, first))!.session.token);
        expect(points).toBeGreaterThan(3);

        const wrong: string[] = [];
        let round = 0;
        for (let at = 0; at < points; at++) {
          for (const after of [false, true]) {
            const role: Role = round++ % 2 === 0 ? "admin" : "user";
            const browser = new TestBrowser();
            const pause = paused.pauseAt(at, after);
            const signedIn = racing.run(true, () => signIn(auth, browser, BOB.username, BOB.password));
            // Every round reaches its point (a sign-in makes at least as many calls as the first).
            expect({ at, after, reached: await Promise.race([pause.reached.then(() => true), signedIn.then(() => false)]) }).toEqual({ at, after, reached: true });
            await changeRole(paused.store, role);
            pause.release();
            expect(await signedIn).toMatchObject({ ok: true });
            const session = await getSession(auth, browser);
            const stored = await currentRole(paused.store, BOB.id, "user");
            expect(stored).toBe(role);
            if (session?.user.role !== stored) wrong.push(`call ${at} (${after ? "after" : "before"}): session ${session?.user.role}, stored ${stored}`);
            if (session) await endSession(auth, session.session.token);
          }
        }
        expect(wrong).toEqual([]);
        expect(round).toBeGreaterThanOrEqual(20);
      });
    });

    it("a role change at any point of the daily expiry slide leaves the session with the stored role", async () => {
      const paused = pausing(connect());
      await withAppStore(paused.store, async () => {
        const auth = betterAuthWith(0);
        const context = await auth.$context;
        await changeRole(paused.store, "user");
        const browser = new TestBrowser();
        expect(await signIn(auth, browser, BOB.username, BOB.password)).toMatchObject({ ok: true });
        const token = (await getSession(auth, browser))!.session.token;
        // What getSession does once a day: write the session it read back, with a new expiry.
        const slide = () => context.internalAdapter.updateSession(token, { expiresAt: new Date(Date.now() + 7 * 86_400_000), updatedAt: new Date() });
        paused.pauseAt(-1, false);
        await racing.run(true, slide);
        const points = paused.count();
        expect(points).toBeGreaterThan(0);

        const wrong: string[] = [];
        let round = 0;
        for (let at = 0; at < points; at++) {
          for (const after of [false, true]) {
            const role: Role = round++ % 2 === 0 ? "admin" : "user";
            const pause = paused.pauseAt(at, after);
            const sliding = racing.run(true, slide);
            expect({ at, after, reached: await Promise.race([pause.reached.then(() => true), sliding.then(() => false)]) }).toEqual({ at, after, reached: true });
            await changeRole(paused.store, role);
            pause.release();
            await sliding;
            const session = await getSession(auth, browser);
            if (session?.user.role !== role) wrong.push(`call ${at} (${after ? "after" : "before"}): session ${session?.user.role}, stored ${role}`);
          }
        }
        expect(wrong).toEqual([]);
      });
    });
  });
}

onEveryStore("Better Auth sign-ins racing a role change", raceSuite);
