import { expect, test, type Page } from "@playwright/test";
import { Redis as IORedis } from "ioredis";
import { HOOK_TIMEOUT, ALICE, BOB, JWT_COOKIE, SESSION_COOKIE, cookieValue, sha256Hex, signIn } from "./helpers";
import { E2E_BASE_URL, E2E_SERVER_ENV } from "./env";
import { freePort, startNextServer, type Started } from "../../scripts/lib/processes";
import { startRedisServer, redisServerBinary, REDIS_MISSING_MESSAGE, type RedisServer } from "../../scripts/lib/redis-server";
import { startUpstashStandIn, type StandIn } from "../../scripts/lib/upstash-standin";
import { SIGN_OUT_STORE_UNAVAILABLE_MESSAGE, STORE_UNAVAILABLE_MESSAGE } from "../../lib/http";

/**
 * Sessions on real Redis (redis-server behind the Upstash stand-in), across two `next start`
 * instances, with the Edge lookup, and through an outage, which a third instance on the
 * same redis-server over TCP (REDIS_URL, its own database) goes through too. Compared with
 * the memory-store server Playwright starts (E2E_BASE_URL) and a second memory-store instance.
 * Serial: the outage test stops the Redis the others use.
 */
test.describe.configure({ mode: "serial", timeout: 90_000 });

const TOKEN = "e2e-standin-token";
let redis: RedisServer;
let standIn: StandIn;
const servers: Started[] = [];
let redisA = "";
let redisB = "";
let memoryB = "";
let tcpA = "";

/** A plain HTTP client with no cookie jar: every credential is sent explicitly. */
function get(url: string, cookie: string) {
  return fetch(url, { headers: { cookie }, redirect: "manual" });
}
function post(url: string, body: unknown = {}, cookie = "") {
  return fetch(url, { method: "POST", headers: { "content-type": "application/json", cookie }, body: JSON.stringify(body), redirect: "manual" });
}
function setCookieValue(response: Response, name: string): string {
  const match = new RegExp(`${name}=([^;]+)`).exec(response.headers.get("set-cookie") ?? "");
  if (!match) throw new Error(`no ${name} cookie in the response`);
  return match[1];
}
async function loginSession(base: string, user = BOB): Promise<string> {
  const response = await post(`${base}/api/session/login`, user);
  expect(response.status).toBe(200);
  return setCookieValue(response, SESSION_COOKIE);
}
const sid = (value: string) => `${SESSION_COOKIE}=${value}`;
const AUTHJS_COOKIE = "__Secure-authjs.session-token"; // production: Secure and prefixed, like the other lanes
const BETTER_AUTH_COOKIE = "__Host-better-auth.session_token";

test.beforeAll(async () => {
  test.setTimeout(HOOK_TIMEOUT);
  if (!redisServerBinary()) throw new Error(REDIS_MISSING_MESSAGE);
  redis = await startRedisServer();
  standIn = await startUpstashStandIn({ redisUrl: redis.url, token: TOKEN });
  const redisEnv = { ...E2E_SERVER_ENV, UPSTASH_REDIS_REST_URL: standIn.url, UPSTASH_REDIS_REST_TOKEN: TOKEN };
  const [portA, portB, portM, portT] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const started = await Promise.all([
    startNextServer(portA, redisEnv),
    startNextServer(portB, redisEnv),
    startNextServer(portM, E2E_SERVER_ENV),
    startNextServer(portT, { ...E2E_SERVER_ENV, REDIS_URL: `${redis.url}/1` }),
  ]);
  servers.push(...started);
  [redisA, redisB, memoryB, tcpA] = [portA, portB, portM, portT].map((port) => `http://localhost:${port}`);
});

test.afterAll(async () => {
  test.setTimeout(HOOK_TIMEOUT);
  await Promise.all(servers.map((server) => server.stop()));
  await standIn?.close();
  await redis?.dispose();
});

test("the home page says which store each instance uses (its kind: the address is for signed-in users)", async ({ page }) => {
  await page.goto(`${redisA}/`);
  await expect(page.getByTestId("store-description")).toHaveText("Redis via Upstash REST");
  await page.goto(`${E2E_BASE_URL}/`);
  await expect(page.getByTestId("store-description")).toContainText("in-memory");
});

test("with Redis, middleware looks the session up at the Edge and stops a revoked one before any page code runs", async ({ page, context }) => {
  await signIn(page, "session", BOB, `${redisA}/session/login`);
  await expect(page.getByTestId("session-first-gate")).toContainText("looked this session up in Redis on the Edge runtime");
  await expect(page.getByTestId("session-record")).toContainText('"userId": "bob"');
  // Signed in: the dashboard says where the store is (its origin, never credentials).
  await expect(page.getByTestId("store-description")).toHaveText(/^Redis via Upstash REST at http:\/\/127\.0\.0\.1:\d+$/);
  const stolen = (await cookieValue(context, SESSION_COOKIE))!;
  // Server-Timing shows the Edge's own store round trip, then the route's on Node.js.
  const edgeTiming = (await get(`${redisA}/session/dashboard`, sid(stolen))).headers.get("server-timing") ?? "";
  expect(edgeTiming).toMatch(/^mw;desc="middleware \(edge\) session: accepted";dur=[\d.]+, mw-store;desc="upstash rest get \(edge\)";dur=[\d.]+$/);
  const apiTiming = (await get(`${redisA}/api/session/me`, sid(stolen))).headers.get("server-timing") ?? "";
  expect(apiTiming).toContain('mw-store;desc="upstash rest get (edge)"');
  expect(apiTiming).toContain('store;desc="upstash rest get (nodejs)"');
  // What each side holds: the 43-character token as a cookie vs key + record + index entry in Redis.
  await expect(page.getByTestId("browser-bytes")).toContainText(`${SESSION_COOKIE.length + 1 + stolen.length} bytes`);
  await expect(page.getByTestId("server-bytes")).toHaveText(/^\d{3} bytes for this session/);
  await expect(page.getByTestId("session-ttl")).toHaveText(/^60\d{4} s$/);
  // The page reads no TTL (the record carries its expiry): what it shows is what Redis holds,
  // less the seconds that passed between the render and Redis's answer.
  const renderedFrom = Date.now();
  await page.reload();
  const shownTtl = Number((await page.getByTestId("session-ttl").textContent())?.split(" ")[0]);
  const direct = new IORedis(redis.url, { protocol: 2 });
  const redisTtl = await direct.ttl(`session:${sha256Hex(stolen)}`);
  direct.disconnect();
  const secondsBetween = Math.ceil((Date.now() - renderedFrom) / 1000);
  expect(redisTtl).toBeGreaterThan(0);
  expect(redisTtl).toBeLessThanOrEqual(shownTtl + 1);
  expect(shownTtl - redisTtl).toBeLessThanOrEqual(secondsBetween + 1);
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/session\/login\?reason=signed-out$/);

  const replay = await get(`${redisA}/session/dashboard`, sid(stolen));
  expect(replay.status).toBe(307);
  expect(replay.headers.get("x-auth-gate")).toBe("middleware (edge)");
  expect(replay.headers.get("location")).toBe("/session/login?next=%2Fsession%2Fdashboard&reason=unknown");
});

test("the Better Auth lane keeps its sessions in Redis under better-auth:, where both instances find them and sign-out deletes them", async ({ page, context }) => {
  await signIn(page, "better-auth", BOB, `${redisA}/better-auth/login`);
  await expect(page).toHaveURL(`${redisA}/better-auth/dashboard`);
  await expect(page.getByTestId("better-auth-store")).toHaveText("upstash");
  const cookie = (await cookieValue(context, BETTER_AUTH_COOKIE))!;
  // Better Auth's cookie is `<session token>.<signature>`; the store's key is the token under this app's prefix.
  const token = decodeURIComponent(cookie).split(".")[0];
  const direct = new IORedis(redis.url, { protocol: 2 });
  try {
    expect(JSON.parse((await direct.get(`better-auth:${token}`)) ?? "null")).toMatchObject({ session: { token, userId: "bob" }, user: { id: "bob", role: "user" } });
    expect(await direct.ttl(`better-auth:${token}`)).toBeGreaterThan(604_000); // ≈ 7 days
    expect(await direct.zscore("better-auth:user-sessions:bob", token)).not.toBeNull(); // the user's session index
    const me = await get(`${redisB}/api/better-auth/me`, `${BETTER_AUTH_COOKIE}=${cookie}`);
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ user: { id: "bob" } });

    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(page).toHaveURL(`${redisA}/better-auth/login?reason=signed-out`);
    expect(await direct.exists(`better-auth:${token}`)).toBe(0);
    expect(await direct.zscore("better-auth:user-sessions:bob", token)).toBeNull();
    expect((await get(`${redisB}/api/better-auth/me`, `${BETTER_AUTH_COOKIE}=${cookie}`)).status).toBe(401);
  } finally {
    direct.disconnect();
  }
});

test("with the memory store, middleware stays optimistic and the page does the refusing", async () => {
  const stolen = await loginSession(E2E_BASE_URL);
  expect((await post(`${E2E_BASE_URL}/api/session/logout`, {}, sid(stolen))).status).toBe(200);
  const replay = await get(`${E2E_BASE_URL}/session/dashboard`, sid(stolen));
  expect(replay.status).toBe(307);
  expect(replay.headers.get("x-auth-gate")).toBeNull(); // middleware let it through; requireSessionUser() refused
  expect(replay.headers.get("location")).toContain("reason=unknown");
});

test("two instances on Redis share sessions: log in on one, use and log out on the other, the first refuses", async () => {
  const cookie = sid(await loginSession(redisA));
  expect((await get(`${redisB}/api/session/me`, cookie)).status).toBe(200);
  expect((await post(`${redisB}/api/session/logout`, {}, cookie)).status).toBe(200);
  const afterLogout = await get(`${redisA}/api/session/me`, cookie);
  expect(afterLogout.status).toBe(401);
  expect(await afterLogout.json()).toMatchObject({ reason: "unknown" });
});

test("on Redis, a session evicted by a newer sign-in says so, at the Edge and in the API, on either instance", async () => {
  const oldest = sid(await loginSession(redisA, ALICE));
  for (const base of [redisB, redisA, redisB]) await loginSession(base, ALICE); // device limit 3 (the default)
  const page = await get(`${redisB}/session/dashboard`, oldest);
  expect(page.status).toBe(307);
  expect(page.headers.get("x-auth-gate")).toBe("middleware (edge)");
  expect(page.headers.get("location")).toBe("/session/login?next=%2Fsession%2Fdashboard&reason=evicted");
  const api = await get(`${redisA}/api/session/me`, oldest);
  expect(api.status).toBe(401);
  expect(await api.json()).toMatchObject({ reason: "evicted" });
  const login = await get(`${redisA}/session/login?reason=evicted`, "");
  expect(await login.text()).toContain("ended by a newer sign-in (device limit 3)");
});

test("two instances on the memory store do not know each other's sessions", async () => {
  const cookie = sid(await loginSession(E2E_BASE_URL));
  expect((await get(`${E2E_BASE_URL}/api/session/me`, cookie)).status).toBe(200);
  const elsewhere = await get(`${memoryB}/api/session/me`, cookie);
  expect(elsewhere.status).toBe(401);
  expect(await elsewhere.json()).toMatchObject({ reason: "unknown" });
});

test("a plain JWT works on every instance with no store at all", async () => {
  const login = await post(`${E2E_BASE_URL}/api/jwt/login`, { ...BOB, checks: [] });
  const cookie = `${JWT_COOKIE}=${setCookieValue(login, JWT_COOKIE)}`;
  for (const base of [E2E_BASE_URL, memoryB, redisA, redisB]) {
    const me = await get(`${base}/api/jwt/me`, cookie);
    expect(me.status, base).toBe(200);
  }
});

test("over TCP the Edge cannot reach Redis: middleware stays optimistic, the page looks the session up, and Server-Timing names the protocol", async ({ page }) => {
  await signIn(page, "session", BOB, `${tcpA}/session/login`);
  await expect(page.getByTestId("session-first-gate")).toContainText("Redis over TCP needs the sockets of Node.js");
  await expect(page.getByTestId("store-description")).toHaveText(/^Redis over TCP at redis:\/\/127\.0\.0\.1:\d+, database 1$/); // its own database, named
  const cookie = (await cookieValue(page.context(), SESSION_COOKIE))!;
  const timing = (await get(`${tcpA}/api/session/me`, sid(cookie))).headers.get("server-timing") ?? "";
  expect(timing).toMatch(/(^|, )store;desc="redis tcp get \(nodejs\)";dur=[\d.]+/);
  expect(timing).not.toContain("mw-store");
  // Its own database on the same redis-server: the Upstash instances do not know this session.
  expect((await get(`${redisA}/api/session/me`, sid(cookie))).status).toBe(401);
});

async function expectStoreDownPage(page: Page, url: string) {
  const response = await page.goto(url);
  expect(response?.status()).toBe(503);
  await expect(page.getByRole("heading", { name: "503 — session store unavailable" })).toBeVisible();
}

for (const [protocol, base] of [["Upstash REST", () => redisA], ["TCP", () => tcpA]] as const) {
  test(`a Redis outage (${protocol}) gives 503s, signs nobody out and deletes nothing; sessions work again when it returns`, async ({ page, context }) => {
    const origin = base();
    await signIn(page, "authjs", BOB, `${origin}/authjs/login`);
    await expect(page.getByTestId("client-session-status")).toHaveText("authenticated");
    const authjsCookie = (await cookieValue(context, AUTHJS_COOKIE))!;
    await signIn(page, "session", ALICE, `${origin}/session/login`);
    const cookie = (await cookieValue(context, SESSION_COOKIE))!;
    await signIn(page, "better-auth", BOB, `${origin}/better-auth/login`); // stays on its dashboard
    const betterAuthValue = (await cookieValue(context, BETTER_AUTH_COOKIE))!;
    const betterAuth = `${BETTER_AUTH_COOKIE}=${betterAuthValue}`;
    const plainJwt = `${JWT_COOKIE}=${setCookieValue(await post(`${origin}/api/jwt/login`, { ...BOB, checks: [] }), JWT_COOKIE)}`;
    const checkedJwt = `${JWT_COOKIE}=${setCookieValue(await post(`${origin}/api/jwt/login`, { ...BOB, checks: ["jti"] }), JWT_COOKIE)}`;

    await redis.stop();
    try {
      // Better Auth's sign-out action, from the dashboard loaded before: the outage page (its digest), the cookie kept.
      await page.getByRole("button", { name: "Sign out", exact: true }).click();
      await expect(page.getByRole("heading", { name: "503 — session store unavailable" })).toBeVisible();
      expect(await cookieValue(context, BETTER_AUTH_COOKIE)).toBe(betterAuthValue);
      await expectStoreDownPage(page, `${origin}/session/dashboard`);
      await expectStoreDownPage(page, `${origin}/session/admin`);
      const me = await get(`${origin}/api/session/me`, sid(cookie));
      expect(me.status).toBe(503);
      expect(me.headers.get("retry-after")).toBe("5");
      expect(await me.json()).toMatchObject({ reason: "unavailable" });
      expect(me.headers.get("set-cookie")).toBeNull(); // the cookie is not cleared
      expect((await post(`${origin}/api/session/login`, BOB)).status).toBe(503);
      // The login rate limiter fails closed: no store, no password guessing (even on the /jwt lane).
      const guess = await post(`${origin}/api/jwt/login`, { ...BOB, password: "wrong-guess" });
      expect(guess.status).toBe(503);
      expect(guess.headers.get("set-cookie")).toBeNull();
      // Auth.js's own sign-in endpoint too (not its error-page redirect).
      const { csrfToken } = (await (await page.request.get(`${origin}/api/auth/csrf`)).json()) as { csrfToken: string };
      const authjsGuess = await page.request.post(`${origin}/api/auth/callback/credentials`, {
        form: { username: "bob", password: "wrong-guess", csrfToken, callbackUrl: `${origin}/authjs/dashboard` },
        headers: { origin: origin },
        maxRedirects: 0,
      });
      expect(authjsGuess.status()).toBe(503);
      const logout = await post(`${origin}/api/session/logout`, {}, sid(cookie));
      expect(logout.status).toBe(503);
      expect(logout.headers.get("set-cookie")).toBeNull();
      expect(await cookieValue(context, SESSION_COOKIE)).toBe(cookie);
      // A plain JWT needs no store; one issued with a revocation check does, and says so.
      expect((await get(`${origin}/api/jwt/me`, plainJwt)).status).toBe(200);
      const checked = await get(`${origin}/api/jwt/me`, checkedJwt);
      expect(checked.status).toBe(503);
      expect(checked.headers.get("set-cookie")).toBeNull();
      // Auth.js: its token-version check cannot run, so 503, and the cookie stays.
      await expectStoreDownPage(page, `${origin}/authjs/dashboard`);
      expect(await cookieValue(context, AUTHJS_COOKIE)).toBeTruthy();
      expect((await get(`${origin}/api/authjs/me`, `${AUTHJS_COOKIE}=${authjsCookie}`)).status).toBe(503);
      // Better Auth: its pages, its routes and Better Auth's own get-session say 503, and its sign-out clears no cookie.
      await expectStoreDownPage(page, `${origin}/better-auth/dashboard`);
      await expectStoreDownPage(page, `${origin}/better-auth/admin`);
      for (const path of ["/api/better-auth/me", "/api/better-auth/get-session"]) {
        const answer = await get(`${origin}${path}`, betterAuth);
        expect(answer.status, path).toBe(503);
        expect(await answer.json()).toEqual({ error: STORE_UNAVAILABLE_MESSAGE, reason: "unavailable" });
      }
      const betterAuthSignOut = await post(`${origin}/api/better-auth/sign-out`, {}, betterAuth);
      expect(betterAuthSignOut.status).toBe(503);
      expect(await betterAuthSignOut.json()).toEqual({ error: SIGN_OUT_STORE_UNAVAILABLE_MESSAGE, reason: "unavailable" });
      expect(betterAuthSignOut.headers.get("set-cookie")).toBeNull();
      // The overview page, with every lane's cookie: each lane says the store is down, none is an error page.
      expect((await page.goto(`${origin}/`))?.status()).toBe(200);
      await expect(page.getByTestId("better-auth-state")).toHaveText(STORE_UNAVAILABLE_MESSAGE);
    } finally {
      await redis.start();
    }

    await expect.poll(async () => (await get(`${origin}/api/session/me`, sid(cookie))).status, { timeout: 15_000 }).toBe(200);
    await page.goto(`${origin}/session/dashboard`);
    await expect(page.getByTestId("session-user")).toHaveText("signed in as alice (admin)");
    await page.goto(`${origin}/authjs/dashboard`);
    await expect(page.getByTestId("authjs-user")).toHaveText("signed in as bob (user)");
    await page.goto(`${origin}/better-auth/dashboard`);
    await expect(page.getByTestId("better-auth-user")).toHaveText("signed in as bob (user)");
  });
}
