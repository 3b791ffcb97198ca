import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { replaceStore, type KeyValueStore } from "@/lib/store";
import { downStore } from "@/tests/support/stores";
import { signAccessToken, jwtSettingsFromConfig } from "@/lib/jwt";
import { GET as jwtMe } from "@/app/api/jwt/me/route";
import { POST as jwtLogoutEverywhere } from "@/app/api/jwt/logout-everywhere/route";
import { GET as sessionMe } from "@/app/api/session/me/route";
import { POST as sessionToken } from "@/app/api/session/token/route";
import { POST as replay } from "@/app/api/demo/replay/route";
import { POST as jwtLogout } from "@/app/api/jwt/logout/route";
import { decodeJwt } from "jose";
import { StoreUnavailableError } from "@/lib/store";
import { SIGN_OUT_STORE_UNAVAILABLE_MESSAGE } from "@/lib/http";
import { SESSION_COOKIE } from "@/lib/session";
import { POST as betterAuthRoute } from "@/app/api/better-auth/[...all]/route";
import { BETTER_AUTH_SESSION_COOKIE, betterAuthConfig } from "@/lib/better-auth/config";
import { signedSessionCookie } from "@/lib/better-auth/cookie-signing";
import { MemoryStore } from "@/lib/store/memory";
import type { AccessTokenClaims } from "@/lib/jwt";
import { createRefreshToken, defaultRefreshDeps, familyRefusal, refreshFamilyKey } from "@/lib/jwt/refresh";
import { checkRevocation } from "@/lib/jwt/revocation";
import { currentTokenVersion } from "@/lib/token-version";
import { BETTER_AUTH_KEY_PREFIX, betterAuthWith, copyUserFromDirectory, endSessionsFromDeviceList } from "@/lib/better-auth/auth";

/**
 * A store outage is a verdict on the store, never on the user: every route that checks a
 * credential answers 503 `unavailable` (not 401 "Not signed in") when the store is down.
 * The routes are called directly, with the app's store replaced by one that is down.
 */
const STORE_KEY = Symbol.for("jwt-vs-session.store");
const g = globalThis as unknown as Record<symbol, KeyValueStore | undefined>;
let real: KeyValueStore | undefined;
beforeEach(() => {
  real = g[STORE_KEY];
  replaceStore(downStore());
});
afterEach(() => {
  g[STORE_KEY] = real;
});

const SESSION_TOKEN = "A".repeat(43); // well-formed: the lookup is what fails
async function checkedJwt() {
  return signAccessToken({ id: "bob", role: "user" }, jwtSettingsFromConfig(), Date.now(), { checks: ["jti", "ver"], tokenVersion: 0 });
}
const request = (path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) =>
  new NextRequest(`http://localhost${path}`, { method: init.method ?? "GET", headers: init.headers, body: init.body });

async function expectUnavailable(response: Response) {
  expect(response.status).toBe(503);
  expect(await response.json()).toMatchObject({ reason: "unavailable" });
  expect(response.headers.get("set-cookie")).toBeNull();
}

describe("API routes with the store down answer 503, never 'Not signed in'", () => {
  it("/api/jwt/me with a JWT that needs a store check (Bearer and cookie)", async () => {
    const token = await checkedJwt();
    await expectUnavailable(await jwtMe(request("/api/jwt/me", { headers: { authorization: `Bearer ${token}` } })));
    await expectUnavailable(await jwtMe(request("/api/jwt/me", { headers: { cookie: `jwt=${token}` } })));
  });

  it("/api/jwt/logout-everywhere", async () => {
    await expectUnavailable(await jwtLogoutEverywhere(request("/api/jwt/logout-everywhere", { method: "POST", headers: { authorization: `Bearer ${await checkedJwt()}` } })));
  });

  it("a sign-out says it may not have been recorded (sent, it may land later), never that the session is intact", async () => {
    const { POST: sessionLogout } = await import("@/app/api/session/logout/route");
    const answers = [
      await sessionLogout(request("/api/session/logout", { method: "POST", headers: { cookie: `${SESSION_COOKIE}=${SESSION_TOKEN}` } })),
      await jwtLogout(request("/api/jwt/logout", { method: "POST", headers: { cookie: `jwt=${await checkedJwt()}` } })),
      await jwtLogoutEverywhere(request("/api/jwt/logout-everywhere", { method: "POST", headers: { authorization: `Bearer ${await checkedJwt()}` } })),
      await betterAuthRoute(request("/api/better-auth/sign-out", { method: "POST", headers: { cookie: `${BETTER_AUTH_SESSION_COOKIE}=${await signedSessionCookie("A".repeat(32), betterAuthConfig().secret)}` } })),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(503);
      expect(await answer.json()).toEqual({ error: SIGN_OUT_STORE_UNAVAILABLE_MESSAGE, reason: "unavailable" });
    }
  });

  it("/api/session/me and /api/session/token", async () => {
    await expectUnavailable(await sessionMe(request("/api/session/me", { headers: { cookie: `sid=${SESSION_TOKEN}` } })));
    await expectUnavailable(await sessionToken(request("/api/session/token", { method: "POST", headers: { cookie: `sid=${SESSION_TOKEN}` } })));
  });

  it("the replay demo says neither accepted nor refused", async () => {
    const body = (credential: string, area: string) => JSON.stringify({ lane: area, credential });
    await expectUnavailable(await replay(request("/api/demo/replay", { method: "POST", headers: { "content-type": "application/json" }, body: body(await checkedJwt(), "jwt") })));
    await expectUnavailable(await replay(request("/api/demo/replay", { method: "POST", headers: { "content-type": "application/json" }, body: body(SESSION_TOKEN, "session") })));
  });
});

describe("one answer to an outage: the page for a browser navigating, JSON for everything else", () => {
  it("the refresh hop a browser follows gets the 503 page, a script's POST gets JSON; both keep the cookies", async () => {
    const { GET, POST } = await import("@/app/api/jwt/refresh/route");
    const { createRefreshToken, defaultRefreshDeps } = await import("@/lib/jwt/refresh");
    const { MemoryStore } = await import("@/lib/store/memory");
    // A real refresh token (issued while the store answered), presented while it does not.
    replaceStore(new MemoryStore());
    const { token } = await createRefreshToken(defaultRefreshDeps(), "bob", ["refresh"]);
    replaceStore(downStore());
    const cookie = `jwt-refresh=${token}`;
    const page = await GET(request("/api/jwt/refresh?next=/jwt/dashboard", { headers: { cookie, accept: "text/html,application/xhtml+xml,*/*;q=0.8" } }));
    expect(page.status).toBe(503);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(page.headers.get("retry-after")).toBe("5");
    expect(await page.text()).toContain("<h1>503 — session store unavailable</h1>");
    expect(page.headers.get("set-cookie")).toBeNull();
    await expectUnavailable(await POST(request("/api/jwt/refresh", { method: "POST", headers: { cookie, accept: "application/json" } })));
  });
});

describe("a refresh the store interrupts after the rotation was saved", () => {
  it("answers 503 and still hands over the new refresh token, which works once the store is back", async () => {
    const { POST } = await import("@/app/api/jwt/refresh/route");
    const { createRefreshToken, defaultRefreshDeps } = await import("@/lib/jwt/refresh");
    const { MemoryStore } = await import("@/lib/store/memory");
    const { StoreUnavailableError } = await import("@/lib/store");
    const memory = new MemoryStore();
    replaceStore(memory);
    const { token } = await createRefreshToken(defaultRefreshDeps(), "bob", ["refresh"]);
    // The store answers until the rotation is written, then goes down (before the access token is issued).
    let rotated = false;
    const failing = new Proxy(memory, {
      get(target, name, receiver) {
        const value = Reflect.get(target, name, receiver);
        if (typeof value !== "function") return value;
        return async (...args: unknown[]) => {
          if (rotated) throw new StoreUnavailableError(String(name), new Error("connection reset"));
          const result = await value.apply(target, args);
          if (name === "writeIf") rotated = true;
          return result;
        };
      },
    });
    replaceStore(failing);
    const send = (refresh: string) => POST(request("/api/jwt/refresh", { method: "POST", headers: { cookie: `jwt-refresh=${refresh}`, accept: "application/json" } }));
    const interrupted = await send(token);
    expect(interrupted.status).toBe(503);
    expect(rotated).toBe(true);
    const handedOver = /jwt-refresh=([^;]+)/.exec(interrupted.headers.get("set-cookie") ?? "")?.[1];
    expect(handedOver).toBeTruthy();
    expect(handedOver).not.toBe(token);

    replaceStore(memory);
    const next = await send(handedOver!);
    expect(next.status).toBe(200);
    expect(await next.json()).toMatchObject({ ok: true, rotated: true });
  });
});

describe("a refresh whose claim the store did not answer (sent: it lands once the store is back)", () => {
  it("answers 503 with the successor, so the browser's next refreshes are not taken for reuse", async () => {
    const { POST } = await import("@/app/api/jwt/refresh/route");
    const memory = new MemoryStore();
    replaceStore(memory);
    const { token } = await createRefreshToken(defaultRefreshDeps(), "bob", ["refresh"]);
    const timedOut = Object.create(memory) as MemoryStore;
    timedOut.writeIf = async (condition, ops) => {
      await memory.writeIf(condition, ops);
      throw new StoreUnavailableError("EVALSHA", new Error("Command timed out"));
    };
    replaceStore(timedOut);
    const send = (refresh: string) => POST(request("/api/jwt/refresh", { method: "POST", headers: { cookie: `jwt-refresh=${refresh}`, accept: "application/json" } }));
    const interrupted = await send(token);
    expect(interrupted.status).toBe(503);
    const handedOver = /jwt-refresh=([^;]+)/.exec(interrupted.headers.get("set-cookie") ?? "")?.[1];
    expect(handedOver).toMatch(/\.1\./);

    replaceStore(memory);
    let current = handedOver!;
    for (let i = 0; i < 2; i++) {
      const next = await send(current);
      expect(next.status).toBe(200);
      current = /jwt-refresh=([^;]+)/.exec(next.headers.get("set-cookie") ?? "")?.[1] ?? "";
    }
  });
});

/**
 * A store that answers every read, and fails the `n`th write (write, writeIf or increment) as
 * an outage does, as if it went down right then.
 */
function failingWrite(memory: MemoryStore, n: number): KeyValueStore {
  let writes = 0;
  return new Proxy(memory, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (typeof value !== "function") return value;
      return async (...args: unknown[]) => {
        if (["write", "writeIf", "increment"].includes(String(name)) && ++writes === n) throw new StoreUnavailableError(String(name), new Error("connection reset"));
        return value.apply(target, args);
      };
    },
  });
}

describe("a sign-out the store interrupts changes all of its keys or none (one atomic write)", () => {
  const FAILING_WRITES = [1, 2, 3, 4];

  it.each(FAILING_WRITES)("sign out everywhere, the store failing its write no. %i: the token version and every refresh family, or nothing", async (n) => {
    const memory = new MemoryStore();
    replaceStore(memory);
    const families = [await createRefreshToken(defaultRefreshDeps(), "alice", ["refresh"]), await createRefreshToken(defaultRefreshDeps(), "alice", ["refresh"])];
    const token = await signAccessToken({ id: "alice", role: "admin" }, jwtSettingsFromConfig(), Date.now(), { extraClaims: { auth_time: Math.floor(Date.now() / 1000) } });
    replaceStore(failingWrite(memory, n));
    const response = await jwtLogoutEverywhere(request("/api/jwt/logout-everywhere", { method: "POST", headers: { authorization: `Bearer ${token}` } }));
    const revoked = [(await currentTokenVersion(memory, "alice")) > 0];
    for (const family of families) revoked.push(familyRefusal(await memory.get(refreshFamilyKey(family.familyId))) !== null);
    expect(revoked).toEqual(revoked.map(() => response.status === 200));
    expect(response.status).toBe(n === 1 ? 503 : 200); // one write: the one that fails, or the only one
  });

  it.each(FAILING_WRITES)("sign out, the store failing its write no. %i: the token's jti and its refresh family, or nothing", async (n) => {
    const memory = new MemoryStore();
    replaceStore(memory);
    const family = await createRefreshToken(defaultRefreshDeps(), "bob", ["jti", "refresh"]);
    const token = await signAccessToken({ id: "bob", role: "user" }, jwtSettingsFromConfig(), Date.now(), { checks: ["jti", "refresh"], refreshFamily: family.familyId });
    replaceStore(failingWrite(memory, n));
    const response = await jwtLogout(request("/api/jwt/logout", { method: "POST", headers: { cookie: `jwt=${token}` } }));
    const claims = decodeJwt(token) as AccessTokenClaims;
    const revoked = [
      (await checkRevocation(memory, { ...claims, rev: ["jti"] })).ok === false,
      familyRefusal(await memory.get(refreshFamilyKey(family.familyId))) !== null,
    ];
    expect(revoked).toEqual(revoked.map(() => response.status === 200));
    expect(response.status).toBe(n === 1 ? 503 : 200); // one write: the one that fails, or the only one
  });

  it.each(FAILING_WRITES)("Better Auth's 'sign out other devices', the store failing its write no. %i: every other session ended with its marker, or none", async (n) => {
    const memory = new MemoryStore();
    replaceStore(memory);
    const auth = betterAuthWith(0, { setsCookies: false });
    await copyUserFromDirectory("bob");
    const signIn = async () => (await auth.api.signInUsername({ body: { username: "bob", password: "battery-staple" }, headers: new Headers() })).token;
    const [own, ...others] = [await signIn(), await signIn(), await signIn()];
    replaceStore(failingWrite(memory, n));
    const outcome = await endSessionsFromDeviceList(others).then(() => "ended", (error: unknown) => (StoreUnavailableError.is(error) ? "unavailable" : error));
    const ended: boolean[] = [];
    for (const token of others) ended.push(await memory.get(`${BETTER_AUTH_KEY_PREFIX}${token}`) === null, await memory.get(`${BETTER_AUTH_KEY_PREFIX}ended:${token}`) === "device-list");
    expect(ended).toEqual(ended.map(() => outcome === "ended"));
    expect(outcome).toBe(n === 1 ? "unavailable" : "ended");
    expect(await memory.get(`${BETTER_AUTH_KEY_PREFIX}${own}`)).not.toBeNull();
  });
});
