import { expect, test, type Browser, type Locator, type Page } from "@playwright/test";
import { ALICE, BOB, HOOK_TIMEOUT, signIn, type LoginArea } from "./helpers";
import { E2E_SERVER_ENV } from "./env";
import { freePort, startNextServer, type Started } from "../../scripts/lib/processes";
import { startRedisServer, redisServerBinary, REDIS_MISSING_MESSAGE, type RedisServer } from "../../scripts/lib/redis-server";

/**
 * Sudo mode (#28 item 5): a signed-in admin whose sign-in is older than STEP_UP_MAX_AGE_SECONDS
 * changes a role, or signs out everywhere, in every lane: the action asks for the password in
 * place, a wrong one is refused with the attempts left and changes nothing, the right one does
 * the action in the same submit. Two servers of their own with a 1-second maximum age (so a
 * sign-in goes stale without waiting 5 minutes), one on the memory store and one on a real
 * Redis; the demo reset before each test puts roles and limiter counts back.
 */
test.describe.configure({ mode: "serial", timeout: 120_000 });

const MAX_AGE_SECONDS = 1;
const WRONG = "not-alices-password";
let redis: RedisServer;
const servers: Started[] = [];
const STORES = ["memory", "redis"] as const;
const bases: Record<(typeof STORES)[number], string> = { memory: "", redis: "" };

test.beforeAll(async () => {
  test.setTimeout(HOOK_TIMEOUT);
  if (!redisServerBinary()) throw new Error(REDIS_MISSING_MESSAGE);
  redis = await startRedisServer();
  const env = { ...E2E_SERVER_ENV, STEP_UP_MAX_AGE_SECONDS: String(MAX_AGE_SECONDS), DEMO_RESET_ENABLED: "true" };
  const [portM, portR] = await Promise.all([freePort(), freePort()]);
  servers.push(...(await Promise.all([startNextServer(portM, env), startNextServer(portR, { ...env, REDIS_URL: redis.url })])));
  bases.memory = `http://localhost:${portM}`;
  bases.redis = `http://localhost:${portR}`;
});

test.afterAll(async () => {
  test.setTimeout(HOOK_TIMEOUT);
  await Promise.all(servers.map((server) => server.stop()));
  await redis?.dispose();
});

async function signedIn(browser: Browser, base: string, lane: LoginArea, user = ALICE): Promise<Page> {
  const context = await browser.newContext({ baseURL: base });
  const page = await context.newPage();
  await signIn(page, lane, user);
  return page;
}

/**
 * Waits until the sign-in is stale, on the dashboard as it loaded right after signing in: its
 * line (drawn from the credential) turns on its own once the maximum age has passed, no reload.
 */
async function waitUntilStale(page: Page, lane: LoginArea) {
  if (!new URL(page.url()).pathname.endsWith(`/${lane}/dashboard`)) await page.goto(`/${lane}/dashboard`);
  await expect(page.getByTestId("sign-in-age")).toHaveAttribute("data-fresh", "false", { timeout: 10_000 });
  await expect(page.getByTestId("sign-in-age")).toHaveText(/^Signed in \d+ s ago; sensitive actions will ask for your password\.$/);
}

/** The password prompt: the wrong password is refused with the attempts left. */
async function refuseWrongPassword(prompt: Locator, confirm: string) {
  await expect(prompt.getByTestId("step-up-message")).toContainText(`more than ${MAX_AGE_SECONDS} s old: enter your password again`);
  // Being asked is no failure: plain words, not the error colour (a wrong password below is).
  await expect(prompt.getByTestId("step-up-message")).not.toHaveClass(/error/);
  const field = prompt.getByLabel("Your password");
  await expect(field).toHaveAttribute("type", "password");
  await expect(field).toHaveAttribute("autocomplete", "current-password");
  await field.fill(WRONG);
  await prompt.getByRole("button", { name: confirm }).click();
  await expect(prompt.getByTestId("step-up-message")).toHaveText("That password is not right; nothing was changed.");
  await expect(prompt.getByTestId("step-up-message")).toHaveClass(/error/);
  await expect(prompt.getByTestId("step-up-attempts-left")).toHaveText(/^\d+ attempts? left before sign-in is locked/);
}

async function confirmWithPassword(prompt: Locator, confirm: string) {
  await prompt.getByLabel("Your password").fill(ALICE.password);
  await prompt.getByRole("button", { name: confirm }).click();
}

/** bob's role as the server has it now, read in a second tab (the first keeps its prompt). */
async function bobsRole(page: Page, lane: LoginArea): Promise<string | null> {
  const other = await page.context().newPage();
  await other.goto(`/${lane}/admin`);
  const role = await other.getByTestId("role-bob").textContent();
  await other.close();
  return role;
}

for (const store of STORES) {
  test.describe(`on the ${store} store`, () => {
    test.beforeEach(async () => {
      const reset = await fetch(`${bases[store]}/api/demo/reset`, { method: "POST" });
      expect(reset.status).toBe(200);
    });

    for (const lane of ["jwt", "session", "better-auth"] as const) {
      test(`${lane}: a stale admin's role change asks for the password, refuses a wrong one, and the right one makes the change`, async ({ browser }) => {
        const page = await signedIn(browser, bases[store], lane);
        await waitUntilStale(page, lane);
        await page.goto(`/${lane}/admin`);
        await page.getByRole("button", { name: "Make bob an admin" }).click();
        const prompt = page.getByTestId("role-step-up");
        const confirm = "Confirm: make bob an admin";
        // One button for the change while the password is asked for: the row's waits for it.
        await expect(page.getByTestId("role-pending-bob")).toHaveText("waiting for your password below");
        await expect(page.getByRole("button", { name: "Make bob an admin", exact: true })).toHaveCount(0);
        // Cancel puts the row's button back, with nothing changed; asking again brings the prompt back.
        await prompt.getByRole("button", { name: "Cancel" }).click();
        await expect(prompt).toHaveCount(0);
        await page.getByRole("button", { name: "Make bob an admin", exact: true }).click();
        await refuseWrongPassword(prompt, confirm);
        expect(await bobsRole(page, lane)).toBe("user");
        await confirmWithPassword(prompt, confirm);
        await expect(page.getByTestId("role-message")).toContainText("bob is now admin");
        await expect(page.getByTestId("role-bob")).toHaveText("admin");
        // Told above the table it changed, where the page's eye starts.
        const [told, table] = await Promise.all([page.getByTestId("role-message").boundingBox(), page.getByRole("table", { name: "Users and roles" }).boundingBox()]);
        expect(told!.y).toBeLessThan(table!.y);
        await expect(page.getByTestId("role-step-up")).toHaveCount(0);
        await page.context().close();
      });
    }

    test("jwt: a stale “Sign out everywhere” asks for the password; the right one signs out everywhere", async ({ browser }) => {
      const page = await signedIn(browser, bases[store], "jwt");
      await waitUntilStale(page, "jwt");
      await page.getByRole("button", { name: "Sign out everywhere" }).click();
      const prompt = page.getByTestId("step-up");
      // Cancel closes the prompt and does nothing; asking again brings it back.
      await prompt.getByRole("button", { name: "Cancel" }).click();
      await expect(prompt).toHaveCount(0);
      await page.getByRole("button", { name: "Sign out everywhere" }).click();
      await refuseWrongPassword(prompt, "Sign out everywhere");
      expect((await page.request.get("/api/jwt/me")).status()).toBe(200); // still signed in
      await confirmWithPassword(prompt, "Sign out everywhere");
      await expect(page).toHaveURL(/\/jwt\/login\?reason=signed-out-everywhere/);
      expect((await page.request.get("/api/jwt/me")).status()).toBe(401);
      await page.context().close();
    });

    test("authjs: a stale “Sign out everywhere” asks for the password; the right one signs out everywhere", async ({ browser }) => {
      const page = await signedIn(browser, bases[store], "authjs");
      await waitUntilStale(page, "authjs");
      await page.getByRole("button", { name: "Sign out everywhere" }).click();
      const prompt = page.locator("form", { has: page.getByRole("button", { name: "Sign out everywhere" }) });
      await refuseWrongPassword(prompt, "Sign out everywhere");
      expect((await page.request.get("/api/authjs/me")).status()).toBe(200);
      await confirmWithPassword(prompt, "Sign out everywhere");
      await expect(page).toHaveURL(/\/authjs\/login\?reason=signed-out-everywhere/);
      expect((await page.request.get("/api/authjs/me")).status()).toBe(401);
      await page.context().close();
    });

    for (const [lane, devicesPath] of [["session", "/session/devices"], ["better-auth", "/better-auth/dashboard"]] as const) {
      test(`${lane}: a stale “Sign out all other devices” asks for the password; the right one ends the other session`, async ({ browser }) => {
        const phone = await signedIn(browser, bases[store], lane);
        const page = await signedIn(browser, bases[store], lane);
        await waitUntilStale(page, lane);
        await page.goto(devicesPath);
        await page.getByRole("button", { name: "Sign out all other devices" }).click();
        const prompt = page.locator("form", { has: page.getByRole("button", { name: "Sign out all other devices" }) });
        await refuseWrongPassword(prompt, "Sign out all other devices");
        // The prompt on a row of its own, the button under it at a button's height (not stretched beside it).
        const [button, asked] = [await prompt.getByRole("button", { name: "Sign out all other devices" }).boundingBox(), await prompt.getByTestId("step-up").boundingBox()];
        expect(button!.height).toBeLessThan(60);
        expect(button!.y).toBeGreaterThanOrEqual(asked!.y + asked!.height - 1);
        await phone.goto(`/${lane}/dashboard`);
        await expect(phone).toHaveURL(new RegExp(`/${lane}/dashboard`)); // the other device is still signed in
        await confirmWithPassword(prompt, "Sign out all other devices");
        await expect(page.getByText(/Signed out every other device/)).toBeVisible();
        await phone.goto(`/${lane}/dashboard`);
        await expect(phone).toHaveURL(new RegExp(`/${lane}/login`));
        await Promise.all([phone.context().close(), page.context().close()]);
      });
    }

    // The limiter itself runs on both stores in rate-limit.spec and redis.spec: here, once.
    if (store === "memory") test("a stale re-authentication's 5th wrong password says the lock with it, the confirm button waits it out, and asking again while locked says the lock again", async ({ browser }) => {
      const page = await signedIn(browser, bases[store], "session");
      await waitUntilStale(page, "session");
      await page.goto("/session/admin");
      await page.getByRole("button", { name: "Make bob an admin" }).click();
      const prompt = page.getByTestId("role-step-up");
      const confirm = "Confirm: make bob an admin";
      // Wrong passwords until the limiter's pair count (5 per window by default) is spent.
      for (const left of ["4 attempts left", "3 attempts left", "2 attempts left", "1 attempt left"]) {
        await prompt.getByLabel("Your password").fill(WRONG);
        await prompt.getByRole("button", { name: confirm }).click();
        await expect(prompt.getByTestId("step-up-attempts-left")).toContainText(left);
      }
      await prompt.getByLabel("Your password").fill(WRONG);
      await prompt.getByRole("button", { name: confirm }).click();
      // The 5th is the lock, said with it: wrong, and locked now (no further refusal needed to learn it).
      await expect(prompt.getByTestId("step-up-message")).toHaveText("That password is not right; nothing was changed. That was the last attempt: sign-in is now locked.");
      await expect(prompt.getByTestId("step-up-attempts-left")).toHaveCount(0);
      await expect(prompt.getByLabel("Your password")).toHaveCount(0);
      // How long is left, how long a lock lasts, and that every lane is locked.
      const lockout = prompt.getByTestId("step-up-lockout");
      await expect(lockout.getByTestId("retry-countdown")).toHaveText(/^Try again in 1[45]m/);
      await expect(lockout).toContainText("A lock lasts up to 15 min: the limiter's window, counted from the first failed attempt.");
      await expect(lockout).toContainText("The lock covers your username from this network address, in every lane (JWT, session, Auth.js and Better Auth)");
      // No dead end: the reset is offered right there (this server has DEMO_RESET_ENABLED).
      await expect(prompt.getByRole("button", { name: "Reset demo" })).toBeVisible();
      // Confirming could only be refused again: the button waits out the lock, and the table claims no password field.
      await expect(prompt.getByRole("button", { name: confirm })).toBeDisabled();
      await expect(page.getByTestId("role-pending-bob")).toHaveText("waiting: sign-in is locked (below)");
      // Cancelled and asked again while locked (the answer has no password field then): the lock again, not "enter your password".
      await prompt.getByRole("button", { name: "Cancel" }).click();
      await page.getByRole("button", { name: "Make bob an admin" }).click();
      await expect(prompt.getByTestId("step-up-lockout").getByTestId("retry-countdown")).toHaveText(/^Try again in 1[45]m/);
      await expect(prompt.getByTestId("step-up-message")).toHaveText("Too many failed sign-in attempts. Wait before trying again.");
      await expect(prompt.getByLabel("Your password")).toHaveCount(0);
      await expect(prompt.getByRole("button", { name: confirm })).toBeDisabled();
      expect(await bobsRole(page, "session")).toBe("user");
      // The same limiter as every sign-in: the login page refuses alice too.
      const login = await page.context().newPage();
      await login.goto("/jwt/login");
      await login.getByLabel("Username").fill(ALICE.username);
      await login.getByLabel("Password").fill(ALICE.password); // leaving the username field: the form asks about that username
      await expect(login.getByTestId("username-lock")).toContainText("This username is locked out here");
      await expect(login.getByRole("button", { name: "Sign in", exact: true })).toBeDisabled();
      await page.context().close();
    });

    // The prompt inside a page's own form (StepUpForm: devices, Auth.js): its button waits out the lock too.
    if (store === "memory") test("authjs: a stale “Sign out everywhere”'s 5th wrong password locks, and its button waits out the lock", async ({ browser }) => {
      const page = await signedIn(browser, bases[store], "authjs");
      await waitUntilStale(page, "authjs");
      await page.getByRole("button", { name: "Sign out everywhere" }).click();
      const prompt = page.locator("form", { has: page.getByRole("button", { name: "Sign out everywhere" }) });
      const confirm = prompt.getByRole("button", { name: "Sign out everywhere" });
      for (const left of ["4 attempts left", "3 attempts left", "2 attempts left", "1 attempt left"]) {
        await prompt.getByLabel("Your password").fill(WRONG);
        await confirm.click();
        await expect(prompt.getByTestId("step-up-attempts-left")).toContainText(left);
        await expect(confirm).toBeEnabled();
      }
      await prompt.getByLabel("Your password").fill(WRONG);
      await confirm.click();
      await expect(prompt.getByTestId("step-up-message")).toHaveText("That password is not right; nothing was changed. That was the last attempt: sign-in is now locked.");
      await expect(prompt.getByTestId("step-up-lockout").getByTestId("retry-countdown")).toHaveText(/^Try again in 1[45]m/);
      await expect(prompt.getByLabel("Your password")).toHaveCount(0);
      await expect(confirm).toBeDisabled();
      await expect(prompt.getByRole("button", { name: "Cancel" })).toBeEnabled();
      expect((await page.request.get("/api/authjs/me")).status()).toBe(200); // nothing was done: still signed in
      await page.context().close();
    });

    // The JSON route's prompt (PostButton) says the lock as the server action's does.
    if (store === "memory") test("jwt: a stale “Sign out everywhere”'s 5th wrong password says the lock with it: how long, the reset, the button waiting", async ({ browser }) => {
      const page = await signedIn(browser, bases[store], "jwt");
      await waitUntilStale(page, "jwt");
      await page.getByRole("button", { name: "Sign out everywhere" }).click();
      const prompt = page.getByTestId("step-up");
      const confirm = prompt.getByRole("button", { name: "Sign out everywhere" });
      for (const left of ["4 attempts left", "3 attempts left", "2 attempts left", "1 attempt left"]) {
        await prompt.getByLabel("Your password").fill(WRONG);
        await confirm.click();
        await expect(prompt.getByTestId("step-up-attempts-left")).toContainText(left);
      }
      await prompt.getByLabel("Your password").fill(WRONG);
      await confirm.click();
      // The 5th is the lock, said with it: wrong, and locked now.
      await expect(prompt.getByTestId("step-up-message")).toHaveText("That password is not right; nothing was changed. That was the last attempt: sign-in is now locked.");
      await expect(prompt.getByTestId("step-up-message")).toHaveClass(/error/);
      await expect(prompt.getByTestId("step-up-attempts-left")).toHaveCount(0);
      const lockout = prompt.getByTestId("step-up-lockout");
      await expect(lockout.getByTestId("retry-countdown")).toHaveText(/^Try again in 1[45]m/);
      await expect(lockout).toContainText("A lock lasts up to 15 min: the limiter's window, counted from the first failed attempt.");
      await expect(lockout).toContainText("The lock covers your username from this network address, in every lane (JWT, session, Auth.js and Better Auth)");
      // No password to give while locked: the field goes, the button waits out the lock, the reset is offered.
      await expect(prompt.getByLabel("Your password")).toHaveCount(0);
      await expect(confirm).toBeDisabled();
      await expect(prompt.getByRole("button", { name: "Reset demo" })).toBeVisible();
      // Cancelled and asked again while locked: the lock again, not a password prompt to fill in for nothing.
      await prompt.getByRole("button", { name: "Cancel" }).click();
      await page.getByRole("button", { name: "Sign out everywhere" }).click();
      await expect(prompt.getByTestId("step-up-lockout").getByTestId("retry-countdown")).toHaveText(/^Try again in 1[45]m/);
      await expect(prompt.getByLabel("Your password")).toHaveCount(0);
      expect((await page.request.get("/api/jwt/me")).status()).toBe(200); // nothing was done: still signed in
      await page.context().close();
    });
  });
}

test("each dashboard says a fresh sign-in lets sensitive actions through for the configured time (5 min by default)", async ({ page }) => {
  for (const lane of ["jwt", "session", "authjs", "better-auth"] as const) {
    await signIn(page, lane, BOB);
    await page.goto(`/${lane}/dashboard`);
    await expect(page.getByTestId("sign-in-age")).toHaveText(/^Signed in \d+ s ago; sensitive actions work without a password for (4|5) min more\.$/);
    await expect(page.getByTestId("sign-in-age")).toHaveAttribute("data-fresh", "true");
  }
});
