import { expect, test } from "@playwright/test";
import { encode } from "next-auth/jwt";
import { E2E_AUTH_SECRET } from "../e2e/env";
import {
  ALICE,
  AUTHJS_COOKIE,
  BOB,
  base64url,
  authjsCsrf,
  authjsSignIn,
  call,
  expectLoginRedirect,
  expectNoInternals,
  expectNoSignIn,
  expectRefused,
  hmacJwt,
  issuedCookie,
  secret,
  target,
  withSecurityServer,
} from "./harness";

/**
 * Forged, tampered and self-promoting Auth.js session cookies (JWE, `dir` + A256CBC-HS512,
 * key derived from AUTH_SECRET with the cookie name as salt) against the /authjs lane.
 */
withSecurityServer();

const me = (token: string) => call("/api/authjs/me", { cookies: { [AUTHJS_COOKIE]: token } });

/** The claims this app puts in its Auth.js token, for alice the admin by default. */
function claims(overrides: Record<string, unknown> = {}) {
  return { sub: "alice", id: "alice", role: "admin" as const, name: "Alice", ver: 0, authTime: Date.now(), ...overrides };
}

/** A cookie as Auth.js would make it, with this secret. */
async function forge(authSecret: string, token = claims()) {
  return secret(await encode({ token, secret: authSecret, salt: AUTHJS_COOKIE, maxAge: 3600 }));
}

/** The Auth.js cookie refused by the API (401) and by pages (redirect to its login). */
async function expectCookieRefused(token: string) {
  expectRefused(await me(token), 401);
  expectLoginRedirect(await call("/authjs/dashboard", { cookies: { [AUTHJS_COOKIE]: token } }), "authjs", "/authjs/dashboard");
  expectLoginRedirect(await call("/authjs/admin", { cookies: { [AUTHJS_COOKIE]: token } }), "authjs", "/authjs/admin");
}

test("control: a real sign-in and a cookie encoded with the server's own AUTH_SECRET are both accepted", async () => {
  const { token } = await authjsSignIn(BOB);
  expect(token).toBeTruthy();
  expect((await me(token as string)).json).toMatchObject({ user: { id: "bob", role: "user" } });
  expect((await me(await forge(E2E_AUTH_SECRET))).json).toMatchObject({ user: { id: "alice", role: "admin" } });
});

test("a callback-url cookie Auth.js would refuse, planted beside a real sign-in (a sibling subdomain can), signs nobody out", async () => {
  const { token } = await authjsSignIn(BOB);
  for (const name of ["__Secure-authjs.callback-url", "authjs.callback-url"]) {
    for (const planted of ["foo", "javascript:alert(1)", "%E0%A4%A"]) {
      // As a string: the planted value is no secret of the run's.
      const cookies = `${AUTHJS_COOKIE}=${token as string}; ${name}=${planted}`;
      const what = `${name}=${planted}`;
      expect((await call("/api/authjs/me", { cookies })).json, what).toMatchObject({ user: { id: "bob" } });
      expect((await call("/authjs/dashboard", { cookies })).status, what).toBe(200);
      expect((await call("/api/auth/session", { cookies })).json, what).toMatchObject({ user: { id: "bob" } });
    }
  }
  // A callback-url cookie Auth.js accepts is left alone.
  const kept = await call("/api/authjs/me", { cookies: `${AUTHJS_COOKIE}=${token as string}; __Secure-authjs.callback-url=%2Fauthjs%2Fdashboard` });
  expect(kept.json).toMatchObject({ user: { id: "bob" } });
});

test("a session cookie encrypted with another AUTH_SECRET is refused", async () => {
  await expectCookieRefused(await forge("attacker-authjs-secret-0123456789abcdef0123456789"));
  // Right secret, wrong salt (another cookie name): a different key, so refused too.
  await expectCookieRefused(secret(await encode({ token: claims(), secret: E2E_AUTH_SECRET, salt: "authjs.csrf-token", maxAge: 3600 })));
});

test("a real session cookie with a tampered ciphertext, tag, IV or header is refused", async () => {
  const { token } = await authjsSignIn(BOB);
  const parts = (token as string).split(".");
  expect(parts).toHaveLength(5);
  const flip = (segment: string) => {
    const bytes = Buffer.from(segment, "base64url");
    bytes[0] ^= 0x01;
    return bytes.toString("base64url");
  };
  for (const index of [1, 2, 3, 4].filter((i) => parts[i] !== "")) {
    const tampered = [...parts];
    tampered[index] = flip(parts[index]);
    await expectCookieRefused(secret(tampered.join(".")));
  }
  const header = JSON.parse(Buffer.from(parts[0], "base64url").toString()) as Record<string, unknown>;
  await expectCookieRefused(secret([base64url({ ...header, enc: "A128CBC-HS256" }), ...parts.slice(1)].join(".")));
});

test("a signed JWS, or an unsigned alg: none JWT, in place of the encrypted cookie is refused", async () => {
  await expectCookieRefused(hmacJwt({ alg: "HS256", typ: "JWT" }, claims(), E2E_AUTH_SECRET));
  await expectCookieRefused(secret(`${base64url({ alg: "none" })}.${base64url(claims())}.`));
});

test("update() asking for a new role is ignored: the role stays user, only the display name may change", async () => {
  const { token } = await authjsSignIn(BOB);
  const csrf = await authjsCsrf({ [AUTHJS_COOKIE]: token as string });
  const cookies = { ...csrf.cookie, [AUTHJS_COOKIE]: token as string };

  // What useSession().update({ role: "admin" }) posts, plus a name so we can see the update was applied.
  for (const body of [
    { csrfToken: csrf.csrfToken, data: { role: "admin", name: "Bobby" } },
    { csrfToken: csrf.csrfToken, data: { role: "admin", user: { role: "admin" } } },
    { csrfToken: csrf.csrfToken, role: "admin" },
  ]) {
    const answer = await call("/api/auth/session", { json: body, cookies });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ user: { id: "bob", role: "user" } });
    expectNoInternals(answer);
    const reissued = issuedCookie(answer, AUTHJS_COOKIE) ?? (token as string);
    expect((await me(reissued)).json).toMatchObject({ user: { id: "bob", role: "user" } });
    const admin = await call("/authjs/admin", { cookies: { [AUTHJS_COOKIE]: reissued } });
    expect(admin.status).toBe(403);
  }
  // The allowed part did go through (so the requests above really reached the jwt callback).
  const named = await call("/api/auth/session", { json: { csrfToken: csrf.csrfToken, data: { name: "Bobby" } }, cookies });
  expect(named.json).toMatchObject({ user: { name: "Bobby", role: "user" } });
});

test("update() without the CSRF token changes nothing", async () => {
  const { token } = await authjsSignIn(BOB);
  const answer = await call("/api/auth/session", { json: { data: { role: "admin", name: "Mallory" } }, cookies: { [AUTHJS_COOKIE]: token as string } });
  expect(answer.status).toBe(400); // Auth.js's MissingCSRF, with an empty body
  expectNoInternals(answer);
  expectNoSignIn(answer);
  const reissued = issuedCookie(answer, AUTHJS_COOKIE) ?? (token as string);
  expect((await me(reissued)).json).toMatchObject({ user: { id: "bob", role: "user", name: "Bob" } });
});

test("a copied Auth.js cookie replayed after “sign out everywhere” is refused", async ({ browser }) => {
  const { token: copy } = await authjsSignIn(BOB);
  const { token: mine } = await authjsSignIn(BOB);
  expect((await me(copy as string)).status).toBe(200);
  // "Sign out everywhere" is a server action: clicked in a browser holding the other cookie.
  const context = await browser.newContext({ baseURL: target().base });
  await context.addCookies([{ name: AUTHJS_COOKIE, value: mine as string, domain: "localhost", path: "/", httpOnly: true, secure: true, sameSite: "Lax" }]);
  const page = await context.newPage();
  await page.goto("/authjs/dashboard");
  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(page).toHaveURL(/\/authjs\/login/);
  await context.close();

  // The copy is authentic but revoked. On the memory store the Edge middleware cannot run the
  // token-version check, so it lets the copy through to the second gate (and renews the
  // cookie, as Auth.js does on every read); the Node.js gate refuses it, and the renewed
  // cookie carries the same old version, so it is refused just the same.
  const except = [AUTHJS_COOKIE];
  const api = await me(copy as string);
  expectRefused(api, 401, undefined, { except });
  const dashboard = await call("/authjs/dashboard", { cookies: { [AUTHJS_COOKIE]: copy as string } });
  expectLoginRedirect(dashboard, "authjs", "/authjs/dashboard", undefined, { except });
  const admin = await call("/authjs/admin", { cookies: { [AUTHJS_COOKIE]: copy as string } });
  // Still bob the user to the Edge gate, which refuses him the admin page and hands the answer
  // to the page's gates: the second gate sees a revoked cookie, so it is signed out, not a 403.
  expectLoginRedirect(admin, "authjs", "/authjs/admin", undefined, { except });
  expectNoInternals(admin);
  for (const answer of [api, dashboard, admin]) {
    const renewed = issuedCookie(answer, AUTHJS_COOKIE);
    if (renewed) {
      expectRefused(await me(renewed), 401, undefined, { except });
      expectLoginRedirect(await call("/authjs/dashboard", { cookies: { [AUTHJS_COOKIE]: renewed } }), "authjs", "/authjs/dashboard", undefined, { except });
    }
  }
});

test("a wrong password on the Auth.js credentials callback signs nobody in", async () => {
  const { answer, token } = await authjsSignIn({ username: ALICE.username, password: "wrong-password" });
  expect(token).toBeUndefined();
  expectNoSignIn(answer);
  expectNoInternals(answer);
  expect([302, 303]).toContain(answer.status);
  expect(new URL(answer.location ?? "", "http://x").searchParams.get("error")).toBe("CredentialsSignin");
});
