import { describe, expect, it } from "vitest";
import { applyRoleChange, betterAuthWith } from "@/lib/better-auth/auth";
import { StoreUnavailableError, type KeyValueStore } from "@/lib/store";
import { roleWriteOp } from "@/lib/users";
import type { Role } from "@/lib/validation";
import { TestBrowser, getSession, signIn } from "@/tests/support/better-auth";
import { withAppStore } from "@/tests/support/stores";
import { onEveryStore } from "../../support/redis-availability";

/**
 * A role change told to Better Auth (applyRoleChange) while the store fails its writes. Better
 * Auth's updateUser rewrites the user's sessions in a hook that only logs a failure: the admin
 * was told the change was done while the sessions kept the old role. It must throw instead
 * (StoreUnavailableError: a 503, try again), and a second try must reach every session.
 */
const ALICE = { id: "alice", username: "alice", password: "correct-horse" };

/** The store, with its writes failing as an outage does while `failing` is on. */
function failingWrites(inner: KeyValueStore) {
  const state = { failing: false };
  const store = new Proxy(inner, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) =>
        state.failing && (property === "write" || property === "writeIf")
          ? Promise.reject(new StoreUnavailableError(String(property), new Error("ETIMEDOUT")))
          : (value as (...a: unknown[]) => unknown).apply(target, args);
    },
  });
  return { store, state };
}

function suite(name: string, connect: () => KeyValueStore) {
  describe(`a role change while the store fails its writes, on ${name}`, { timeout: 30_000 }, () => {
    it("throws StoreUnavailableError, never success with a session left on the old role; tried again, it reaches every session", async () => {
      const { store, state } = failingWrites(connect());
      await withAppStore(store, async () => {
        const auth = betterAuthWith(0);
        const directory = (role: Role) => store.write([roleWriteOp(ALICE.id, role, Date.now())]);
        await directory("admin");
        const browsers = [new TestBrowser("Laptop/1.0"), new TestBrowser("Phone/1.0")];
        try {
          for (const browser of browsers) expect(await signIn(auth, browser, ALICE.username, ALICE.password)).toMatchObject({ ok: true });
          await directory("user"); // the admin page's own write lands
          state.failing = true; // then the store fails while Better Auth is told
          const outcome = await applyRoleChange(ALICE.id, "user").then(() => "returned", (error: unknown) => error);
          state.failing = false;
          const roles = await Promise.all(browsers.map(async (browser) => (await getSession(auth, browser))?.user.role));
          // The sessions kept the old role (no write went through), so the admin must be told it failed.
          expect(roles).toEqual(["admin", "admin"]);
          expect(StoreUnavailableError.is(outcome), String(outcome)).toBe(true);

          await applyRoleChange(ALICE.id, "user");
          expect(await Promise.all(browsers.map(async (browser) => (await getSession(auth, browser))?.user.role))).toEqual(["user", "user"]);
        } finally {
          state.failing = false;
          await directory("admin");
          await applyRoleChange(ALICE.id, "admin");
          const token = (await getSession(auth, browsers[0]))?.session.token;
          if (token) await auth.api.revokeSessions({ headers: browsers[0].headers() });
        }
      });
    });
  });
}

onEveryStore("a role change while the store fails its writes", suite);
