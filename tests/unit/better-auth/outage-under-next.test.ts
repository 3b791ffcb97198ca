import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { StoreUnavailableError } from "@/lib/store";
import { MemoryStore } from "@/lib/store/memory";
import { BETTER_AUTH_KEY_PREFIX, betterAuthWith, endSession, liveSessions } from "@/lib/better-auth/auth";
import { BETTER_AUTH_SESSION_COOKIE, betterAuthConfig } from "@/lib/better-auth/config";
import { signedSessionCookie } from "@/lib/better-auth/cookie-signing";
import { authenticateBetterAuth } from "@/app/better-auth/gate";
import { GET, POST } from "@/app/api/better-auth/[...all]/route";
import { SIGN_OUT_STORE_UNAVAILABLE_MESSAGE, STORE_UNAVAILABLE_MESSAGE } from "@/lib/http";
import { downStore, withAppStore } from "@/tests/support/stores";
import { TestBrowser, signIn } from "@/tests/support/better-auth";

/**
 * A store outage on the Better Auth lane, with Error.prototype as `next start` leaves it: Next.js
 * gives every Error a util.inspect hook (next/dist/server/patch-error-inspect.js). Better Auth
 * then replaces whatever its secondaryStorage throws with a bare Error of its own (it cannot
 * tell what such a hook would print), and the outage has to be recognised all the same: a 503,
 * never a 500 or "signed out". Vitest installs no such hook, so this file does, as Next does.
 */
const INSPECT = Symbol.for("nodejs.util.inspect.custom");
const proto = Error.prototype as unknown as Record<symbol, unknown>;
let hadHook = false;
let hook: unknown;
beforeEach(() => {
  hadHook = Object.hasOwn(proto, INSPECT);
  hook = proto[INSPECT];
  proto[INSPECT] = function (this: Error) {
    return `${this.name}: ${this.message}`;
  };
});
afterEach(() => {
  if (hadHook) proto[INSPECT] = hook;
  else delete proto[INSPECT];
});

/** A cookie Better Auth signed for a session token: well-formed, so the store read is what fails. */
const sessionCookie = async () => `${BETTER_AUTH_SESSION_COOKIE}=${await signedSessionCookie("A".repeat(32), betterAuthConfig().secret)}`;
const rejection = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error);

describe("a store outage on the Better Auth lane, under Next.js's Error inspect hook", () => {
  it("the second gate (authenticateBetterAuth) throws the StoreUnavailableError, with the cookie cache off and on", async () => {
    const cookie = await sessionCookie();
    for (const cacheSeconds of [0, 10] as const) {
      const error = await withAppStore(downStore(), () => rejection(authenticateBetterAuth(betterAuthWith(cacheSeconds), new Headers({ cookie }))));
      expect(StoreUnavailableError.is(error), `cache ${cacheSeconds}`).toBe(true);
    }
  });

  it("GET /api/better-auth/get-session answers 503 unavailable", async () => {
    const response = await withAppStore(downStore(), async () => GET(new NextRequest("http://localhost/api/better-auth/get-session", { headers: { cookie: await sessionCookie() } })));
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: STORE_UNAVAILABLE_MESSAGE, reason: "unavailable" });
  });

  it("POST /api/better-auth/sign-out answers 503 with the sign-out sentence, and clears no cookie", async () => {
    const response = await withAppStore(downStore(), async () => POST(new NextRequest("http://localhost/api/better-auth/sign-out", { method: "POST", headers: { cookie: await sessionCookie() } })));
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: SIGN_OUT_STORE_UNAVAILABLE_MESSAGE, reason: "unavailable" });
    expect(response.headers.get("set-cookie")).toBeNull();
  });

  it("a session's sign-out and the device list (Better Auth's internal adapter) throw the StoreUnavailableError", async () => {
    const auth = betterAuthWith(0);
    expect(StoreUnavailableError.is(await withAppStore(downStore(), () => rejection(endSession(auth, "A".repeat(32)))))).toBe(true);
    expect(StoreUnavailableError.is(await withAppStore(downStore(), () => rejection(liveSessions(auth, "bob"))))).toBe(true);
  });

  it("a sign-in whose session write fails (the limiter's store answered) throws the StoreUnavailableError, never counted as a wrong password", async () => {
    const store = new MemoryStore();
    // Down for Better Auth's keys only: the login limiter's reads and writes go through.
    const sessionsDown = new Proxy(store, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== "function") return value;
        return (...args: unknown[]) =>
          JSON.stringify(args).includes(BETTER_AUTH_KEY_PREFIX) ? Promise.reject(new StoreUnavailableError(String(property), new Error("connection refused"))) : (value as (...a: unknown[]) => unknown).apply(target, args);
      },
    });
    const error = await withAppStore(sessionsDown, () => rejection(signIn(betterAuthWith(0), new TestBrowser(), "bob", "battery-staple")));
    expect(StoreUnavailableError.is(error)).toBe(true);
  });
});
