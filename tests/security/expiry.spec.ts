import { expect, test } from "@playwright/test";
import {
  AUTHJS_COOKIE,
  BOB,
  JWT_COOKIE,
  JWT_REFRESH_COOKIE,
  SESSION_COOKIE,
  authjsSignIn,
  call,
  expectLoginRedirect,
  expectNoSignIn,
  expectRefused,
  issuedCookie,
  jwtLogin,
  sessionLogin,
  withSecurityServer,
} from "./harness";

/**
 * Credentials kept alive (or kept) past their lifetimes, on a server whose lifetimes are a
 * few seconds: idle 2 s and absolute cap 5 s for sessions (Auth.js shares the cap), Auth.js
 * maxAge 2 s, access tokens 2 s. No clock control: each test waits for the expiry to happen.
 */
const IDLE_SECONDS = 2;
const ABSOLUTE_SECONDS = 5;
withSecurityServer({
  SESSION_IDLE_TTL_SECONDS: String(IDLE_SECONDS),
  SESSION_ABSOLUTE_TTL_SECONDS: String(ABSOLUTE_SECONDS),
  AUTHJS_SESSION_MAX_AGE_SECONDS: String(IDLE_SECONDS),
  JWT_ACCESS_TOKEN_TTL_SECONDS: "2",
  JWT_SHORT_ACCESS_TOKEN_TTL_SECONDS: "2",
});
test.describe.configure({ timeout: 45_000 });

/**
 * Calls `attempt` every 200 ms until it is refused; returns how long the credential lived
 * (last success) and when it was first refused, in ms since `since`.
 */
async function keepUsingUntilRefused(since: number, attempt: () => Promise<boolean>) {
  let lastAccepted = 0;
  let refusedAt = 0;
  await expect.poll(async () => {
    const accepted = await attempt();
    if (accepted) lastAccepted = Date.now() - since;
    else refusedAt = Date.now() - since;
    return accepted;
  }, { timeout: 20_000, intervals: [200] }).toBe(false);
  return { lastAccepted, refusedAt };
}

test("a session kept busy is still ended at its absolute cap (activity slides the idle expiry, never the cap)", async () => {
  const start = Date.now();
  const token = await sessionLogin(BOB);
  const { lastAccepted, refusedAt } = await keepUsingUntilRefused(start, async () => (await call("/api/session/me", { cookies: { [SESSION_COOKIE]: token } })).status === 200);
  expect(lastAccepted, "activity kept the session alive past its idle TTL").toBeGreaterThan(IDLE_SECONDS * 1000);
  expect(refusedAt, "but not past the absolute cap").toBeGreaterThanOrEqual(ABSOLUTE_SECONDS * 1000 - 500);
  const answer = await call("/api/session/me", { cookies: { [SESSION_COOKIE]: token } });
  expectRefused(answer, 401);
  expect(["expired", "unknown"]).toContain(answer.json?.reason);
  expectLoginRedirect(await call("/session/dashboard", { cookies: { [SESSION_COOKIE]: token } }), "session", "/session/dashboard");
});

test("a session cookie left unused past its idle TTL is refused on replay", async () => {
  const token = await sessionLogin(BOB);
  const first = await call("/api/session/me", { cookies: { [SESSION_COOKIE]: token } });
  const idleExpiry = Date.parse(String((first.json?.session as { expiresAt: string }).expiresAt));
  // Wait (without using the session, which would slide it) until the server's own idle expiry has passed.
  await expect.poll(() => Date.now(), { timeout: 10_000 }).toBeGreaterThan(idleExpiry + 1_000);
  const answer = await call("/api/session/me", { cookies: { [SESSION_COOKIE]: token } });
  expectRefused(answer, 401);
  expect(["expired", "unknown"]).toContain(answer.json?.reason);
});

test("a copied Auth.js cookie that is never renewed stops working, by the absolute cap at the latest", async () => {
  const start = Date.now();
  const { token } = await authjsSignIn(BOB);
  const copy = token as string;
  // The thief keeps presenting the same copy (ignoring the cookies the server re-issues).
  // Note: Auth.js decodes its JWE with a 15 s clock tolerance (@auth/core/jwt.js), so a copy
  // outlives its maxAge (2 s here) by up to 15 s; on this server the 5 s cap ends it first.
  const { refusedAt } = await keepUsingUntilRefused(start, async () => (await call("/api/authjs/me", { cookies: { [AUTHJS_COOKIE]: copy } })).status === 200);
  expect(refusedAt, "refused by the absolute cap at the latest").toBeLessThanOrEqual(ABSOLUTE_SECONDS * 1000 + 1_500);
  expectRefused(await call("/api/authjs/me", { cookies: { [AUTHJS_COOKIE]: copy } }), 401);
  expectLoginRedirect(await call("/authjs/dashboard", { cookies: { [AUTHJS_COOKIE]: copy } }), "authjs", "/authjs/dashboard");
});

test("an Auth.js session renewed on every request is still ended at the absolute cap", async () => {
  const start = Date.now();
  let { token } = await authjsSignIn(BOB);
  const { lastAccepted, refusedAt } = await keepUsingUntilRefused(start, async () => {
    const answer = await call("/api/authjs/me", { cookies: { [AUTHJS_COOKIE]: token as string } });
    token = issuedCookie(answer, AUTHJS_COOKIE) ?? token; // adopt each re-issued cookie, as a browser (or a thief) would
    return answer.status === 200;
  });
  expect(lastAccepted, "re-issued cookies kept it alive past maxAge").toBeGreaterThan(IDLE_SECONDS * 1000);
  expect(refusedAt, "but not past the absolute cap").toBeGreaterThanOrEqual(ABSOLUTE_SECONDS * 1000 - 500);
  expectRefused(await call("/api/authjs/me", { cookies: { [AUTHJS_COOKIE]: token as string } }), 401);
});

test("an expired access token is not renewed without its refresh token", async () => {
  const { token } = await jwtLogin(BOB, ["refresh"]);
  await expect.poll(async () => (await call("/api/jwt/me", { cookies: { [JWT_COOKIE]: token } })).status, { timeout: 10_000 }).toBe(401);
  expectRefused(await call("/api/jwt/me", { cookies: { [JWT_COOKIE]: token } }), 401, "expired");
  // A page sends it through the refresh route, which without the refresh cookie sends it to the login page.
  const page = await call("/jwt/dashboard", { cookies: { [JWT_COOKIE]: token } });
  expect(page.status).toBe(307);
  const refreshUrl = new URL(page.location ?? "", "http://x");
  expect(refreshUrl.pathname).toBe("/api/jwt/refresh");
  expect(refreshUrl.searchParams.get("next")).toBe("/jwt/dashboard");
  const refresh = await call(`${refreshUrl.pathname}${refreshUrl.search}`, { cookies: { [JWT_COOKIE]: token } });
  expectLoginRedirect(refresh, "jwt", "/jwt/dashboard", "refresh-missing");
  expectRefused(await call("/api/jwt/refresh", { method: "POST", cookies: { [JWT_COOKIE]: token } }), 401, "missing");
});

test("a browser prefetch of a page with an expired access token does not spend the refresh token", async () => {
  const { token, refresh } = await jwtLogin(BOB, ["refresh"]);
  await expect.poll(async () => (await call("/api/jwt/me", { cookies: { [JWT_COOKIE]: token } })).status, { timeout: 10_000 }).toBe(401);
  const cookies = { [JWT_COOKIE]: token, [JWT_REFRESH_COOKIE]: refresh as string };
  const prefetches: Array<Record<string, string>> = [{ "sec-purpose": "prefetch" }, { "sec-purpose": "prefetch;prerender" }, { purpose: "prefetch" }];
  for (const headers of prefetches) {
    const prefetch = await call("/jwt/dashboard", { cookies, headers });
    expect(prefetch.status).toBe(204); // no redirect into the refresh route
    expectNoSignIn(prefetch);
  }
  // The refresh token is unspent: its first use rotates it (a spent one would get only the grace answer).
  const used = await call("/api/jwt/refresh", { method: "POST", cookies: { [JWT_REFRESH_COOKIE]: refresh as string } });
  expect(used.status).toBe(200);
  expect(used.json).toMatchObject({ ok: true, rotated: true });
});
