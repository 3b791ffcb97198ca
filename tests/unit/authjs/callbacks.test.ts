import { describe, expect, it } from "vitest";
import type { JWT } from "next-auth/jwt";
import type { Session } from "next-auth";
import { callbacks } from "@/auth.config";
import { StoreUnavailableError, getStore } from "@/lib/store";
import { revokeAllTokensForUser, currentTokenVersion, tokenVersionKey } from "@/lib/token-version";
import { currentRole, roleWriteOp } from "@/lib/users";
import { downStore, withAppStore } from "@/tests/support/stores";

/** Runs `fn` with the app's store replaced by one that is down. */
const withStoreDown = <T>(fn: () => Promise<T>) => withAppStore(downStore(), fn);

const signedInAs = (id: string, role: "admin" | "user") =>
  callbacks.jwt({ token: {} as JWT, user: { id, name: id === "bob" ? "Bob" : "Alice", role }, trigger: "signIn" }) as Promise<JWT>;

describe("Auth.js callbacks (auth.config.ts)", () => {
  it("sign-in puts id, role, display name and the current token version into the token", async () => {
    const token = await signedInAs("alice", "admin");
    expect(token).toMatchObject({ id: "alice", role: "admin", name: "Alice", ver: await currentTokenVersion(getStore(), "alice") });
    expect(Math.abs(token.authTime - Date.now())).toBeLessThan(5_000);
  });

  it("update() may change the display name", async () => {
    const token = await signedInAs("bob", "user");
    const updated = await callbacks.jwt({ token, trigger: "update", session: { name: "  Bobby  " } });
    expect(updated).toMatchObject({ id: "bob", role: "user", name: "Bobby" });
  });

  it("update() asking for another role is ignored: the role stays what the server set", async () => {
    const token = await signedInAs("bob", "user");
    expect(await callbacks.jwt({ token, trigger: "update", session: { role: "admin" } })).toMatchObject({ role: "user", name: "Bob" });
    expect(await callbacks.jwt({ token, trigger: "update", session: { name: "Bobby", role: "admin", id: "alice" } })).toMatchObject({
      id: "bob",
      role: "user",
      name: "Bobby",
    });
  });

  it("update() with an empty or overlong name changes nothing", async () => {
    const token = await signedInAs("bob", "user");
    expect(await callbacks.jwt({ token, trigger: "update", session: { name: " " } })).toMatchObject({ name: "Bob" });
    expect(await callbacks.jwt({ token, trigger: "update", session: { name: "x".repeat(41) } })).toMatchObject({ name: "Bob" });
  });

  it("a token issued before “sign out everywhere” is refused (null ends the session); a new one is accepted", async () => {
    const old = await signedInAs("carol-test", "user");
    expect(await callbacks.jwt({ token: old })).toEqual(old);
    await revokeAllTokensForUser(getStore(), "carol-test", Date.now() + 1);
    expect(await callbacks.jwt({ token: old })).toBeNull();
    const fresh = await signedInAs("carol-test", "user");
    expect(await callbacks.jwt({ token: fresh })).toEqual(fresh);
  });

  it("a “sign out everywhere” stamped by a clock behind the last one still ends a session signed in between", async () => {
    await revokeAllTokensForUser(getStore(), "erin-test", Date.now() + 5000); // a server 5 s ahead
    const between = await signedInAs("erin-test", "user");
    await revokeAllTokensForUser(getStore(), "erin-test", Date.now() + 2000); // then one 3 s behind it
    expect(await callbacks.jwt({ token: between })).toBeNull();
  });

  it("a session older than the absolute cap is ended, however recently it was used", async () => {
    const token = await signedInAs("bob", "user");
    expect(await callbacks.jwt({ token: { ...token, authTime: Date.now() - 29 * 86_400_000 } })).not.toBeNull();
    expect(await callbacks.jwt({ token: { ...token, authTime: Date.now() - 31 * 86_400_000 } })).toBeNull();
  });

  it("an unreachable store is reported as storeUnavailable, never as a signed-out user (null)", async () => {
    const token = await signedInAs("bob", "user");
    const checked = await withStoreDown(() => callbacks.jwt({ token }));
    expect(checked).toMatchObject({ id: "bob", storeUnavailable: true });
    const session = await callbacks.session({ session: { user: { name: "x" }, expires: "2030-01-01T00:00:00.000Z" } as Session, token: checked! });
    expect(session.storeUnavailable).toBe(true);
    expect(await callbacks.jwt({ token: checked! })).not.toHaveProperty("storeUnavailable"); // back to normal
  });

  it("a token version the store holds but this app never wrote is not “never signed out”: the cookie waits as in an outage, and no sign-in mints a token from it", async () => {
    const token = await signedInAs("bob", "user");
    await getStore().write([{ op: "set", key: tokenVersionKey("bob"), value: "not-a-number", ttlSeconds: 60 }]);
    try {
      expect(await callbacks.jwt({ token })).toMatchObject({ id: "bob", storeUnavailable: true });
      await expect(signedInAs("bob", "user")).rejects.toSatisfy((error: unknown) => StoreUnavailableError.is(error));
    } finally {
      await getStore().write([{ op: "del", key: tokenVersionKey("bob") }]);
    }
  });

  // Raced many times, on every store: tests/unit/authjs/role-race.test.ts.
  it("a sign-in whose role was read before a role change cannot mint a token with the old role", async () => {
    const id = "dave-test";
    await revokeAllTokensForUser(getStore(), id, Date.now(), [roleWriteOp(id, "admin", Date.now())]);
    // authorize() read the role (admin) and returned the user; before Auth.js runs the jwt
    // callback, an admin demotes them (the role and the token version in one write).
    const user = { id, name: "Dave", role: await currentRole(getStore(), id, "user") };
    expect(user.role).toBe("admin");
    const changedAt = await revokeAllTokensForUser(getStore(), id, Date.now() + 1, [roleWriteOp(id, "user", Date.now() + 1)]);
    const token = (await callbacks.jwt({ token: {} as JWT, user, trigger: "signIn" }))!;
    expect(token).toMatchObject({ role: "user", ver: changedAt });
    expect(await callbacks.jwt({ token })).toMatchObject({ role: "user" });
  });

  it("the session exposes id, role and name from the token", async () => {
    const token = await signedInAs("alice", "admin");
    const session = await callbacks.session({ session: { user: { name: "x" }, expires: "2030-01-01T00:00:00.000Z" } as Session, token });
    expect(session.user).toMatchObject({ id: "alice", role: "admin", name: "Alice" });
  });

  it("sudo mode: the session tells the server when the password was checked, and update() cannot move it", async () => {
    const token = await signedInAs("alice", "admin");
    const old = { ...token, authTime: Date.now() - 2 * 3_600_000 };
    const session = await callbacks.session({ session: { user: { name: "x" }, expires: "2030-01-01T00:00:00.000Z" } as Session, token: old });
    expect(session.authTime).toBe(old.authTime);
    // The client sends update()'s data: a sign-in time in it must not make the sign-in fresh.
    expect(await callbacks.jwt({ token: old, trigger: "update", session: { name: "Alice", authTime: Date.now() } })).toMatchObject({ authTime: old.authTime });
  });
});
