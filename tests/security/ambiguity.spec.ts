import { expect, test } from "@playwright/test";
import {
  ALICE,
  AUTHJS_COOKIE,
  BOB,
  JWT_COOKIE,
  JWT_REFRESH_COOKIE,
  SESSION_COOKIE,
  authjsSignIn,
  call,
  expectLoginRedirect,
  expectRefused,
  jwtLogin,
  sessionLogin,
  target,
  withSecurityServer,
} from "./harness";

/**
 * Ambiguous credentials: the same credential cookie twice (a cookie planted for a parent
 * domain or another path sits next to the real one, and frameworks quietly keep one), and
 * cookies posing as parts of Auth.js's session cookie. Each counts as no credential, in both
 * gates, and is logged; a stray look-alike never signs anyone out or in.
 */
withSecurityServer();

/** Log lines about ambiguous cookies written since `from`. */
const ambiguityLogged = (from: number) => target().server.output().slice(from).includes('"auth.ambiguous-cookie"');

test("a JWT cookie sent twice is no credential: 401 on the API, login on the page, whichever order", async () => {
  const bob = await jwtLogin(BOB);
  const alice = await jwtLogin(ALICE);
  const from = target().server.output().length;
  for (const cookies of [`${JWT_COOKIE}=${bob.token}; ${JWT_COOKIE}=${alice.token}`, `${JWT_COOKIE}=garbage; ${JWT_COOKIE}=${bob.token}`, `${JWT_COOKIE}=${bob.token}; ${JWT_COOKIE}=${bob.token}`]) {
    expectRefused(await call("/api/jwt/me", { cookies }), 401, "missing");
    expectLoginRedirect(await call("/jwt/dashboard", { cookies }), "jwt", "/jwt/dashboard");
  }
  // Control: the same token once is accepted.
  expect((await call("/api/jwt/me", { cookies: { [JWT_COOKIE]: bob.token } })).status).toBe(200);
  await expect.poll(() => ambiguityLogged(from)).toBe(true);
});

test("a refresh cookie sent twice refreshes nothing", async () => {
  const { refresh } = await jwtLogin(BOB);
  const answer = await call("/api/jwt/refresh", { method: "POST", cookies: `${JWT_REFRESH_COOKIE}=${refresh}; ${JWT_REFRESH_COOKIE}=${refresh}` });
  expectRefused(answer, 401, "missing");
  // The real token was not spent: sent once, it still rotates.
  expect((await call("/api/jwt/refresh", { method: "POST", cookies: { [JWT_REFRESH_COOKIE]: refresh as string } })).status).toBe(200);
});

test("a session cookie sent twice is no credential: 401 on the API, login on the page", async () => {
  const bob = await sessionLogin(BOB);
  const alice = await sessionLogin(ALICE);
  for (const cookies of [`${SESSION_COOKIE}=${bob}; ${SESSION_COOKIE}=${alice}`, `${SESSION_COOKIE}=${alice}; ${SESSION_COOKIE}=${bob}`]) {
    expectRefused(await call("/api/session/me", { cookies }), 401);
    expectLoginRedirect(await call("/session/dashboard", { cookies }), "session", "/session/dashboard");
  }
  expect((await call("/api/session/me", { cookies: { [SESSION_COOKIE]: bob } })).status).toBe(200);
});

test("an Auth.js session cookie sent twice is no session", async () => {
  const bob = (await authjsSignIn(BOB)).token as string;
  const alice = (await authjsSignIn(ALICE)).token as string;
  const cookies = `${AUTHJS_COOKIE}=${bob}; ${AUTHJS_COOKIE}=${alice}`;
  expectRefused(await call("/api/authjs/me", { cookies }), 401);
  expectLoginRedirect(await call("/authjs/dashboard", { cookies }), "authjs", "/authjs/dashboard");
});

test("a stray cookie whose name only starts with Auth.js's (authjs.session-tokenZ) neither signs the user out nor in", async () => {
  const bob = (await authjsSignIn(BOB)).token as string;
  const alice = (await authjsSignIn(ALICE)).token as string;
  // Next to bob's real cookie: ignored, bob stays bob.
  const withStray = await call("/api/authjs/me", { cookies: `${AUTHJS_COOKIE}=${bob}; ${AUTHJS_COOKIE}Z=x` });
  expect(withStray.status).toBe(200);
  expect(withStray.json).toMatchObject({ user: { id: "bob" } });
  // Alice's cookie cut in two and planted under look-alike names: not joined into a session.
  const half = Math.floor(alice.length / 2);
  const spliced = `${AUTHJS_COOKIE}A=${alice.slice(0, half)}; ${AUTHJS_COOKIE}B=${alice.slice(half)}`;
  expectRefused(await call("/api/authjs/me", { cookies: spliced }), 401);
  expectLoginRedirect(await call("/authjs/dashboard", { cookies: spliced }), "authjs", "/authjs/dashboard");
  // A whole cookie and a chunk side by side contradict each other: no session.
  expectRefused(await call("/api/authjs/me", { cookies: `${AUTHJS_COOKIE}=${bob}; ${AUTHJS_COOKIE}.0=${alice}` }), 401);
});
