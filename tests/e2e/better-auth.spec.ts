import { expect, test, type Browser, type BrowserContext, type Locator, type Page } from "@playwright/test";
import { ALICE, BOB, cookieValue, expectRedirectedToLogin, plantCookie, serverOfItsOwn, signIn } from "./helpers";
import { E2E_BASE_URL } from "./env";

/**
 * The Better Auth lane in a real browser against `next start`: its sign-in, its two gates
 * (middleware only sees that a session cookie is there; the page asks Better Auth), the admin
 * page's 403, its JSON route, sign-out, devices, and the cookie cache timed: off, a copy is
 * refused at once; on (10 s), it keeps working until the cache expires, and so does an old role.
 */
/** Production (`next start`): Better Auth's cookies carry the `__Host-` prefix (lib/better-auth/config.ts). */
const SESSION_COOKIE = "__Host-better-auth.session_token";
const CACHE_COOKIE = "__Host-better-auth.session_data";
const CACHE_PREFERENCE = "__Host-better-auth-demo-cookie-cache";
const DASHBOARD = "/better-auth/dashboard";
const IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
const FORGED = "forged-session-token.c2lnbmVkIGJ5IG5vYm9keQ";

/** A plain HTTP client with no cookie jar: every credential is sent explicitly. */
function get(path: string, cookie = "", base = E2E_BASE_URL) {
  return fetch(`${base}${path}`, { headers: cookie ? { cookie } : {}, redirect: "manual" });
}
const sessionCookieOf = async (context: BrowserContext) => `${SESSION_COOKIE}=${await cookieValue(context, SESSION_COOKIE)}`;

/** The dashboard's cookie cache switch, as a user flips it. */
async function chooseCookieCache(page: Page, choice: "off" | "on, 10 s") {
  await page.goto(DASHBOARD);
  await page.getByTestId("cookie-cache-form").getByLabel(choice).check();
  await page.getByTestId("cookie-cache-form").getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/\/better-auth\/dashboard\?cache=\d+#cookie-cache$/);
  await expect(page.getByTestId("cookie-cache-state")).toHaveText(choice);
  await expect(page.getByTestId("cookie-cache-applied")).toContainText(`Applied: cookie cache ${choice} for this browser.`);
  // The choice is kept `__Host-` like every cookie of the app (a sibling subdomain cannot make it), and the cache of the old choice is gone.
  expect((await page.context().cookies()).find((c) => c.name === CACHE_PREFERENCE)).toMatchObject({ value: choice === "off" ? "0" : "10", secure: true, path: "/" });
  if (choice === "off") expect(await cookieValue(page.context(), CACHE_COOKIE)).toBeUndefined();
}

/** A browser of its own (own cookies and user agent), signed in to the lane. */
async function device(browser: Browser, user: typeof BOB, { base = E2E_BASE_URL, userAgent }: { base?: string; userAgent?: string } = {}) {
  const context = await browser.newContext({ baseURL: base, userAgent });
  const page = await context.newPage();
  await signIn(page, "better-auth", user);
  await expect(page).toHaveURL(new RegExp(`${DASHBOARD}$`));
  return { context, page };
}

/** Each stopwatch sample as the strip draws it: its second, and its verdict attribute. */
async function stopwatchSamples(stopwatch: Locator) {
  const label = (await stopwatch.getByRole("img").getAttribute("aria-label")) ?? "";
  const seconds = [...label.matchAll(/(\d+) s (accepted|refused)/g)].map((m) => Number(m[1]));
  const verdicts = await stopwatch.locator("svg g[data-verdict]").evaluateAll((marks) => marks.map((mark) => mark.getAttribute("data-verdict")));
  expect(verdicts).toHaveLength(seconds.length);
  return seconds.map((t, i) => ({ t, verdict: verdicts[i] }));
}

test.describe("Better Auth lane", () => {
  test("signing in through the login page lands on the dashboard, with Better Auth's session cookie and no cookie cache", async ({ page, context }) => {
    await page.goto(DASHBOARD);
    await expectRedirectedToLogin(page, "better-auth", DASHBOARD);
    await signIn(page, "better-auth", BOB);
    await expect(page).toHaveURL(new RegExp(`${DASHBOARD}$`));
    await expect(page.getByTestId("better-auth-user")).toHaveText("signed in as bob (user)");
    await expect(page.getByTestId("cookie-cache-state")).toHaveText("off");
    expect((await context.cookies()).find((c) => c.name === SESSION_COOKIE)).toMatchObject({ httpOnly: true, secure: true, sameSite: "Lax", path: "/" });
    expect(await cookieValue(context, CACHE_COOKIE)).toBeUndefined();
    // Its cookie budget has no slider and no Auth.js bar: the legend names only the marks it draws.
    const legend = page.getByTestId("cookie-budget").getByTestId("byte-bar-legend");
    await expect(legend).toContainText("4096 bytes: the most one cookie may hold");
    await expect(legend).not.toContainText("Auth.js splits");
    await expect(legend).not.toContainText("the browser drops the cookie");
    await expect(legend.locator(".byte-bar-key-split, .byte-bar-key-dropped")).toHaveCount(0);
  });

  test("with no session cookie middleware sends a page to login; a forged or signed-out one passes it and the page's gate refuses it as invalid", async ({ page, context }) => {
    const none = await get(DASHBOARD);
    expect(none.status).toBe(307);
    expect(none.headers.get("x-auth-gate")).toMatch(/^middleware \(/);
    expect(none.headers.get("location")).toBe("/better-auth/login?next=%2Fbetter-auth%2Fdashboard");

    const forged = await get(DASHBOARD, `${SESSION_COOKIE}=${FORGED}`);
    expect(forged.status).toBe(307);
    expect(forged.headers.get("x-auth-gate")).toBeNull(); // middleware let it through: only the page can tell
    expect(forged.headers.get("location")).toBe("/better-auth/login?next=%2Fbetter-auth%2Fdashboard&by=page&reason=invalid");

    await page.goto("/better-auth/login");
    await plantCookie(context, SESSION_COOKIE, FORGED);
    await page.goto(DASHBOARD);
    await expect(page).toHaveURL(/\/better-auth\/login\?next=%2Fbetter-auth%2Fdashboard&by=page&reason=invalid$/);
    await expect(page.getByTestId("login-reason")).toContainText("Better Auth found no live session for your cookie");
    // A cookie Better Auth never signed was no sign-in: the headline does not say one ended.
    await expect(page.getByTestId("login-reason").locator("> strong")).toHaveText("Not signed in.");

    // A real cookie, signed by Better Auth, of a session that has ended: the same.
    await signIn(page, "better-auth", BOB);
    const copied = (await cookieValue(context, SESSION_COOKIE))!;
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(page).toHaveURL(/\/better-auth\/login\?reason=signed-out$/);
    await plantCookie(context, SESSION_COOKIE, copied);
    await page.goto(DASHBOARD);
    await expect(page).toHaveURL(/\/better-auth\/login\?next=%2Fbetter-auth%2Fdashboard&by=page&reason=invalid$/);
  });

  test("a user gets a real 403 on the admin page, and the admin gets the page", async ({ page, browser }) => {
    await signIn(page, "better-auth", BOB);
    const refused = await page.goto("/better-auth/admin");
    expect(refused?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "403 — not allowed" })).toBeVisible();
    await expect(page).toHaveURL(/\/better-auth\/admin$/);

    const alice = await device(browser, ALICE);
    expect((await alice.page.goto("/better-auth/admin"))?.status()).toBe(200);
    await expect(alice.page.getByTestId("admin-welcome")).toHaveText('Welcome, alice. Better Auth\'s session says role: "admin".');
    await alice.context.close();
  });

  test("/api/better-auth/me answers 401 missing without a cookie, 401 invalid with a forged one, and the user with a live session", async ({ page, context }) => {
    const missing = await get("/api/better-auth/me");
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ error: "Not signed in.", reason: "missing" });
    const forged = await get("/api/better-auth/me", `${SESSION_COOKIE}=${FORGED}`);
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ error: "Not signed in.", reason: "invalid" });

    await signIn(page, "better-auth", BOB);
    const me = await get("/api/better-auth/me", await sessionCookieOf(context));
    expect(me.status).toBe(200);
    expect(me.headers.get("cache-control")).toContain("no-store");
    expect(await me.json()).toMatchObject({ user: { id: "bob", role: "user" }, session: { expiresAt: expect.any(Number) } });
  });

  test("signing out ends the session: the cookie goes, the dashboard sends the browser to login, and a copy of the cookie is refused", async ({ page, context }) => {
    await signIn(page, "better-auth", BOB);
    const copy = await sessionCookieOf(context);
    expect((await get("/api/better-auth/me", copy)).status).toBe(200);
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(page).toHaveURL(/\/better-auth\/login\?reason=signed-out$/);
    await expect(page.getByTestId("login-confirmation")).toBeVisible();
    expect(await cookieValue(context, SESSION_COOKIE)).toBeUndefined();
    await page.goto(DASHBOARD);
    await expectRedirectedToLogin(page, "better-auth", DASHBOARD);
    const replay = await get("/api/better-auth/me", copy);
    expect(replay.status).toBe(401);
    expect(await replay.json()).toMatchObject({ reason: "invalid" });
  });

  test("devices: another device is listed, and “Sign out all other devices” or “Sign out this device” sends it to login on its next page load", async ({ page, browser }) => {
    await signIn(page, "better-auth", BOB);
    const phone = await device(browser, BOB, { userAgent: IPHONE });
    await page.goto(DASHBOARD);
    const rows = page.getByTestId("device-row");
    const phoneRow = rows.filter({ hasText: "on iOS" });
    await expect(phoneRow).toHaveCount(1);
    await expect(phoneRow.getByTestId("device-name")).toHaveText("Mobile Safari on iOS");
    await expect(rows.filter({ has: page.getByTestId("this-device") })).toHaveCount(1);

    await page.getByRole("button", { name: "Sign out all other devices" }).click();
    await expect(page.getByTestId("devices-confirmation")).toHaveText("Signed out every other device: Better Auth deleted their sessions from the store.");
    await expect(rows).toHaveCount(1);
    await expect(rows.getByTestId("this-device")).toBeVisible();
    // This device alone: no empty action column (nothing to sign out from here).
    await expect(rows.locator("td")).toHaveCount(await page.locator("table.devices th").count());
    await expect(page.locator("table.devices th").filter({ hasText: "Action" })).toHaveCount(0);
    await phone.page.goto(DASHBOARD);
    // Told why: the device list ended it (a state change, drawn without the shield).
    await expect(phone.page).toHaveURL(/\/better-auth\/login\?next=%2Fbetter-auth%2Fdashboard&by=page&reason=revoked$/);
    await expect(phone.page.getByTestId("login-reason")).toHaveText("You were signed out. This session was signed out from the device list on another of your devices.");
    await expect(phone.page.getByTestId("refusal-timeline").locator("[data-verdict]")).toHaveCount(0);

    // The phone signs in again, and this time only it is signed out, by its row's button.
    await signIn(phone.page, "better-auth", BOB);
    await expect(phone.page).toHaveURL(new RegExp(`${DASHBOARD}$`));
    await page.goto(DASHBOARD);
    await expect(rows).toHaveCount(2);
    await phoneRow.getByRole("button", { name: "Sign out this device" }).click();
    await expect(page.getByTestId("devices-confirmation")).toHaveText("Signed out that device: Better Auth deleted its session from the store.");
    await expect(rows).toHaveCount(1);
    await phone.page.goto(DASHBOARD);
    await expect(phone.page).toHaveURL(/\/better-auth\/login\?next=%2Fbetter-auth%2Fdashboard&by=page&reason=revoked$/);
    await page.goto(DASHBOARD);
    await expect(page.getByTestId("better-auth-user")).toHaveText("signed in as bob (user)"); // this device stayed signed in
    await phone.context.close();
  });

  test("cookie cache off: the revocation stopwatch's stolen copy is refused at 0 s", async ({ page }) => {
    await signIn(page, "better-auth", BOB);
    await expect(page.getByTestId("cookie-cache-state")).toHaveText("off");
    const stopwatch = page.getByTestId("stopwatch-better-auth");
    await stopwatch.getByRole("button", { name: "Steal it, sign out, and time it" }).click();
    await expect(stopwatch.getByTestId("stopwatch-result")).toHaveText("The stolen copy was refused from its first try, 0 s after sign-out.", { timeout: 15_000 });
    // Why, in words, not only the bare "(invalid)" of the samples.
    await expect(stopwatch.getByTestId("stopwatch-why")).toHaveText("Better Auth found no live session for the copy: it was signed out, and no young cookie cache vouched for it.");
    await expect(stopwatch.getByTestId("stopwatch-verdict")).toHaveAttribute("data-verdict", "defence-holds");
    const samples = await stopwatchSamples(stopwatch);
    expect(samples).toHaveLength(6); // 0 s … 5 s
    expect(samples.map((s) => s.verdict)).toEqual(samples.map(() => "defence-holds"));
    // Signed out here: no device list to act on, no useSession() still saying "authenticated".
    await expect(page.getByTestId("signed-out-here")).toBeVisible();
    await expect(page.getByTestId("device-row")).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Sign out all other devices" })).toHaveCount(0);
    await expect(page.getByTestId("better-auth-client-status")).toHaveCount(0);
    // Each signed-in part says why it is empty, and the cookie cache's choice waits for a sign-in.
    await expect(page.getByTestId("devices-signed-out")).toHaveText("Signed out: this browser has no session left, so no devices to manage here.");
    await expect(page.getByTestId("cookie-cache-form")).toHaveCount(0);
    await expect(page.getByTestId("cookie-cache-signed-out")).toBeVisible();
    // The sign-out cleared this browser's cookie: the next page is a plain login, with no refusal drawn as an attack.
    await page.goto(DASHBOARD);
    await expect(page).toHaveURL(/\/better-auth\/login\?next=%2Fbetter-auth%2Fdashboard$/);
    await expect(page.locator("[data-verdict]")).toHaveCount(0);
  });

  test("turning the cookie cache off drops this browser's cache cookie (`__Host-`: cleared with Secure, or the browser keeps it)", async ({ page, context }) => {
    await signIn(page, "better-auth", BOB);
    await chooseCookieCache(page, "on, 10 s");
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await signIn(page, "better-auth", BOB);
    expect(await cookieValue(context, CACHE_COOKIE)).toBeTruthy();
    await chooseCookieCache(page, "off");
  });

  test("cookie cache on (10 s): the stolen copy still works right after sign-out and is refused once the cache expires, by about 11 s", async ({ page, context }) => {
    test.setTimeout(60_000);
    await signIn(page, "better-auth", BOB);
    await chooseCookieCache(page, "on, 10 s");
    const stopwatch = page.getByTestId("stopwatch-better-auth");
    await stopwatch.getByRole("button", { name: "Steal it, sign out, and time it" }).click();
    // The stopwatch presents the copy once a second for 12 s (its own pacing), then says how long it worked.
    await expect(stopwatch.getByTestId("stopwatch-result")).toHaveText(/^The stolen copy worked for \d+ s after sign-out\.$/, { timeout: 30_000 });
    await expect(stopwatch.getByTestId("stopwatch-verdict")).toHaveAttribute("data-verdict", "attacker-wins");
    const samples = await stopwatchSamples(stopwatch);
    expect(samples[0]).toEqual({ t: 0, verdict: "attacker-wins" });
    const firstRefused = samples.findIndex((s) => s.verdict === "defence-holds");
    expect(firstRefused, "the copy is refused at some point").toBeGreaterThan(0);
    // Accepted until the cache's 10 s are up (the cache was issued just before the sign-out), refused from
    // then on. A sample presented late on a busy machine skips a second, so allow one either way.
    expect(samples[firstRefused - 1].t, "the last accepted copy").toBeLessThanOrEqual(10);
    expect(samples[firstRefused].t, "the first refused copy").toBeGreaterThanOrEqual(8);
    expect(samples[firstRefused].t, "the first refused copy").toBeLessThanOrEqual(12);
    expect(samples.slice(0, firstRefused).every((s) => s.verdict === "attacker-wins")).toBe(true);
    expect(samples.slice(firstRefused).every((s) => s.verdict === "defence-holds")).toBe(true);
    await expect(stopwatch.getByTestId("stopwatch-result")).toHaveText(`The stolen copy worked for ${samples[firstRefused].t} s after sign-out.`);
    expect(await cookieValue(context, SESSION_COOKIE)).toBeUndefined();
  });
});

/**
 * Role changes change a shared user (bob), so they run on a server of their own, one at a time,
 * where no other spec signs bob in (tests/e2e/tradeoffs.spec.ts does the same for the other lanes).
 */
test.describe("Better Auth lane: a role change", () => {
  test.describe.configure({ mode: "serial", timeout: 90_000 });
  const server = serverOfItsOwn();

  async function changeRole(page: Page, user: string, to: "admin" | "user") {
    await page.goto("/better-auth/admin");
    await page.getByRole("button", { name: `Make ${user} ${to === "admin" ? "an admin" : "a user"}` }).click();
    await expect(page.getByTestId("role-message")).toContainText(`${user} is now ${to}`);
    await expect(page.getByTestId(`role-${user}`)).toHaveText(to);
  }

  test("with the cookie cache off, bob's next request after alice makes him an admin has the new role", async ({ browser }) => {
    const alice = await device(browser, ALICE, { base: server.base() });
    const bob = await device(browser, BOB, { base: server.base() });
    expect((await bob.page.goto("/better-auth/admin"))?.status()).toBe(403);

    await changeRole(alice.page, "bob", "admin");
    expect((await bob.page.goto("/better-auth/admin"))?.status()).toBe(200);
    await expect(bob.page.getByTestId("admin-welcome")).toHaveText('Welcome, bob. Better Auth\'s session says role: "admin".');
    await bob.page.goto(DASHBOARD);
    await expect(bob.page.getByTestId("role-change-note")).toContainText("An admin made you an admin");
    await expect(bob.page.getByTestId("role-change-note")).toContainText("this page read the store, so it has the new role");

    await changeRole(alice.page, "bob", "user");
    expect((await bob.page.goto("/better-auth/admin"))?.status()).toBe(403);
    await Promise.all([alice.context.close(), bob.context.close()]);
  });

  test("with the cookie cache on (10 s), bob keeps the old role until his cache expires, then has the new one", async ({ browser }) => {
    const alice = await device(browser, ALICE, { base: server.base() });
    const bob = await device(browser, BOB, { base: server.base() });
    // Bob turns the cache on, and signs in again: Better Auth issues the cache with the session.
    await chooseCookieCache(bob.page, "on, 10 s");
    await bob.page.getByRole("button", { name: "Sign out", exact: true }).click();
    await signIn(bob.page, "better-auth", BOB);
    expect(await cookieValue(bob.context, CACHE_COOKIE)).toBeTruthy();
    await expect(bob.page.getByTestId("better-auth-user")).toHaveText("signed in as bob (user)");

    try {
      await changeRole(alice.page, "bob", "admin");
      const changedAt = Date.now();
      // Right after the change his cache still vouches for the old role...
      expect((await bob.page.goto("/better-auth/admin"))?.status()).toBe(403);
      await bob.page.goto(DASHBOARD);
      await expect(bob.page.getByTestId("better-auth-user")).toHaveText("signed in as bob (user)");
      await expect(bob.page.getByTestId("role-change-note")).toContainText("This page still says user: it came from the cookie cache");
      // ...until it expires: then Better Auth reads the session from the store, with the new role.
      await expect
        .poll(async () => (await bob.page.goto("/better-auth/admin"))?.status(), { timeout: 15_000, intervals: [500] })
        .toBe(200);
      const waitedMs = Date.now() - changedAt;
      await expect(bob.page.getByTestId("admin-welcome")).toHaveText('Welcome, bob. Better Auth\'s session says role: "admin".');
      expect(waitedMs, "the old role lasted at most the cache's 10 s (and a poll)").toBeLessThanOrEqual(11_500);
    } finally {
      await changeRole(alice.page, "bob", "user");
    }
    await Promise.all([alice.context.close(), bob.context.close()]);
  });
});
