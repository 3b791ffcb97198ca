import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { NextRequest } from "next/server";
import { decodeJwt } from "jose";
import { ConfigError } from "@/lib/config";
import { accountCounterKey, loginLimitsConfig } from "@/lib/security/login";
import { parseConfig } from "@/env";
import { checkPasswordAgain, isFreshSignIn, staleSignInResponse, stepUpSection } from "@/lib/step-up";
import { jwtSettingsFromConfig, signAccessToken, verifyAccessToken } from "@/lib/jwt";
import { issueAccessToken } from "@/lib/jwt/issue";
import { createRefreshToken, rotateRefreshToken, type RefreshDeps } from "@/lib/jwt/refresh";
import { jwtAuthTimeMs } from "@/app/jwt/step-up";
import { POST as logoutEverywhere } from "@/app/api/jwt/logout-everywhere/route";
import { MemoryStore } from "@/lib/store/memory";
import { replaceStore, type KeyValueStore } from "@/lib/store";
import { currentTokenVersion } from "@/lib/token-version";
import { testClock, type TestClock } from "@/tests/support/clock";
import { CAROL_ID } from "@/tests/support/carol";

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** The directory as a copy with UUID ids has it: Carol, whose id is not her username (tests/support/carol.ts). */
vi.mock("@/lib/users", async (importOriginal) => (await import("@/tests/support/carol")).withCarol(importOriginal));

describe("isFreshSignIn (lib/step-up.ts): how recent a password check a sensitive action needs", () => {
  const now = Date.UTC(2026, 0, 1, 12);
  it("fresh from the check until just before the maximum age; stale at it and after", () => {
    expect(isFreshSignIn(now, now, 300)).toBe(true);
    expect(isFreshSignIn(now - 300 * SECOND + 1, now, 300)).toBe(true);
    expect(isFreshSignIn(now - 300 * SECOND, now, 300)).toBe(false);
    expect(isFreshSignIn(now - 2 * 60 * MINUTE, now, 300)).toBe(false);
  });

  it("an unknown time (a credential from before auth_time existed) is stale, never fresh", () => {
    expect(isFreshSignIn(null, now, 300)).toBe(false);
    expect(isFreshSignIn(undefined, now, 300)).toBe(false);
    expect(isFreshSignIn(Number.NaN, now, 300)).toBe(false);
  });

  it("a check a little in the future (another server's clock) counts; one far in the future does not", () => {
    expect(isFreshSignIn(now + 30 * SECOND, now, 300)).toBe(true);
    expect(isFreshSignIn(now + 2 * MINUTE, now, 300)).toBe(false);
  });
});

describe("STEP_UP_MAX_AGE_SECONDS", () => {
  it("defaults to 5 minutes and takes a positive whole number of seconds", () => {
    expect(stepUpSection.parse({})).toEqual({ maxAgeSeconds: 300 });
    expect(stepUpSection.parse({ STEP_UP_MAX_AGE_SECONDS: "2" })).toEqual({ maxAgeSeconds: 2 });
  });

  it.each(["0", "-5", "1.5", "soon"])("refuses %s, naming the variable", (value) => {
    expect(() => stepUpSection.parse({ STEP_UP_MAX_AGE_SECONDS: value })).toThrow(ConfigError);
    expect(() => stepUpSection.parse({ STEP_UP_MAX_AGE_SECONDS: value })).toThrow(/STEP_UP_MAX_AGE_SECONDS/);
  });

  it("is checked with every other section when the server starts (env.ts)", () => {
    expect(() => parseConfig({ ...process.env, STEP_UP_MAX_AGE_SECONDS: "0" }, ["stepUp"])).toThrow(/STEP_UP_MAX_AGE_SECONDS/);
    expect(parseConfig({ ...process.env, STEP_UP_MAX_AGE_SECONDS: "120" }, ["stepUp"])).toEqual({ stepUp: { maxAgeSeconds: 120 } });
  });
});

describe("the JWT lane's auth_time", () => {
  let clock: TestClock;
  let deps: RefreshDeps;
  let store: MemoryStore;
  beforeEach(() => {
    clock = testClock(Date.now());
    store = new MemoryStore(clock.now);
    deps = { store, now: clock.now, secret: "unit-test-refresh-secret-0123456789abcdef", policy: { refreshTokenTtlSeconds: 30 * 86_400, reuseGraceSeconds: 20, maxFamiliesPerUser: 3, tombstoneTtlSeconds: 360 } };
  });

  it("a rotation hands on the family's sign-in time, and a token issued with it carries that as auth_time", async () => {
    const family = await createRefreshToken(deps, "bob", ["refresh"]);
    clock.advance(2 * 60 * MINUTE);
    const first = await rotateRefreshToken(deps, family.token);
    clock.advance(10 * MINUTE);
    const second = first.ok ? await rotateRefreshToken(deps, first.newToken) : first;
    expect(second).toMatchObject({ ok: true, authTime: family.family.createdAt });
    const token = await issueAccessToken(store, { id: "bob", role: "user" }, ["refresh"], family.familyId, undefined, second.ok ? second.authTime : 0);
    expect(decodeJwt(token).auth_time).toBe(Math.floor(family.family.createdAt / 1000));
  });

  it("jwtAuthTimeMs reads auth_time in ms; a token without it has no time (stale)", async () => {
    const settings = jwtSettingsFromConfig();
    const claimsOf = async (token: string) => {
      const verdict = await verifyAccessToken(token, settings);
      if (!verdict.ok) throw new Error(verdict.reason);
      return verdict.claims;
    };
    const old = await claimsOf(await signAccessToken({ id: "bob", role: "user" }, settings));
    expect(jwtAuthTimeMs(old)).toBeNull();
    expect(isFreshSignIn(jwtAuthTimeMs(old), Date.now(), 300)).toBe(false);
    const withTime = await claimsOf(await signAccessToken({ id: "bob", role: "user" }, settings, Date.now(), { extraClaims: { auth_time: 1_700_000_000 } }));
    expect(jwtAuthTimeMs(withTime)).toBe(1_700_000_000_000);
  });
});

describe("POST /api/jwt/logout-everywhere asks for a recent sign-in (RFC 9470)", () => {
  const STORE_KEY = Symbol.for("jwt-vs-session.store");
  const g = globalThis as unknown as Record<symbol, KeyValueStore | undefined>;
  let real: KeyValueStore | undefined;
  beforeEach(() => {
    real = g[STORE_KEY];
    replaceStore(new MemoryStore());
  });
  afterEach(() => {
    g[STORE_KEY] = real;
  });

  const tokenSignedInAt = (authTimeMs: number | null) =>
    signAccessToken({ id: "alice", role: "admin" }, jwtSettingsFromConfig(), Date.now(), authTimeMs === null ? {} : { extraClaims: { auth_time: Math.floor(authTimeMs / 1000) } });
  const post = async (token: string, body?: unknown) =>
    logoutEverywhere(new NextRequest("http://localhost/api/jwt/logout-everywhere", {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    }));
  const versionNow = () => currentTokenVersion(g[STORE_KEY]!, "alice");

  it("a token signed in a moment ago signs out everywhere", async () => {
    const response = await post(await tokenSignedInAt(Date.now() - 10 * SECOND));
    expect(response.status).toBe(200);
    expect(await versionNow()).toBeGreaterThan(0);
  });

  it.each([["two hours ago", Date.now() - 2 * 60 * MINUTE], ["at an unknown time (no auth_time)", null]])(
    "a token signed in %s gets 401 insufficient_user_authentication with max_age, and nothing is revoked",
    async (_when, authTimeMs) => {
      const response = await post(await tokenSignedInAt(authTimeMs));
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toMatch(/^Bearer error="insufficient_user_authentication", error_description="[^"]+", max_age=300$/);
      expect(await response.json()).toEqual({ error: expect.stringMatching(/password/), reason: "stale-sign-in" });
      expect(await versionNow()).toBe(0);
    },
  );

  it("a POST whose body is an empty stream with no Content-Length (what curl -X POST sends), or {}, gets the challenge, not a 400", async () => {
    const token = await tokenSignedInAt(Date.now() - 2 * 60 * MINUTE);
    const emptyStream = new ReadableStream<Uint8Array>({ start: (controller) => controller.close() });
    const bare = await logoutEverywhere(new NextRequest("http://localhost/api/jwt/logout-everywhere", {
      method: "POST", headers: { authorization: `Bearer ${token}` }, body: emptyStream, duplex: "half",
    } as ConstructorParameters<typeof NextRequest>[1]));
    expect(bare.status).toBe(401);
    expect(await bare.json()).toMatchObject({ reason: "stale-sign-in" });
    const braces = await post(token, {});
    expect(braces.status).toBe(401);
    expect(braces.headers.get("www-authenticate")).toMatch(/^Bearer error="insufficient_user_authentication"/);
    // A password no sign-in could have: a 400 that says so, not the "enter your password" loop.
    const long = await post(token, { password: "x".repeat(300) });
    expect(long.status).toBe(400);
    expect((await long.json()).error).toMatch(/too long/);
    expect(await versionNow()).toBe(0);
  });

  it("a 1 MB chunked body (no Content-Length) gets 413 once past the bound, and is not read to its end", async () => {
    const token = await tokenSignedInAt(Date.now() - 2 * 60 * MINUTE);
    const CHUNK = 16 * 1024;
    let sent = 0;
    const megabyte = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 1024 * 1024) return controller.close();
        sent += CHUNK;
        controller.enqueue(new TextEncoder().encode(`{"password":"${"x".repeat(CHUNK - 14)}"}`));
      },
    });
    const response = await logoutEverywhere(new NextRequest("http://localhost/api/jwt/logout-everywhere", {
      method: "POST", headers: { authorization: `Bearer ${token}` }, body: megabyte, duplex: "half",
    } as ConstructorParameters<typeof NextRequest>[1]));
    expect(response.status).toBe(413);
    expect(sent).toBeLessThan(4 * CHUNK); // the first chunk is past the 4 KB bound: the rest is never asked for
    expect(await versionNow()).toBe(0);
  });

  it("with the password in the body: a wrong one is refused with the attempts left, the right one signs out everywhere", async () => {
    const token = await tokenSignedInAt(Date.now() - 2 * 60 * MINUTE);
    const wrong = await post(token, { password: "not-alices" });
    expect(wrong.status).toBe(401);
    // With the limiter's window, so the prompt can say how long the lock they lead to lasts.
    expect(await wrong.json()).toMatchObject({ reason: "wrong-password", attemptsLeft: expect.any(Number), lockWindowSeconds: loginLimitsConfig().windowSeconds });
    expect(wrong.headers.get("www-authenticate")).toMatch(/^Bearer error="insufficient_user_authentication", error_description="That password is not right/); // a 401 names its challenge
    expect(await versionNow()).toBe(0);
    const right = await post(token, { password: "correct-horse" });
    expect(right.status).toBe(200);
    expect(await versionNow()).toBeGreaterThan(0);
  });

  it("the password counts toward the login lockout: once locked, even the right one is refused with 429, the wait and how long a lock lasts", async () => {
    const token = await tokenSignedInAt(Date.now() - 2 * 60 * MINUTE);
    let left = Infinity;
    let last: { attemptsLeft: number; retryAfterSeconds?: number } | undefined;
    while (left > 0) left = (last = await (await post(token, { password: "not-alices" })).json())!.attemptsLeft;
    // The wrong password that spent the last attempt says the lock is on, with its wait.
    expect(last!.retryAfterSeconds).toBeGreaterThan(0);
    expect(last!.retryAfterSeconds).toBeLessThanOrEqual(loginLimitsConfig().windowSeconds);
    const locked = await post(token, { password: "correct-horse" });
    expect(locked.status).toBe(429);
    const retryAfterSeconds = Number(locked.headers.get("retry-after"));
    expect(retryAfterSeconds).toBeGreaterThan(0);
    expect(await locked.json()).toEqual({ error: expect.stringMatching(/Too many failed sign-in attempts/), reason: "rate-limited", retryAfterSeconds, lockWindowSeconds: loginLimitsConfig().windowSeconds });
    expect(await versionNow()).toBe(0);
  });

  it("the password is checked for the user found by id, not for a username equal to the id: a right one passes, a wrong one fails and counts for the login's account", async () => {
    expect(await checkPasswordAgain(CAROL_ID, "battery-staple", new Headers())).toMatchObject({ ok: true, user: { id: CAROL_ID } });
    expect(await checkPasswordAgain(CAROL_ID, "not-carols", new Headers())).toMatchObject({ ok: false, reason: "incorrect" });
    expect(await g[STORE_KEY]!.get(accountCounterKey("carol"))).not.toBeNull(); // the key a failed sign-in as "carol" counts under
    expect(await checkPasswordAgain("no-such-id", "battery-staple", new Headers())).toBeNull();
  });

  it("the stale answer says how recent a sign-in must be", async () => {
    expect(staleSignInResponse(42).headers.get("www-authenticate")).toContain("max_age=42");
  });
});
