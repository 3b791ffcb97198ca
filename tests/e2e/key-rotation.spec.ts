import { expect, test } from "@playwright/test";
import { decodeProtectedHeader } from "jose";
import { BOB, HOOK_TIMEOUT, JWT_COOKIE, cookieValue, signIn, AUTHJS_COOKIE } from "./helpers";

const BETTER_AUTH_COOKIES = ["__Host-better-auth.session_token", "__Host-better-auth.session_data"];
/** The demo's cookie cache switch (lib/better-auth/config.ts), `__Host-` under `next start`. */
const CACHE_PREFERENCE = "__Host-better-auth-demo-cookie-cache";
import { E2E_BETTER_AUTH_SECRET, E2E_SERVER_ENV } from "./env";
import { freePort, startNextServer, type Started } from "../../scripts/lib/processes";

/**
 * Rotating the signing keys without signing everyone out, and ending everything at once when a
 * key leaks: three servers of one build, as one deployment restarted three times.
 *   before:    JWT_SECRET=A, AUTH_SECRET=X, BETTER_AUTH_SECRET=P
 *   rotated:   JWT_SECRET=B, JWT_SECRET_PREVIOUS=A; AUTH_SECRET=Y, AUTH_SECRET_PREVIOUS=X; BETTER_AUTH_SECRET=P (kept)
 *   leaked:    JWT_SECRET=B; AUTH_SECRET=Y (the old keys removed); BETTER_AUTH_SECRET=Q
 * Better Auth has no previous secret to keep (it checks signatures with one): a new one is
 * the "leaked" restart for it, and signs everyone out.
 * Cookies are per host, not per port: one browser carries its sign-in from one to the next.
 */
test.describe.configure({ mode: "serial", timeout: 90_000 });

const A = "rotation-e2e-jwt-secret-A-0123456789abcdefghij";
const B = "rotation-e2e-jwt-secret-B-0123456789abcdefghij";
const X = "rotation-e2e-authjs-secret-X-0123456789abcdefg";
const Y = "rotation-e2e-authjs-secret-Y-0123456789abcdefg";
const Q = "rotation-e2e-better-auth-secret-Q-0123456789abcd"; // P is E2E_BETTER_AUTH_SECRET
const servers: Started[] = [];
let before = "";
let rotated = "";
let leaked = "";

test.beforeAll(async () => {
  test.setTimeout(HOOK_TIMEOUT);
  const ports = await Promise.all([freePort(), freePort(), freePort()]);
  const envs: Record<string, string>[] = [
    { JWT_SECRET: A, AUTH_SECRET: X },
    { JWT_SECRET: B, JWT_SECRET_PREVIOUS: A, AUTH_SECRET: Y, AUTH_SECRET_PREVIOUS: X },
    { JWT_SECRET: B, AUTH_SECRET: Y, BETTER_AUTH_SECRET: Q },
  ];
  servers.push(...(await Promise.all(ports.map((port, i) => startNextServer(port, { ...E2E_SERVER_ENV, ...envs[i] })))));
  [before, rotated, leaked] = ports.map((port) => `http://localhost:${port}`);
});
test.afterAll(async () => {
  test.setTimeout(HOOK_TIMEOUT);
  await Promise.all(servers.map((server) => server.stop()));
});

test("a JWT signed before the rotation keeps working after it, and stops the moment the old key is removed", async ({ page, context }) => {
  const login = await page.request.post(`${before}/api/jwt/login`, { data: { ...BOB, checks: [] }, headers: { origin: before } });
  expect(login.status()).toBe(200);
  const token = (await cookieValue(context, JWT_COOKIE))!;

  expect((await page.request.get(`${rotated}/api/jwt/me`)).status()).toBe(200);
  await page.goto(`${rotated}/jwt/dashboard`);
  await expect(page).toHaveURL(`${rotated}/jwt/dashboard`);

  const refused = await page.request.get(`${leaked}/api/jwt/me`);
  expect(refused.status()).toBe(401);
  expect(await refused.json()).toMatchObject({ reason: "bad-signature" });
  await page.goto(`${leaked}/jwt/dashboard`);
  await expect(page).toHaveURL(new RegExp(`^${leaked}/jwt/login`));

  // A sign-in after the rotation gets a token that names the new key, which the old server never had.
  await page.request.post(`${rotated}/api/jwt/login`, { data: { ...BOB, checks: [] }, headers: { origin: rotated } });
  const fresh = (await cookieValue(context, JWT_COOKIE))!;
  expect(decodeProtectedHeader(fresh).kid).not.toBe(decodeProtectedHeader(token).kid);
  expect((await page.request.get(`${leaked}/api/jwt/me`)).status()).toBe(200);
  expect((await page.request.get(`${before}/api/jwt/me`)).status()).toBe(401);
});

test("Auth.js: a sign-in sealed with the old AUTH_SECRET opens while it is listed in AUTH_SECRET_PREVIOUS (and is sealed again with the new one on use), not once it is removed", async ({ page, context }) => {
  await signIn(page, "authjs", BOB, `${before}/authjs/login`);
  await expect(page).toHaveURL(`${before}/authjs/dashboard`);
  const sealed = (await cookieValue(context, AUTHJS_COOKIE))!;
  // Outside the browser, so that no answer replaces the cookie between the checks.
  const me = (base: string, value: string) => fetch(`${base}/api/authjs/me`, { headers: { cookie: `${AUTHJS_COOKIE}=${value}` } });

  expect((await me(leaked, sealed)).status).toBe(401); // the old key removed: refused at once
  const opened = await me(rotated, sealed);
  expect(opened.status).toBe(200);
  expect(await opened.json()).toMatchObject({ user: { id: "bob" } });
  // Auth.js re-issues its cookie on use, sealed with the current key: an active user moves to the new key.
  const resealed = opened.headers.getSetCookie().map((c) => c.split(";")[0]).find((c) => c.startsWith(`${AUTHJS_COOKIE}=`))?.slice(AUTHJS_COOKIE.length + 1);
  expect(resealed).toBeTruthy();
  expect(resealed).not.toBe(sealed);
  expect((await me(leaked, resealed!)).status).toBe(200);
  expect((await me(before, resealed!)).status).toBe(401); // the server that only knows the old key cannot open it
});

test("Better Auth: a new BETTER_AUTH_SECRET signs a live sign-in out at once, its cookie cache with it; kept, the same cookies open on another instance without its store", async ({ page, context }) => {
  expect(Q).not.toBe(E2E_BETTER_AUTH_SECRET);
  // The cookie cache on (5 min) before signing in: Better Auth issues its signed copy with the session.
  await context.addCookies([{ name: CACHE_PREFERENCE, value: "300", domain: "localhost", path: "/", secure: true }]);
  await signIn(page, "better-auth", BOB, `${before}/better-auth/login`);
  await expect(page).toHaveURL(`${before}/better-auth/dashboard`);
  const jar = await context.cookies();
  const cookie = [`${CACHE_PREFERENCE}=300`, ...BETTER_AUTH_COOKIES.map((name) => {
    const value = jar.find((c) => c.name === name)?.value;
    expect(value, name).toBeTruthy();
    return `${name}=${value}`;
  })].join("; ");
  const me = (base: string) => fetch(`${base}/api/better-auth/me`, { headers: { cookie } });

  // The same secret on a server whose store never saw the session: the signed copy alone opens it.
  const kept = await me(rotated);
  expect(kept.status).toBe(200);
  expect(await kept.json()).toMatchObject({ user: { id: "bob" } });
  // A new secret: refused, cache and all, though the copy names an expiry minutes away.
  expect((await me(leaked)).status).toBe(401);
  await page.goto(`${leaked}/better-auth/dashboard`);
  await expect(page).toHaveURL(new RegExp(`^${leaked}/better-auth/login`));
  // Signing in again works, under the new secret only.
  await signIn(page, "better-auth", BOB);
  await expect(page).toHaveURL(`${leaked}/better-auth/dashboard`);
});
