import { describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { GET, POST } from "@/app/api/auth/[...nextauth]/route";
import { StoreUnavailableError, type KeyValueStore } from "@/lib/store";
import { MemoryStore } from "@/lib/store/memory";
import { LOGIN_STORE_UNAVAILABLE_MESSAGE } from "@/lib/http";
import { tokenVersionKey } from "@/lib/token-version";
import { RATE_LIMITED_MESSAGE } from "@/lib/security/login";
import { downStore, withAppStore } from "@/tests/support/stores";

/**
 * Auth.js's HTTP sign-in (POST /api/auth/callback/credentials), called directly. A store outage
 * anywhere in it answers as an outage in authorize() does: 503 with the sign-in's sentence, not
 * Auth.js's redirect to its "Configuration" error page (a 500 page), and no session cookie.
 */
const ORIGIN = "http://localhost:3000";

/** A store that answers everything but the sign-in's last read: the role and token version the jwt callback puts in the cookie. */
function downAtTheJwtCallback(memory: MemoryStore, userId: string): KeyValueStore {
  return new Proxy(memory, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (name !== "getMany") return typeof value === "function" ? value.bind(target) : value;
      return async (keys: string[]) => {
        if (keys.includes(tokenVersionKey(userId))) throw new StoreUnavailableError("MGET", new Error("connection reset"));
        return memory.getMany(keys);
      };
    },
  });
}

async function signIn(username: string, password: string, accept: string): Promise<Response> {
  const csrf = await GET(new NextRequest(`${ORIGIN}/api/auth/csrf`));
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = csrf.headers.getSetCookie().map((line) => line.split(";")[0]).join("; ");
  const body = new URLSearchParams({ username, password, csrfToken, callbackUrl: "/authjs/dashboard" });
  return POST(
    new NextRequest(`${ORIGIN}/api/auth/callback/credentials`, {
      method: "POST",
      headers: { cookie, accept, "content-type": "application/x-www-form-urlencoded", origin: ORIGIN },
      body: body.toString(),
    }),
  );
}

const sessionCookieSet = (response: Response) => response.headers.getSetCookie().some((line) => /authjs\.session-token=[^;]/.test(line));

describe("Auth.js's HTTP sign-in when the store fails after the password check", () => {
  it("control: with the store up, the sign-in sets the session cookie and redirects to the page asked for", async () => {
    const response = await withAppStore(new MemoryStore(), () => signIn("bob", "battery-staple", "application/json"));
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/authjs/dashboard");
    expect(sessionCookieSet(response)).toBe(true);
  });

  it("the store failing at the jwt callback's read answers 503 with the sign-in's sentence (JSON for a script, the page for a browser), and sets no session", async () => {
    const store = downAtTheJwtCallback(new MemoryStore(), "bob");
    const json = await withAppStore(store, () => signIn("bob", "battery-staple", "application/json"));
    expect(json.status).toBe(503);
    expect(json.headers.get("retry-after")).toBe("5");
    expect(await json.json()).toEqual({ error: LOGIN_STORE_UNAVAILABLE_MESSAGE, reason: "unavailable" });
    expect(sessionCookieSet(json)).toBe(false);
    const page = await withAppStore(store, () => signIn("bob", "battery-staple", "text/html,application/xhtml+xml"));
    expect(page.status).toBe(503);
    expect(await page.text()).toContain("503 — session store unavailable");
    expect(sessionCookieSet(page)).toBe(false);
  });

  // The route reads the limiter's refusals from the same error: guards that both kept their answers.
  it("the store down from the start (the limiter in authorize()) answers the same 503", async () => {
    const response = await withAppStore(downStore(), () => signIn("bob", "battery-staple", "application/json"));
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: LOGIN_STORE_UNAVAILABLE_MESSAGE, reason: "unavailable" });
  });

  it("a sign-in the rate limiter refuses answers 429 with Retry-After, the right password too", async () => {
    const response = await withAppStore(new MemoryStore(), async () => {
      for (let attempt = 0; attempt < 5; attempt++) expect((await signIn("bob", "wrong-guess", "application/json")).status).toBe(302);
      return signIn("bob", "battery-staple", "application/json");
    });
    expect(response.status).toBe(429);
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await response.json()).toMatchObject({ error: RATE_LIMITED_MESSAGE });
    expect(sessionCookieSet(response)).toBe(false);
  });
});
