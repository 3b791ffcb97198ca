import { afterAll, describe, expect, it, vi } from "vitest";

/**
 * Better Auth's cookies in production (`next start`): every name it sets carries `__Host-`, as
 * the other lanes' cookies do (lib/cookies.ts), with the flags a browser requires of one
 * (Secure, Path=/, no Domain); in development plain names over http. The module is loaded
 * fresh under NODE_ENV=production (the names are fixed when it is first imported).
 */
afterAll(() => vi.unstubAllEnvs());

async function betterAuthIn(nodeEnv: "production" | "development") {
  vi.stubEnv("NODE_ENV", nodeEnv);
  vi.resetModules();
  const [auth, config] = await Promise.all([import("@/lib/better-auth/auth"), import("@/lib/better-auth/config")]);
  return { ...auth, ...config };
}

/** A Set-Cookie line's name and attributes, lower-cased, without the value. */
function parsed(line: string) {
  const [pair, ...attributes] = line.split(";").map((part) => part.trim());
  return { name: pair.slice(0, pair.indexOf("=")), attributes: attributes.map((a) => a.toLowerCase()) };
}

describe("Better Auth's cookie names (lib/better-auth/config.ts, lib/better-auth/auth.ts)", () => {
  it("in production: the session cookie, the cookie cache, the demo's cache switch and every other cookie Better Auth makes are `__Host-`", async () => {
    const ba = await betterAuthIn("production");
    expect(ba.BETTER_AUTH_SESSION_COOKIE).toBe("__Host-better-auth.session_token");
    expect(ba.BETTER_AUTH_CACHE_COOKIE).toBe("__Host-better-auth.session_data");
    expect(ba.COOKIE_CACHE_PREFERENCE).toBe("__Host-better-auth-demo-cookie-cache");
    const context = await ba.betterAuthWith(300).$context;
    const { sessionToken, sessionData, dontRememberToken, accountData } = context.authCookies;
    expect([sessionToken.name, sessionData.name]).toEqual([ba.BETTER_AUTH_SESSION_COOKIE, ba.BETTER_AUTH_CACHE_COOKIE]);
    for (const cookie of [sessionToken, sessionData, dontRememberToken, accountData, context.createAuthCookie("state")]) {
      expect(cookie.name).toMatch(/^__Host-better-auth\./);
      expect(cookie.attributes).toMatchObject({ secure: true, path: "/" });
      expect(cookie.attributes.domain).toBeUndefined();
    }
  });

  it("in production: a sign-in's Set-Cookie lines (session, cookie cache, not remembered) are `__Host-`, Secure, Path=/, no Domain", async () => {
    const ba = await betterAuthIn("production");
    await ba.copyUserFromDirectory("bob");
    const { headers } = await ba.betterAuthWith(300).api.signInUsername({ body: { username: "bob", password: "battery-staple", rememberMe: false }, headers: new Headers(), returnHeaders: true });
    const lines = headers.getSetCookie().map(parsed);
    expect(lines.map((line) => line.name).sort()).toEqual(["__Host-better-auth.dont_remember", ba.BETTER_AUTH_CACHE_COOKIE, ba.BETTER_AUTH_SESSION_COOKIE].sort());
    for (const { attributes } of lines) {
      expect(attributes).toEqual(expect.arrayContaining(["secure", "path=/", "httponly", "samesite=lax"]));
      expect(attributes.some((a) => a.startsWith("domain="))).toBe(false);
    }
  });

  it("in development: plain names, not Secure (http://localhost)", async () => {
    const ba = await betterAuthIn("development");
    expect([ba.BETTER_AUTH_SESSION_COOKIE, ba.BETTER_AUTH_CACHE_COOKIE, ba.COOKIE_CACHE_PREFERENCE]).toEqual(["better-auth.session_token", "better-auth.session_data", "better-auth-demo-cookie-cache"]);
    const { sessionToken } = (await ba.betterAuthWith(0).$context).authCookies;
    expect(sessionToken).toMatchObject({ name: "better-auth.session_token", attributes: { secure: false, path: "/" } });
  });
});
