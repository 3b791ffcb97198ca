import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { MemoryStore } from "@/lib/store/memory";
import { StoreUnavailableError, replaceStore } from "@/lib/store";
import { BETTER_AUTH_KEY_PREFIX, USER_AGENT_MAX_LENGTH, applyRoleChange, betterAuthWith, liveSessions, storeAsSecondaryStorage } from "@/lib/better-auth/auth";
import { BETTER_AUTH_SESSION_COOKIE, betterAuthConfig } from "@/lib/better-auth/config";
import { askBetterAuth, storeOutageIn } from "@/lib/better-auth/errors";
import { withLoginLimiter } from "@/lib/better-auth/sign-in";
import { roleWriteOp } from "@/lib/users";
import { downStore, withAppStore } from "@/tests/support/stores";
import { TestBrowser, getSession, recordingStore, signIn } from "@/tests/support/better-auth";

/**
 * The Better Auth lane without a server: Better Auth itself, as lib/better-auth/auth.ts sets it
 * up, on this app's memory store (its sessions through secondaryStorage), with the cookie cache
 * off. The cookie cache has its own file (cookie-cache.test.ts).
 */
const BOB = { username: "bob", password: "battery-staple" };
const auth = betterAuthWith(0);

let store: MemoryStore;
let calls: string[];
beforeEach(() => {
  // A clock that stands still: the TTLs read back are exact.
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(Date.UTC(2026, 0, 1, 12));
  store = new MemoryStore();
  const recording = recordingStore(store);
  calls = recording.calls;
  replaceStore(recording.store);
});
afterEach(() => vi.useRealTimers());

describe("signing in (lib/better-auth/sign-in.ts)", () => {
  it("signs in behind the shared limiter: the session goes to the store under its prefix, the browser gets only a signed id", async () => {
    const browser = new TestBrowser();
    expect(await signIn(auth, browser, BOB.username, BOB.password)).toMatchObject({ ok: true });
    const cookie = browser.cookie(BETTER_AUTH_SESSION_COOKIE);
    // `<token>.<HMAC of it under BETTER_AUTH_SECRET>`, percent-encoded.
    const [token, signature] = decodeURIComponent(cookie ?? "").split(".");
    expect(signature).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    const record = JSON.parse((await store.get(`${BETTER_AUTH_KEY_PREFIX}${token}`)) ?? "null") as { user: { id: string; role: string } } | null;
    expect(record?.user).toMatchObject({ id: "bob", role: "user" });
    // The store's key is the token itself (Better Auth does not hash it): a leaked store plus
    // BETTER_AUTH_SECRET is a set of live cookies; either one alone is not.
    expect(await store.ttlSeconds(`${BETTER_AUTH_KEY_PREFIX}${token}`)).toBe(7 * 24 * 60 * 60);
  });

  it("a wrong password is a counted failure; after 5, even the right password is refused before Better Auth is asked", async () => {
    const browser = new TestBrowser();
    const left: number[] = [];
    const waits: Array<number | undefined> = [];
    for (let i = 0; i < 5; i++) {
      const result = await signIn(auth, browser, BOB.username, "wrong-password");
      if (!result.ok && result.reason === "incorrect") left.push(result.attemptsLeft);
      if (!result.ok && result.reason === "incorrect") waits.push(result.retryAfterSeconds);
    }
    expect(left).toEqual([4, 3, 2, 1, 0]);
    // The 5th failure is the lock: it says so with the wait, before any refusal.
    expect(waits.slice(0, 4)).toEqual([undefined, undefined, undefined, undefined]);
    expect(waits[4]).toBeGreaterThan(0);
    const signInCalled = vi.fn(async () => true);
    const locked = await withLoginLimiter(BOB.username, browser.headers(), signInCalled, (ok) => ok);
    expect(locked).toMatchObject({ ok: false, reason: "rate-limited" });
    expect(signInCalled).not.toHaveBeenCalled();
    expect(await signIn(auth, browser, BOB.username, BOB.password)).toMatchObject({ ok: false, reason: "rate-limited" });
    expect(browser.cookie(BETTER_AUTH_SESSION_COOKIE)).toBeUndefined();
  });

  it("a success gives its attempt back: 4 failures, a sign-in, and the budget is whole again", async () => {
    const browser = new TestBrowser();
    for (let i = 0; i < 4; i++) await signIn(auth, browser, BOB.username, "wrong-password");
    expect(await signIn(auth, browser, BOB.username, BOB.password)).toMatchObject({ ok: true });
    expect(await signIn(auth, browser, BOB.username, "wrong-password")).toMatchObject({ ok: false, reason: "incorrect", attemptsLeft: 4 });
  });

  it("a store outage after Better Auth has signed in (the attempt's give-back) keeps the sign-in: a live session and its cookie, never an error", async () => {
    const browser = new TestBrowser();
    let down = false;
    // The app's store, failing every call as an outage does once the sign-in has happened.
    const flaky = new Proxy(store, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== "function") return value;
        return (...args: unknown[]) => (down ? Promise.reject(new StoreUnavailableError(String(property), new Error("connection refused"))) : (value as (...a: unknown[]) => unknown).apply(target, args));
      },
    });
    const result = await withAppStore(flaky, () =>
      withLoginLimiter(BOB.username, browser.headers(), async () => {
        const answer = await auth.api.signInUsername({ body: BOB, headers: browser.headers(), returnHeaders: true });
        browser.take(answer.headers);
        down = true;
        return true;
      }, (ok) => ok),
    );
    expect(result).toEqual({ ok: true, value: true });
    expect((await getSession(auth, browser))?.user.id).toBe("bob");
  });
});

describe("a user's sessions: the device limit and the User-Agent kept (the session lane's rules)", () => {
  const { maxDevices } = betterAuthConfig();

  it(`six sign-ins a minute apart leave the newest ${maxDevices} signed in; the older ones are ended in the store`, async () => {
    const browsers = Array.from({ length: 6 }, (_, i) => new TestBrowser(`Device/${i}`));
    for (const browser of browsers) {
      expect(await signIn(auth, browser, BOB.username, BOB.password)).toMatchObject({ ok: true });
      vi.setSystemTime(Date.now() + 60_000);
    }
    const signedIn = await Promise.all(browsers.map(async (browser) => (await getSession(auth, browser)) !== null));
    expect(signedIn).toEqual(browsers.map((_, i) => i >= browsers.length - maxDevices));
    expect((await liveSessions(auth, "bob")).map((session) => session.userAgent).sort()).toEqual(browsers.slice(-maxDevices).map((_, i) => `Device/${browsers.length - maxDevices + i}`));
    expect(store.dump().filter(({ key, value }) => typeof value === "string" && value.includes('"token"') && key.startsWith(BETTER_AUTH_KEY_PREFIX))).toHaveLength(maxDevices);
  });

  it(`a User-Agent of 12,000 characters is kept cut to ${USER_AGENT_MAX_LENGTH}, in the store and in what getSession answers`, async () => {
    const browser = new TestBrowser("U".repeat(12_000));
    expect(await signIn(auth, browser, BOB.username, BOB.password)).toMatchObject({ ok: true });
    const session = await getSession(auth, browser);
    expect(session?.session.userAgent).toBe("U".repeat(USER_AGENT_MAX_LENGTH));
    const stored = JSON.parse((await store.get(`${BETTER_AUTH_KEY_PREFIX}${session!.session.token}`)) ?? "null") as { session: { userAgent: string } };
    expect(stored.session.userAgent).toHaveLength(USER_AGENT_MAX_LENGTH);
  });
});

describe("getSession with the cookie cache off (the second gate)", () => {
  it("reads the store on every request: two GETs, the session and the user's revoked-before marker", async () => {
    const browser = new TestBrowser();
    await signIn(auth, browser, BOB.username, BOB.password);
    calls.length = 0;
    expect((await getSession(auth, browser))?.user).toMatchObject({ id: "bob", role: "user" });
    expect(calls.map((call) => call.replace(/better-auth:[A-Za-z0-9]{32}$/, "better-auth:<token>"))).toEqual(["get better-auth:<token>", "get better-auth:revoked-sessions-before-bob"]);
  });

  it("no cookie, or a token that is not signed with the secret: no session, and no store read", async () => {
    expect(await getSession(auth, new TestBrowser())).toBeNull();
    const forger = new TestBrowser();
    forger.take(new Headers({ "set-cookie": `${BETTER_AUTH_SESSION_COOKIE}=${"a".repeat(32)}.${encodeURIComponent("A".repeat(43) + "=")}` }));
    calls.length = 0;
    expect(await getSession(auth, forger)).toBeNull();
    expect(calls).toEqual([]);
  });

  it("sign-out deletes the session from the store: a copy of the cookie is refused at once", async () => {
    const browser = new TestBrowser();
    await signIn(auth, browser, BOB.username, BOB.password);
    const thief = browser.copy();
    browser.take((await auth.api.signOut({ headers: browser.headers(), returnHeaders: true })).headers);
    expect(browser.cookie(BETTER_AUTH_SESSION_COOKIE)).toBeUndefined();
    expect(await getSession(auth, thief)).toBeNull();
  });

  it("devices: listSessions shows both, revokeOtherSessions ends the other one at once and keeps this one", async () => {
    const [laptop, phone] = [new TestBrowser("Laptop/1.0"), new TestBrowser("Phone/1.0")];
    await signIn(auth, laptop, BOB.username, BOB.password);
    await signIn(auth, phone, BOB.username, BOB.password);
    const listed = await auth.api.listSessions({ headers: laptop.headers() });
    expect(listed.map((s) => s.userAgent).sort()).toEqual(["Laptop/1.0", "Phone/1.0"]);
    await auth.api.revokeOtherSessions({ headers: laptop.headers() });
    expect(await getSession(auth, phone)).toBeNull();
    expect((await getSession(auth, laptop))?.user.id).toBe("bob");
    expect((await auth.api.listSessions({ headers: laptop.headers() })).map((s) => s.userAgent)).toEqual(["Laptop/1.0"]);
  });

  it("a role change (applyRoleChange, after the directory's write) reaches a live session on its next request", async () => {
    const browser = new TestBrowser();
    await signIn(auth, browser, BOB.username, BOB.password);
    await store.write([roleWriteOp("bob", "admin", Date.now())]); // the directory's part (app/admin/change-role.ts)
    await applyRoleChange("bob", "admin");
    expect((await getSession(auth, browser))?.user).toMatchObject({ id: "bob", role: "admin" });
  });

  it("a store outage is thrown, never read as signed out: askBetterAuth throws the StoreUnavailableError itself", async () => {
    const browser = new TestBrowser();
    await signIn(auth, browser, BOB.username, BOB.password);
    const error = await withAppStore(downStore(), () => askBetterAuth(() => auth.api.getSession({ headers: browser.headers() }))).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(storeOutageIn(error)).toBe(error);
    expect(storeOutageIn(new Error("something else"))).toBeNull();
  });
});

describe("storeAsSecondaryStorage (Better Auth's secondaryStorage on this app's store)", () => {
  let now: number;
  let clocked: MemoryStore;
  let storage: ReturnType<typeof storeAsSecondaryStorage>;
  beforeEach(() => {
    now = Date.UTC(2026, 0, 1);
    clocked = new MemoryStore(() => now);
    storage = storeAsSecondaryStorage(() => clocked, 7 * 24 * 60 * 60, 3);
  });

  it("keeps every key under the better-auth: prefix, with the TTL in the same write (rounded up to whole seconds)", async () => {
    await storage.set("token-1", "value", 90.2);
    expect(await clocked.get("better-auth:token-1")).toBe("value");
    expect(await clocked.ttlSeconds("better-auth:token-1")).toBe(91);
    expect(await storage.get("token-1")).toBe("value");
    now += 91_000;
    expect(await storage.get("token-1")).toBeNull();
  });

  it("no TTL keeps the value until Better Auth deletes it; a TTL of 0 (a value in its last second) expires", async () => {
    await storage.set("forever", "a");
    await storage.set("last-second", "b", 0);
    expect([await clocked.ttlSeconds("better-auth:forever"), await clocked.ttlSeconds("better-auth:last-second")]).toEqual([null, 1]);
    now += 365 * 24 * 60 * 60 * 1000;
    expect(await storage.get("forever")).toBe("a");
    expect(await storage.get("last-second")).toBeNull();
    await storage.delete("forever");
    expect(await storage.get("forever")).toBeNull();
  });

  it("getAndDelete: of two callers that race for the same value, exactly one gets it", async () => {
    for (let round = 0; round < 20; round++) {
      await storage.set(`code-${round}`, `v${round}`, 60);
      const got = await Promise.all([storage.getAndDelete!(`code-${round}`), storage.getAndDelete!(`code-${round}`)]);
      expect(got.filter((value) => value !== null)).toEqual([`v${round}`]);
      expect(await storage.get(`code-${round}`)).toBeNull();
    }
    expect(await storage.getAndDelete!("missing")).toBeNull();
  });

  it("increment counts in a window that starts with the first increment", async () => {
    expect(await storage.increment!("count", 60)).toBe(1);
    expect(await storage.increment!("count", 60)).toBe(2);
    now += 61_000;
    expect(await storage.increment!("count", 60)).toBe(1);
  });
});
