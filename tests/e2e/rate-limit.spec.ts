import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { request as httpRequest } from "node:http";
import { HOOK_TIMEOUT, ALICE, BOB } from "./helpers";
import { E2E_SERVER_ENV } from "./env";
import { freePort, startNextServer, type Started } from "../../scripts/lib/processes";
import { startRedisServer, redisServerBinary, REDIS_MISSING_MESSAGE, type RedisServer } from "../../scripts/lib/redis-server";
import { startUpstashStandIn, type StandIn } from "../../scripts/lib/upstash-standin";

/**
 * The login rate limiter, on servers of their own with small limits (the shared e2e server
 * allows 1000 failures): 3 failures per (account, address) pair and 6 per account across
 * addresses (to test accounts), or 5 per client address (to test addresses), with and
 * without a trusted proxy header. Other loopback addresses (127.0.0.2, …) play other clients.
 */
test.describe.configure({ mode: "serial", timeout: 90_000 });

const WINDOW = 600;
const RATE_LIMITED = "Too many failed sign-in attempts. Wait before trying again.";
const INCORRECT = "Username or password is incorrect.";
/** What the login form says after the first 2 of the 3 failures the pair limit allows (the 3rd is the lock: LAST_ATTEMPT). */
const ATTEMPTS_LEFT = [
  "2 attempts left before sign-in is locked in every lane (JWT, session, Auth.js and Better Auth).",
  "1 attempt left before sign-in is locked in every lane (JWT, session, Auth.js and Better Auth).",
];
const LAST_ATTEMPT = "That was the last attempt: sign-in is now locked.";
const EVERY_LANE_LOCKED = "The lock covers this username from this network address, in every lane (JWT, session, Auth.js and Better Auth): they share one limiter";
/** The lockout box's first words: how long a lock lasts (WINDOW, 600 s). */
const LOCK_LENGTH = "A lock lasts up to 10 min: the limiter's window, counted from the first failed attempt.";

/** The lockout box says the lock's length first, with no blank line above it (its paragraph's margin once left one). */
async function expectLockoutHelp(page: Page) {
  const help = page.getByTestId("lockout-help");
  await expect(help).toContainText(EVERY_LANE_LOCKED);
  const firstLine = help.locator("p").first();
  await expect(firstLine).toContainText(LOCK_LENGTH);
  expect(await firstLine.textContent(), "the lock's length comes first").toMatch(/^A lock lasts up to 10 min: .* The lock covers/);
  const blankAbove = await help.evaluate((box) => {
    const style = getComputedStyle(box);
    return box.firstElementChild!.getBoundingClientRect().top - box.getBoundingClientRect().top - parseFloat(style.borderTopWidth) - parseFloat(style.paddingTop);
  });
  expect(blankAbove, "blank space above the lockout box's first line").toBeLessThanOrEqual(1);
}
const servers: Started[] = [];
let accounts = ""; // 3 per account and address, 6 per account, 1000 per address
let addresses = ""; // 1000 per account, 5 per address, address from the socket
let proxied = ""; // 5 per address, address from X-Forwarded-For (a trusted proxy's); the demo reset enabled
let onRedis = ""; // 5 per address, on real Redis (redis-server behind the Upstash stand-in)
let redis: RedisServer;
let standIn: StandIn;

test.beforeAll(async () => {
  test.setTimeout(HOOK_TIMEOUT);
  const limits = (perPair: number, perAccount: number, perAddress: number, extra: Record<string, string> = {}) => ({
    ...E2E_SERVER_ENV,
    STORE_ROUND_TRIP_COUNTER: "on", // /bench/store-stats counts the memory store's keys
    LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS: String(perPair),
    LOGIN_MAX_FAILURES_PER_ACCOUNT: String(perAccount),
    LOGIN_MAX_FAILURES_PER_ADDRESS: String(perAddress),
    LOGIN_FAILURE_WINDOW_SECONDS: String(WINDOW),
    ...extra,
  });
  if (!redisServerBinary()) throw new Error(REDIS_MISSING_MESSAGE);
  redis = await startRedisServer();
  standIn = await startUpstashStandIn({ redisUrl: redis.url, token: "e2e-limiter-token" });
  const ports = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  servers.push(
    ...(await Promise.all([
      startNextServer(ports[0], limits(3, 6, 1000)),
      startNextServer(ports[1], limits(1000, 1000, 5)),
      startNextServer(ports[2], limits(1000, 1000, 5, { TRUSTED_PROXY_HEADER: "x-forwarded-for", DEMO_RESET_ENABLED: "true" })),
      startNextServer(ports[3], limits(1000, 1000, 5, { UPSTASH_REDIS_REST_URL: standIn.url, UPSTASH_REDIS_REST_TOKEN: "e2e-limiter-token" })),
    ])),
  );
  [accounts, addresses, proxied, onRedis] = ports.map((port) => `http://localhost:${port}`);
});
test.afterAll(async () => {
  test.setTimeout(HOOK_TIMEOUT);
  await Promise.all(servers.map((server) => server.stop()));
  await standIn?.close();
  await redis?.dispose();
});

function login(base: string, area: "jwt" | "session", username: string, password: string, headers: Record<string, string> = {}) {
  return fetch(`${base}/api/${area}/login`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ username, password }),
  });
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** An HTTP request sent from a given local address (node:http can bind the client socket; fetch cannot). */
function requestFrom(localAddress: string, url: URL, { method = "GET", headers = {}, body }: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: "127.0.0.1", port: url.port, path: `${url.pathname}${url.search}`, method, localAddress, headers: body ? { ...headers, "content-length": Buffer.byteLength(body) } : headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** A /jwt or /session login sent from a given local address. */
async function loginFrom(localAddress: string, base: string, user: { username: string; password: string }, area: "jwt" | "session" = "session"): Promise<number> {
  const answer = await requestFrom(localAddress, new URL(`${base}/api/${area}/login`), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(user) });
  return answer.status;
}

/** Auth.js's credentials sign-in from a given local address; true when it set a session cookie. */
async function authjsLoginFrom(localAddress: string, base: string, user: { username: string; password: string }): Promise<boolean> {
  const csrf = await requestFrom(localAddress, new URL(`${base}/api/auth/csrf`));
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const cookie = ([] as string[]).concat(csrf.headers["set-cookie"] ?? []).map((line) => line.split(";")[0]).join("; ");
  const origin = `http://127.0.0.1:${new URL(base).port}`; // the host requestFrom connects to
  const form = new URLSearchParams({ ...user, csrfToken, callbackUrl: `${origin}/authjs/dashboard` }).toString();
  const answer = await requestFrom(localAddress, new URL(`${base}/api/auth/callback/credentials`), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie, origin },
    body: form,
  });
  return ([] as string[]).concat(answer.headers["set-cookie"] ?? []).some((line) => /authjs\.session-token=[^;]/.test(line));
}

/** Auth.js's own HTTP sign-in endpoint (what a script would attack), with its CSRF token. */
async function authjsLogin(request: APIRequestContext, base: string, username: string, password: string) {
  const { csrfToken } = (await (await request.get(`${base}/api/auth/csrf`)).json()) as { csrfToken: string };
  return request.post(`${base}/api/auth/callback/credentials`, {
    form: { username, password, csrfToken, callbackUrl: `${base}/authjs/dashboard` },
    headers: { origin: base },
    maxRedirects: 0,
  });
}

async function expectRateLimited(response: Response) {
  expect(response.status).toBe(429);
  const retryAfter = Number(response.headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(WINDOW);
  expect(response.headers.get("set-cookie")).toBeNull();
  expect(response.headers.get("cache-control")).toBe("no-store");
  const body = await response.json();
  // How long a lock lasts, said by every lane: a client can tell the reader before the next lock.
  expect(body).toEqual({ error: RATE_LIMITED, retryAfterSeconds: retryAfter, lockWindowSeconds: WINDOW });
  return body;
}

test("after 3 failures from one address an account is locked there in every lane, even for the right password; other addresses are not", async ({ request }) => {
  for (let i = 0; i < 3; i++) expect((await login(accounts, "jwt", BOB.username, `wrong-${i}`)).status).toBe(401);
  await expectRateLimited(await login(accounts, "jwt", BOB.username, BOB.password));
  await expectRateLimited(await login(accounts, "session", BOB.username, BOB.password));
  const authjs = await authjsLogin(request, accounts, BOB.username, BOB.password);
  expect(authjs.status()).toBe(429);
  expect(Number(authjs.headers()["retry-after"])).toBeGreaterThan(0);
  expect(authjs.headers()["set-cookie"] ?? "").not.toContain("authjs.session-token");
  expect(await authjs.json()).toMatchObject({ error: RATE_LIMITED });
  // One address cannot lock the account for everyone: bob at 127.0.0.2 signs in, in every lane.
  expect(await loginFrom("127.0.0.2", accounts, BOB, "jwt")).toBe(200);
  expect(await loginFrom("127.0.0.2", accounts, BOB, "session")).toBe(200);
  expect(await authjsLoginFrom("127.0.0.2", accounts, BOB)).toBe(true);
  // At 127.0.0.1, where the guessing happened, bob is still locked.
  await expectRateLimited(await login(accounts, "session", BOB.username, BOB.password));
});

test("failures spread over many addresses hit the account-wide limit, which locks every address", async () => {
  const frank = { username: `frank-${randomUUID().slice(0, 8)}`, password: "wrong" };
  for (const address of ["127.0.0.3", "127.0.0.4"]) {
    for (let i = 0; i < 3; i++) expect(await loginFrom(address, accounts, frank)).toBe(401);
  }
  // 6 failures for this account in all: the 7th attempt is refused from a fresh address too.
  expect(await loginFrom("127.0.0.5", accounts, frank)).toBe(429);
});

test("an unknown username is limited exactly like a real one (no user-enumeration oracle)", async () => {
  const nobody = `nobody-${randomUUID()}`;
  const realFailure = await (await login(accounts, "session", ALICE.username, "wrong")).json();
  const unknownFailures = [];
  for (let i = 0; i < 3; i++) {
    const response = await login(accounts, "session", nobody, "wrong");
    expect(response.status).toBe(401);
    unknownFailures.push(await response.json());
  }
  // The attempts left come from the limiter's counters, which a made-up name has too: the same count.
  expect(unknownFailures[0]).toEqual(realFailure);
  expect(realFailure).toEqual({ error: INCORRECT, attemptsLeft: 2, lockWindowSeconds: WINDOW });
  expect(unknownFailures.map((body) => body.attemptsLeft)).toEqual([2, 1, 0]);
  const lockedUnknown = await expectRateLimited(await login(accounts, "session", nobody, "wrong"));
  const lockedReal = await expectRateLimited(await login(accounts, "jwt", BOB.username, "wrong")); // bob: locked above
  expect(Object.keys(lockedUnknown)).toEqual(Object.keys(lockedReal));
  expect(lockedUnknown.error).toBe(lockedReal.error);
});

test("a success clears the failures of its own account and address", async () => {
  // alice failed once in the test above; one more leaves a single try before the lock.
  expect((await login(accounts, "jwt", ALICE.username, "wrong")).status).toBe(401);
  expect((await login(accounts, "jwt", ALICE.username, ALICE.password)).status).toBe(200);
  // Without the reset the next failure would be the 4th and locked; with it, 3 more are allowed.
  for (let i = 0; i < 3; i++) expect((await login(accounts, "jwt", ALICE.username, `wrong-${i}`)).status).toBe(401);
  await expectRateLimited(await login(accounts, "jwt", ALICE.username, ALICE.password));
});

test("full-width letters do not open a fresh budget for an account", async () => {
  const name = `carol-${randomUUID().slice(0, 8)}`;
  const fullWidth = name.replace(/[a-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
  for (const variant of [name, name.toUpperCase(), fullWidth]) expect((await login(accounts, "jwt", variant, "wrong")).status).toBe(401);
  await expectRateLimited(await login(accounts, "jwt", fullWidth, "wrong"));
});

test("the /session login page counts the attempts left, then shows the wait as a countdown, says every lane is locked, and keeps the button disabled", async ({ page }) => {
  const nobody = `dave-${randomUUID().slice(0, 8)}`;
  await page.goto(`${accounts}/session/login`);
  await page.getByLabel("Username").fill(nobody);
  await page.getByLabel("Password").fill("wrong");
  for (let i = 0; i < 3; i++) {
    const answered = page.waitForResponse((r) => r.url().endsWith("/api/session/login"));
    await page.getByRole("button", { name: "Sign in" }).click();
    expect((await answered).status()).toBe(401);
    if (i < 2) await expect(page.getByTestId("attempts-left")).toHaveText(ATTEMPTS_LEFT[i]);
  }
  // The 3rd failure spent the last attempt: its answer is the lock, no 429 needed to learn it.
  await expect(page.getByTestId("form-error")).toContainText(`${INCORRECT} ${LAST_ATTEMPT}`);
  await expect(page.getByTestId("retry-countdown")).toHaveText(/^Try again in (9m|10m 0s)/);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeDisabled();
  await expect(page.getByTestId("attempts-left")).toHaveCount(0);
  await expectLockoutHelp(page);
  // This server is production without DEMO_RESET_ENABLED: no reset is offered (reset.spec.ts has one that is).
  await expect(page.getByRole("button", { name: "Reset demo" })).toHaveCount(0);
  // The lock is that username's: another one may try, and the server counts it apart.
  await page.getByLabel("Username").fill(`${nobody}-other`);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
  const answered = page.waitForResponse((r) => r.url().endsWith("/api/session/login"));
  await page.getByRole("button", { name: "Sign in" }).click();
  expect((await answered).status()).toBe(401);
  await expect(page.getByTestId("attempts-left")).toHaveText(ATTEMPTS_LEFT[0]);
  // Back to the locked username and sent anyway (Enter in the field: no blur, so the form has not
  // asked about the username first): the 429, said the same way.
  await page.getByLabel("Username").fill(nobody);
  const refused = page.waitForResponse((r) => r.url().endsWith("/api/session/login"));
  await page.getByLabel("Username").press("Enter");
  expect((await refused).status()).toBe(429);
  await expect(page.getByTestId("form-error")).toContainText(RATE_LIMITED);
  await expect(page.getByTestId("retry-countdown")).toHaveText(/^Try again in (9m|10m 0s)/);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeDisabled();
});

test("the Auth.js login page shows the wait as a countdown", async ({ page }) => {
  const nobody = `erin-${randomUUID().slice(0, 8)}`;
  await page.goto(`${accounts}/authjs/login`);
  for (let i = 0; i < 2; i++) {
    await page.getByLabel("Username").fill(nobody);
    await page.getByLabel("Password").fill(`wrong-${i}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("form-error")).toHaveText(INCORRECT);
    await expect(page.getByTestId("attempts-left")).toHaveText(ATTEMPTS_LEFT[i]);
    await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
  }
  await page.getByLabel("Username").fill(nobody);
  await page.getByLabel("Password").fill("wrong-2");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("form-error")).toContainText(`${INCORRECT} ${LAST_ATTEMPT}`);
  await expect(page.getByTestId("attempts-left")).toHaveCount(0);
  await expect(page.getByTestId("retry-countdown")).toHaveText(/^Try again in (9m|10m 0s)/);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeDisabled();
  await expectLockoutHelp(page);
  await page.getByLabel("Username").fill(`${nobody}-2`);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
});

test("a client writing its own X-Forwarded-For does not get a fresh budget", async () => {
  for (let i = 0; i < 5; i++) {
    const response = await login(addresses, "session", `user-${randomUUID()}`, "wrong", { "x-forwarded-for": `10.9.0.${i}`, "x-real-ip": `10.9.0.${i}` });
    expect(response.status).toBe(401);
  }
  await expectRateLimited(await login(addresses, "session", `user-${randomUUID()}`, "wrong", { "x-forwarded-for": "10.9.9.9" }));
  // Even the right password for an account that never failed: this address is out of tries.
  await expectRateLimited(await login(addresses, "session", ALICE.username, ALICE.password, { "x-forwarded-for": "10.9.9.8" }));
  // A client at another address (127.0.0.2: also loopback) still has its budget: the socket decides.
  expect(await loginFrom("127.0.0.2", addresses, ALICE)).toBe(200);
});

for (const store of ["memory", "redis"] as const) {
  test(`an address over its limit is refused before anything is stored: 200 made-up usernames add no key (${store} store)`, async () => {
    const base = store === "memory" ? addresses : onRedis;
    const keys = async () =>
      store === "redis" ? standIn.redis.dbsize() : ((await (await fetch(`${base}/bench/store-stats`)).json()) as { keys: number }).keys;
    for (let i = 0; i < 5; i++) await login(base, "jwt", `user-${randomUUID()}`, "wrong"); // (memory: already over since the test above)
    await expectRateLimited(await login(base, "jwt", `user-${randomUUID()}`, "wrong"));
    const before = await keys();
    for (let i = 0; i < 200; i++) expect((await login(base, i % 2 ? "jwt" : "session", `flood-${randomUUID()}`, "wrong")).status).toBe(429);
    expect(await keys()).toBe(before);
  });
}

test("behind a trusted proxy (TRUSTED_PROXY_HEADER), each forwarded client address has its own budget", async () => {
  const from = (address: string) => ({ "x-forwarded-for": `6.6.6.6, ${address}` }); // the proxy appended the last entry
  for (let i = 0; i < 5; i++) expect((await login(proxied, "jwt", `user-${randomUUID()}`, "wrong", from("198.51.100.1"))).status).toBe(401);
  await expectRateLimited(await login(proxied, "jwt", `user-${randomUUID()}`, "wrong", from("198.51.100.1")));
  // Another client behind the same proxy is unaffected, whatever the first entry claims.
  expect((await login(proxied, "jwt", BOB.username, BOB.password, from("198.51.100.2"))).status).toBe(200);
});

test("after a username's lockout, a login page opened afresh says so once that username is typed, in every lane, before any submit; another username is not held", async ({ page }) => {
  const nobody = `erin-${randomUUID().slice(0, 8)}`;
  await page.goto(`${accounts}/session/login`);
  // The failures from this browser (its own address), through the JSON route.
  const statuses = await page.evaluate(async (username) => {
    const answers: number[] = [];
    for (let i = 0; i < 4; i++) answers.push((await fetch("/api/session/login", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password: "wrong" }) })).status);
    return answers;
  }, nobody);
  expect(statuses).toEqual([401, 401, 401, 429]);
  await page.setViewportSize({ width: 390, height: 844 });
  for (const lane of ["session", "jwt", "authjs", "better-auth"]) {
    await page.goto(`${accounts}/${lane}/login`);
    const lock = page.getByTestId("username-lock");
    await expect(lock).toHaveCount(0);
    await page.getByLabel("Username").fill(nobody);
    await page.getByLabel("Username").blur();
    await expect(lock).toContainText("This username is locked out here: too many failed sign-ins for it came from this network address.");
    // On a phone too it is seen where it appears (on the JWT form, below the revocation checks).
    await expect(lock).toBeInViewport();
    await expect(lock).toContainText("It is refused in every lane (JWT, session, Auth.js and Better Auth) until the lock ends");
    await expect(lock.getByTestId("retry-countdown")).toHaveText(/^Try again in (9m|10m 0s)/);
    await expect(lock).toContainText(LOCK_LENGTH);
    await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeDisabled();
    // Another username: no lock, the form is ready.
    await page.getByLabel("Username").fill(`${nobody}-other`);
    await page.getByLabel("Username").blur();
    await expect(lock).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeEnabled();
  }
});

test("a login page opened while this address is locked shows the lock on arrival, in every lane; another client sees none", async ({ browser }) => {
  // Behind the trusted proxy, each browser plays a client by the address the proxy forwards.
  const client = async (address: string) => (await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": address } })).newPage();
  const locked = await client("198.51.100.7");
  await locked.setViewportSize({ width: 390, height: 844 }); // on a phone too, the lock is seen without scrolling for it
  // Opening the page counts nothing: many visits, then the limit's 5 failures still all get a 401.
  for (let i = 0; i < 6; i++) await locked.goto(`${proxied}/session/login`);
  await expect(locked.getByTestId("address-lock")).toHaveCount(0);
  for (let i = 0; i < 5; i++) expect((await login(proxied, "session", `user-${randomUUID()}`, "wrong", { "x-forwarded-for": "198.51.100.7" })).status).toBe(401);
  for (const lane of ["session", "jwt", "authjs"]) {
    await locked.goto(`${proxied}/${lane}/login`);
    const lock = locked.getByTestId("address-lock");
    await expect(lock).toContainText("Sign-in is locked for this network address: 5 failed sign-ins came from it within the limiter's window, whatever the usernames.");
    await expect(lock).toBeInViewport();
    await expect(lock).toContainText("Every sign-in from here is refused in every lane (JWT, session, Auth.js and Better Auth), for every username");
    await expect(lock.getByTestId("retry-countdown")).toHaveText(/^Try again in (9m|10m 0s)/);
    await expect(lock).toContainText(LOCK_LENGTH);
    await expect(lock.getByRole("button", { name: "Reset demo" })).toBeVisible();
    await expect(locked.getByRole("button", { name: "Sign in" })).toBeDisabled();
  }
  // Another client behind the same proxy: no lock, the form is ready.
  const other = await client("198.51.100.8");
  await other.goto(`${proxied}/session/login`);
  await expect(other.getByRole("button", { name: "Sign in" })).toBeEnabled();
  await expect(other.getByTestId("address-lock")).toHaveCount(0);
  await Promise.all([locked.context().close(), other.context().close()]);
});
