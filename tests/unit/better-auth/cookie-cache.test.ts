import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { MemoryStore } from "@/lib/store/memory";
import { replaceStore } from "@/lib/store";
import { applyRoleChange, betterAuthWith } from "@/lib/better-auth/auth";
import { createHmac } from "node:crypto";
import { BETTER_AUTH_CACHE_COOKIE, BETTER_AUTH_SESSION_COOKIE, betterAuthConfig, parseCookieCacheChoice } from "@/lib/better-auth/config";
import { cookieCacheExpiresAt } from "@/lib/better-auth/cookie-cache";
import { cookieBytes } from "@/lib/cookies";
import { roleWriteOp } from "@/lib/users";
import { untouchableStore, withAppStore } from "@/tests/support/stores";
import { TestBrowser, getSession, recordingStore, signIn } from "@/tests/support/better-auth";

/**
 * Better Auth's cookie cache (session.cookieCache, `compact`), as the lane's demo switch turns
 * it on: a signed copy of the session and user in a second cookie, answered from without the
 * store while it is younger than maxAge. What it saves (store reads) and what it costs (a
 * revoked session, or an old role, lives until the copy expires), on a clock the test moves.
 */
const BOB = { username: "bob", password: "battery-staple" };
const SECOND = 1000;
const START = Date.UTC(2026, 0, 1, 12);

let store: MemoryStore;
let calls: string[];
beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(START);
  store = new MemoryStore();
  const recording = recordingStore(store);
  calls = recording.calls;
  replaceStore(recording.store);
});
afterEach(() => vi.useRealTimers());
const at = (seconds: number) => vi.setSystemTime(START + seconds * SECOND);

async function signedIn(cacheSeconds: 10 | 30 | 300): Promise<TestBrowser> {
  const browser = new TestBrowser();
  expect(await signIn(betterAuthWith(cacheSeconds), browser, BOB.username, BOB.password)).toMatchObject({ ok: true });
  return browser;
}

describe("the cookie cache", () => {
  it("sign-in sets both cookies; getSession answers from the cache without asking the store while it is young", async () => {
    const browser = await signedIn(30);
    expect(browser.cookie(BETTER_AUTH_SESSION_COOKIE)).toBeDefined();
    expect(browser.cookie(BETTER_AUTH_CACHE_COOKIE)).toBeDefined();
    at(29);
    // Every store call would fail the test: none is made.
    const session = await withAppStore(untouchableStore(), () => getSession(betterAuthWith(30), browser));
    expect(session?.user).toMatchObject({ id: "bob", role: "user" });
  });

  it("once the cache is older than maxAge, getSession reads the store again (and issues a fresh cache)", async () => {
    const browser = await signedIn(10);
    const first = cookieCacheExpiresAt(browser.cookie(BETTER_AUTH_CACHE_COOKIE) ?? "");
    at(11);
    calls.length = 0;
    expect((await getSession(betterAuthWith(10), browser))?.user.id).toBe("bob");
    expect(calls.filter((call) => call.startsWith("get "))).toHaveLength(2);
    expect(cookieCacheExpiresAt(browser.cookie(BETTER_AUTH_CACHE_COOKIE) ?? "")).toBe(START + 21 * SECOND);
    expect(first).toBe(START + 10 * SECOND);
  });

  it("a session revoked elsewhere keeps working from its cache until maxAge, then is refused", async () => {
    const laptop = await signedIn(30);
    const stolen = laptop.copy();
    await betterAuthWith(30).api.revokeSessions({ headers: laptop.headers() }); // "sign out everywhere"
    at(29);
    expect((await getSession(betterAuthWith(30), stolen))?.user.id).toBe("bob");
    at(31);
    expect(await getSession(betterAuthWith(30), stolen)).toBeNull();
  });

  it("with the cache off, the same revocation is refused at once", async () => {
    const laptop = await signedIn(30);
    const stolen = laptop.copy();
    await betterAuthWith(30).api.revokeSessions({ headers: laptop.headers() });
    expect(await getSession(betterAuthWith(0), stolen)).toBeNull();
  });

  it("a role change waits for the cache: the old role until maxAge, the new one after", async () => {
    const browser = await signedIn(30);
    await store.write([roleWriteOp("bob", "admin", Date.now())]);
    await applyRoleChange("bob", "admin");
    at(20);
    expect((await getSession(betterAuthWith(30), browser))?.user).toMatchObject({ role: "user" });
    at(31);
    expect((await getSession(betterAuthWith(30), browser))?.user).toMatchObject({ role: "admin" });
  });

  it("the age is signed into the copy when it is issued: a longer maxAge chosen later does not stretch it", async () => {
    const browser = await signedIn(10);
    at(11);
    calls.length = 0;
    expect((await getSession(betterAuthWith(300), browser))?.user.id).toBe("bob");
    expect(calls.filter((call) => call.startsWith("get ")).length).toBeGreaterThan(0); // the store was asked
  });

  it("a cache copy that was tampered with is not used: the store decides", async () => {
    const browser = await signedIn(30);
    const value = browser.cookie(BETTER_AUTH_CACHE_COOKIE) ?? "";
    const payload = JSON.parse(Buffer.from(decodeURIComponent(value), "base64url").toString("utf8")) as { session: { user: { role: string } } };
    payload.session.user.role = "admin";
    browser.take(new Headers({ "set-cookie": `${BETTER_AUTH_CACHE_COOKIE}=${Buffer.from(JSON.stringify(payload)).toString("base64url")}` }));
    calls.length = 0;
    expect((await getSession(betterAuthWith(30), browser))?.user).toMatchObject({ id: "bob", role: "user" });
    expect(calls.filter((call) => call.startsWith("get ")).length).toBeGreaterThan(0);
  });

  it("a leaked BETTER_AUTH_SECRET with the cache on: a copy signed with it makes anyone an admin, for as long as its signer chose, and no store is asked", async () => {
    const template = await signedIn(300);
    const secret = betterAuthConfig().secret;
    // A session token the store has never held, signed as Better Auth signs its cookie.
    const token = "F".repeat(32);
    const sessionCookie = encodeURIComponent(`${token}.${createHmac("sha256", secret).update(token).digest("base64")}`);
    // bob's real cache copy, made into alice, admin, for 30 days, and signed again.
    const { session } = JSON.parse(Buffer.from(decodeURIComponent(template.cookie(BETTER_AUTH_CACHE_COOKIE) ?? ""), "base64url").toString("utf8")) as {
      session: { session: Record<string, unknown>; user: Record<string, unknown> };
    };
    Object.assign(session.session, { token, userId: "alice", expiresAt: new Date(START + 60 * 86_400 * SECOND).toISOString() });
    Object.assign(session.user, { id: "alice", name: "Alice", username: "alice", role: "admin" });
    const expiresAt = START + 30 * 86_400 * SECOND;
    const signature = createHmac("sha256", secret).update(JSON.stringify({ ...session, expiresAt })).digest("base64url");
    const attacker = new TestBrowser();
    attacker.take(new Headers([
      ["set-cookie", `${BETTER_AUTH_SESSION_COOKIE}=${sessionCookie}`],
      ["set-cookie", `${BETTER_AUTH_CACHE_COOKIE}=${Buffer.from(JSON.stringify({ session, expiresAt, signature })).toString("base64url")}`],
    ]));
    at(29 * 86_400);
    const minted = await withAppStore(untouchableStore(), () => betterAuthWith(300).api.getSession({ headers: attacker.headers() }));
    expect(minted?.user).toMatchObject({ id: "alice", role: "admin" });
    // With the cache off the same cookies need the store, which has no such session.
    expect(await betterAuthWith(0).api.getSession({ headers: attacker.headers() })).toBeNull();
  });

  it("what it costs in bytes: the session cookie alone, and with the cache's copy of session and user", async () => {
    const browser = await signedIn(30);
    const token = browser.cookie(BETTER_AUTH_SESSION_COOKIE) ?? "";
    // A 32-character id and a 44-character HMAC: 105 bytes on the wire, plus 2 for each "+" or
    // "/" in the signature (percent-encoded), about 110 in practice.
    expect(decodeURIComponent(token)).toMatch(/^[A-Za-z0-9]{32}\.[A-Za-z0-9+/]{43}=$/);
    const plusOrSlash = decodeURIComponent(token).split(".")[1].replace(/[^+/]/g, "").length;
    expect(cookieBytes(BETTER_AUTH_SESSION_COOKIE, token)).toBe(105 + 2 * plusOrSlash);
    // The cache: the session and the user, as JSON, base64url, with their own HMAC: ~0.9 KB for bob.
    const cacheBytes = cookieBytes(BETTER_AUTH_CACHE_COOKIE, browser.cookie(BETTER_AUTH_CACHE_COOKIE) ?? "");
    expect(cacheBytes).toBeGreaterThan(800);
    expect(cacheBytes).toBeLessThan(1100);
  });
});

describe("cookieCacheExpiresAt and parseCookieCacheChoice", () => {
  it("read the expiry Better Auth signed into a cache cookie: issued + maxAge", async () => {
    const browser = await signedIn(300);
    expect(cookieCacheExpiresAt(browser.cookie(BETTER_AUTH_CACHE_COOKIE) ?? "")).toBe(START + 300 * SECOND);
  });

  it("an unreadable value is null, not an error", () => {
    for (const value of ["", "not-base64!", Buffer.from("[]").toString("base64url"), Buffer.from(JSON.stringify({ expiresAt: "soon" })).toString("base64url"), "%E0%A4%A"]) {
      expect(cookieCacheExpiresAt(value)).toBeNull();
    }
  });

  it("the demo switch accepts only its choices; anything else is off", () => {
    expect(["0", "10", "30", "300"].map(parseCookieCacheChoice)).toEqual([0, 10, 30, 300]);
    expect(["", "5", "3600", "abc", null, undefined, "1e1"].map(parseCookieCacheChoice)).toEqual([0, 0, 0, 0, 0, 0, 10]);
  });
});
