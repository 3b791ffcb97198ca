import { expect, test, type Page } from "@playwright/test";
import { HOOK_TIMEOUT, ALICE, BOB, JWT_COOKIE, JWT_REFRESH_COOKIE, SESSION_COOKIE, signIn } from "./helpers";
import { E2E_SERVER_ENV } from "./env";
import { freePort, startNextServer, type Started } from "../../scripts/lib/processes";
import { startRedisServer, redisServerBinary, REDIS_MISSING_MESSAGE, type RedisServer } from "../../scripts/lib/redis-server";
import { startUpstashStandIn, type StandIn } from "../../scripts/lib/upstash-standin";

/**
 * "Reset demo" unsticks the demo: a user locked out by the login limiter signs in right
 * after it, on the memory store and on Redis. It is off in production unless
 * DEMO_RESET_ENABLED=true, and then it is neither offered nor accepted.
 */
test.describe.configure({ mode: "serial", timeout: 90_000 });

const servers: Started[] = [];
let onMemory = "";
let onRedis = "";
let disabled = "";
let redis: RedisServer;
let standIn: StandIn;

test.beforeAll(async () => {
  test.setTimeout(HOOK_TIMEOUT);
  if (!redisServerBinary()) throw new Error(REDIS_MISSING_MESSAGE);
  redis = await startRedisServer();
  standIn = await startUpstashStandIn({ redisUrl: redis.url, token: "e2e-reset-token" });
  const env = (extra: Record<string, string>) => ({ ...E2E_SERVER_ENV, LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS: "3", ...extra });
  const ports = await Promise.all([freePort(), freePort(), freePort()]);
  servers.push(
    ...(await Promise.all([
      startNextServer(ports[0], env({ DEMO_RESET_ENABLED: "true" })),
      startNextServer(ports[1], env({ DEMO_RESET_ENABLED: "true", UPSTASH_REDIS_REST_URL: standIn.url, UPSTASH_REDIS_REST_TOKEN: "e2e-reset-token" })),
      startNextServer(ports[2], env({})),
    ])),
  );
  [onMemory, onRedis, disabled] = ports.map((port) => `http://localhost:${port}`);
});
test.afterAll(async () => {
  test.setTimeout(HOOK_TIMEOUT);
  await Promise.all(servers.map((server) => server.stop()));
  await standIn?.close();
  await redis?.dispose();
});

async function lockOut(page: Page, base: string) {
  for (let attempt = 0; attempt < 3; attempt++) {
    const failed = await page.request.post(`${base}/api/session/login`, { data: { ...BOB, password: "wrong-password" }, headers: { origin: base } });
    expect(failed.status()).toBe(401);
  }
  // Now even the right password is refused, in the browser too.
  const refused = await page.request.post(`${base}/api/session/login`, { data: BOB, headers: { origin: base } });
  expect(refused.status()).toBe(429);
}

for (const store of ["memory", "redis"] as const) {
  test(`a locked-out user signs in right after “Reset demo” (${store} store)`, async ({ page }) => {
    const base = store === "memory" ? onMemory : onRedis;
    await signIn(page, "jwt", ALICE, `${base}/jwt/login`);
    await lockOut(page, base);
    await page.goto(`${base}/`);
    await page.getByRole("button", { name: "Reset demo" }).click();
    await expect(page.getByTestId("home-confirmation")).toContainText("Demo reset");
    // The reset ended alice's sign-in, and this browser dropped its cookies with it: not "Cookie refused".
    const held = (await page.context().cookies()).map((cookie) => cookie.name);
    expect(held).not.toContain(JWT_COOKIE);
    expect(held).not.toContain(JWT_REFRESH_COOKIE);
    await expect(page.locator("main")).not.toContainText("Cookie refused");
    await signIn(page, "session", BOB, `${base}/session/login`);
    await expect(page.getByTestId("session-user")).toHaveText("signed in as bob (user)");
    expect((await page.context().cookies()).map((cookie) => cookie.name)).toContain(SESSION_COOKIE);
  });
}

test("a lockout is no dead end: the login page counted the attempts down, names every lane, and offers the reset right there", async ({ page }) => {
  await page.goto(`${onMemory}/jwt/login`);
  await page.getByLabel("Username").fill(BOB.username);
  for (const left of ["2 attempts left", "1 attempt left", "locked"]) {
    await page.getByLabel("Password").fill("wrong-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    if (left !== "locked") await expect(page.getByTestId("attempts-left")).toContainText(left);
  }
  // The failure that spent the last attempt is the lock, said with it.
  await expect(page.getByTestId("form-error")).toContainText("That was the last attempt: sign-in is now locked.");
  await expect(page.getByTestId("retry-countdown")).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign in" })).toBeDisabled();
  const help = page.getByTestId("lockout-help");
  await expect(help).toContainText("The lock covers this username from this network address, in every lane (JWT, session, Auth.js and Better Auth)");
  // The other lanes are locked too: the limiter is one for all of them. (Sent from the page, so
  // from the browser's own address: the lock is per account and address.)
  const sessionLogin = await page.evaluate(async (user) => (await fetch("/api/session/login", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(user) })).status, BOB);
  expect(sessionLogin).toBe(429);

  await help.getByRole("button", { name: "Reset demo" }).click();
  await expect(page).toHaveURL(/\/jwt\/login\?next=%2Fjwt%2Fdashboard&reason=reset$/);
  await expect(page.getByTestId("login-confirmation")).toContainText("Demo reset");
  await signIn(page, "jwt", BOB, `${onMemory}/jwt/login`);
  await expect(page).toHaveURL(/\/jwt\/dashboard$/);
});

test("without DEMO_RESET_ENABLED, production offers no reset and refuses one", async ({ page }) => {
  await page.goto(`${disabled}/`);
  await expect(page.getByTestId("reset-demo")).toHaveCount(0);
  const refused = await page.request.post(`${disabled}/api/demo/reset`, { headers: { origin: disabled } });
  expect(refused.status()).toBe(403);
  expect(await refused.json()).toEqual({ error: "Resetting the demo is turned off on this server (set DEMO_RESET_ENABLED=true to allow it)." });
});

test("a reset sent from another site is refused before it runs", async ({ page }) => {
  await page.goto(`${onMemory}/session/login`);
  await signIn(page, "session", BOB, `${onMemory}/session/login`);
  const refused = await page.request.post(`${onMemory}/api/demo/reset`, { headers: { origin: "https://evil.example" } });
  expect(refused.status()).toBe(403);
  await page.goto(`${onMemory}/session/dashboard`);
  await expect(page.getByTestId("session-user")).toHaveText("signed in as bob (user)");
});
