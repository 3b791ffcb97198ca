import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { symmetricDecodeJWT, symmetricEncodeJWT } from "better-auth/crypto";
import { MemoryStore } from "@/lib/store/memory";
import { replaceStore } from "@/lib/store";
import { betterAuthApart, type BetterAuth } from "@/lib/better-auth/auth";
import { BETTER_AUTH_CACHE_COOKIE, BETTER_AUTH_SESSION_COOKIE, betterAuthConfig, type CookieCacheSeconds } from "@/lib/better-auth/config";
import { compactCacheContent, signedCompactCache, signedSessionCookie } from "@/lib/better-auth/cookie-signing";
import { TestBrowser, getSession, recordingStore, signIn } from "@/tests/support/better-auth";

/**
 * What BETTER_AUTH_SECRET protects, and what rotating it does, asked of the real library
 * (Better Auth 1.7, set up as the lane is, on secrets and a store of the test's own):
 * - the session cookie is `token.HMAC(secret)`: the secret alone mints nothing while the store
 *   decides, but the store keeps tokens as they are, so a copy of it plus the secret is every
 *   live session;
 * - Better Auth's `secrets` list (BETTER_AUTH_SECRETS) rotates encryption only: cookies are
 *   signed and checked with the first secret alone, so any change of it signs everyone out.
 */
const BOB = { username: "bob", password: "battery-staple" };
const OLD = "old-better-auth-secret-0123456789abcdefghijklmnop";
const NEW = "new-better-auth-secret-qrstuvwxyz9876543210ABCDEF";

let sessions: MemoryStore;
beforeEach(() => {
  replaceStore(new MemoryStore()); // the login limiter's
  sessions = new MemoryStore(); // Better Auth's sessions: one store, kept across "restarts"
});
afterEach(() => {
  delete process.env.BETTER_AUTH_SECRETS;
});

/** The lane's Better Auth after a restart with these keys, on the same session store. */
const restartedWith = (keys: { secret: string; secrets?: { version: number; value: string }[] }, cookieCacheSeconds: CookieCacheSeconds = 0): BetterAuth =>
  betterAuthApart({ ...keys, store: sessions, cookieCacheSeconds });

async function signedInUnder(secret: string, cookieCacheSeconds: CookieCacheSeconds = 0): Promise<TestBrowser> {
  const browser = new TestBrowser();
  expect(await signIn(restartedWith({ secret }, cookieCacheSeconds), browser, BOB.username, BOB.password)).toMatchObject({ ok: true });
  return browser;
}

const tokenIn = (browser: TestBrowser) => decodeURIComponent(browser.cookie(BETTER_AUTH_SESSION_COOKIE) ?? "").split(".")[0];

const withCookies = (cookies: Record<string, string>) => {
  const browser = new TestBrowser("Attacker/1.0");
  browser.take(new Headers(Object.entries(cookies).map(([name, value]): [string, string] => ["set-cookie", `${name}=${value}`])));
  return browser;
};

describe("what BETTER_AUTH_SECRET signs", () => {
  it("the session cookie is the token and its HMAC-SHA-256 under the secret: signedSessionCookie makes the same bytes Better Auth sets", async () => {
    const browser = await signedInUnder(OLD);
    expect(browser.cookie(BETTER_AUTH_SESSION_COOKIE)).toBe(await signedSessionCookie(tokenIn(browser), OLD));
  });

  it("the compact cache copy is its content and an HMAC under the same secret: signedCompactCache makes the same bytes", async () => {
    const browser = await signedInUnder(OLD, 300);
    const value = browser.cookie(BETTER_AUTH_CACHE_COOKIE) ?? "";
    const { expiresAt } = JSON.parse(Buffer.from(value, "base64url").toString("utf8")) as { expiresAt: number };
    const content = compactCacheContent(value);
    expect(content?.user).toMatchObject({ id: "bob", role: "user" });
    expect(await signedCompactCache(content!, expiresAt, OLD)).toBe(value);
  });

  it("with the cache off, the secret alone mints nothing: a made-up token, correctly signed, is looked up and not found", async () => {
    const recording = recordingStore(sessions);
    const auth = betterAuthApart({ secret: OLD, store: recording.store, cookieCacheSeconds: 0 });
    const attacker = withCookies({ [BETTER_AUTH_SESSION_COOKIE]: await signedSessionCookie("F".repeat(32), OLD) });
    expect(await getSession(auth, attacker)).toBeNull();
    expect(recording.calls).toContain(`get better-auth:${"F".repeat(32)}`); // the signature passed; the store said no
  });

  it("the store keeps session tokens as they are: a token from a copy of it, signed with the secret, is that user's live session; unsigned it is refused", async () => {
    const bob = await signedInUnder(OLD);
    const token = tokenIn(bob);
    expect(await sessions.get(`better-auth:${token}`)).toContain(`"token":"${token}"`); // what a copy of the store shows
    const auth = restartedWith({ secret: OLD });
    expect((await getSession(auth, withCookies({ [BETTER_AUTH_SESSION_COOKIE]: await signedSessionCookie(token, OLD) })))?.user.id).toBe("bob");
    expect(await getSession(auth, withCookies({ [BETTER_AUTH_SESSION_COOKIE]: token }))).toBeNull();
    expect(await getSession(auth, withCookies({ [BETTER_AUTH_SESSION_COOKIE]: await signedSessionCookie(token, NEW) }))).toBeNull();
  });
});

describe("rotating BETTER_AUTH_SECRET", () => {
  it("a restart with a new secret signs everyone out, cache off and on; the sessions stay in the store, unreachable; signing in again works", async () => {
    const [plain, cached] = [await signedInUnder(OLD), await signedInUnder(OLD, 300)];
    expect(await getSession(restartedWith({ secret: NEW }), plain)).toBeNull();
    expect(await getSession(restartedWith({ secret: NEW }, 300), cached)).toBeNull();
    expect(await sessions.get(`better-auth:${tokenIn(plain)}`)).not.toBeNull();
    const again = await signedInUnder(NEW);
    expect((await getSession(restartedWith({ secret: NEW }), again))?.user.id).toBe("bob");
  });

  it("Better Auth's secrets list does not rotate signing: with 2:new,1:old a cookie signed under the old secret is refused, cache off and on", async () => {
    const secrets = [{ version: 2, value: NEW }, { version: 1, value: OLD }];
    const [plain, cached] = [await signedInUnder(OLD), await signedInUnder(OLD, 300)];
    // The control: the same cookies, with the old secret still current, are Bob's session.
    expect((await getSession(restartedWith({ secret: OLD }), plain.copy()))?.user.id).toBe("bob");
    expect(await getSession(restartedWith({ secret: OLD, secrets }), plain)).toBeNull();
    expect(await getSession(restartedWith({ secret: OLD, secrets }, 300), cached)).toBeNull();
    // And what it signs now is signed with the first of the list.
    const again = new TestBrowser();
    expect(await signIn(restartedWith({ secret: OLD, secrets }), again, BOB.username, BOB.password)).toMatchObject({ ok: true });
    expect(again.cookie(BETTER_AUTH_SESSION_COOKIE)).toBe(await signedSessionCookie(tokenIn(again), NEW));
  });

  it("what the list does rotate is encryption: a value sealed under version 1 still opens with 2:new,1:old, and not once version 1 is gone", async () => {
    const sealed = await symmetricEncodeJWT({ sub: "bob" }, { keys: new Map([[1, OLD]]), currentVersion: 1 }, "better-auth-session");
    expect(await symmetricDecodeJWT(sealed, { keys: new Map([[2, NEW], [1, OLD]]), currentVersion: 2 }, "better-auth-session")).toMatchObject({ sub: "bob" });
    expect(await symmetricDecodeJWT(sealed, { keys: new Map([[2, NEW]]), currentVersion: 2 }, "better-auth-session")).toBeNull();
  });

  it("BETTER_AUTH_SECRETS in the environment replaces the secret the app passes: its first entry signs (why the app refuses the variable)", async () => {
    betterAuthConfig(); // the app's section, read before the variable is set (the app refuses it: tests/unit/config.test.ts)
    process.env.BETTER_AUTH_SECRETS = `2:${NEW},1:${OLD}`;
    const browser = new TestBrowser();
    expect(await signIn(restartedWith({ secret: OLD }), browser, BOB.username, BOB.password)).toMatchObject({ ok: true });
    expect(browser.cookie(BETTER_AUTH_SESSION_COOKIE)).toBe(await signedSessionCookie(tokenIn(browser), NEW));
  });
});
