import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { HOOK_TIMEOUT, ALICE, BOB, JWT_REFRESH_COOKIE, cookieValue, signIn, tokenColour, type Check } from "./helpers";
import { E2E_SERVER_ENV } from "./env";
import { freePort, startNextServer, type Started } from "../../scripts/lib/processes";

/**
 * Scenarios that change shared state (roles, token versions, a user's device count), on a
 * server of their own with the default settings, one at a time, so the other specs running
 * in parallel on the shared server never see them. Its refresh grace window is 0 s so a
 * reused refresh token is always a theft here (the 20 s default is tested elsewhere).
 */
test.describe.configure({ mode: "serial", timeout: 90_000 });

let server: Started;
let base = "";

test.beforeAll(async () => {
  test.setTimeout(HOOK_TIMEOUT);
  const port = await freePort();
  server = await startNextServer(port, { ...E2E_SERVER_ENV, JWT_REFRESH_REUSE_GRACE_SECONDS: "0" });
  base = `http://localhost:${port}`;
});
test.afterAll(async () => {
  test.setTimeout(HOOK_TIMEOUT);
  await server?.stop();
});

/** A browser of its own (own cookies), e.g. bob's phone, signed in to one area. */
async function device(browser: Browser, area: "jwt" | "session" | "authjs", user: typeof BOB, options: { userAgent?: string; checks?: Check[] } = {}) {
  const context = await browser.newContext({ baseURL: base, userAgent: options.userAgent });
  const page = await context.newPage();
  await signIn(page, area, user, `/${area}/login`, options.checks);
  return { context, page };
}

async function changeRole(page: Page, area: "jwt" | "session", user: string, to: "admin" | "user") {
  await page.goto(`/${area}/admin`);
  await page.getByRole("button", { name: `Make ${user} ${to === "admin" ? "an admin" : "a user"}` }).click();
  await expect(page.getByTestId("role-message")).toContainText(`${user} is now ${to}`);
  await expect(page.getByTestId(`role-${user}`)).toHaveText(to);
}

const closeAll = (...contexts: BrowserContext[]) => Promise.all(contexts.map((c) => c.close()));

/**
 * Your own sign-in ending or your role changing is a state change: drawn in --state-change
 * (slate) and led by a bold word, like the "Signed out." confirmation; amber is for warnings.
 */
async function expectStateChange(page: Page, testId: string, lead: string) {
  const notice = page.getByTestId(testId);
  await expect(notice).toHaveClass(/(^| )state-change( |$)/);
  await expect(notice.locator("> strong").first()).toHaveText(lead);
  const border = await notice.evaluate((el) => getComputedStyle(el).borderLeftColor);
  expect(border, `${testId}: its border`).toBe(await tokenColour(page, "--state-change"));
  expect(border, `${testId}: not the warning colour`).not.toBe(await tokenColour(page, "--warn-border"));
}

test("a role change reaches a session user on their next request", async ({ browser }) => {
  const alice = await device(browser, "session", ALICE);
  const bob = await device(browser, "session", BOB);
  expect((await bob.page.goto("/session/admin"))?.status()).toBe(403);

  await changeRole(alice.page, "session", "bob", "admin");
  expect((await bob.page.goto("/session/admin"))?.status()).toBe(200);
  await expect(bob.page.getByTestId("admin-welcome")).toContainText("Welcome, bob");
  // His dashboard says what happened, not only shows another role.
  await bob.page.goto("/session/dashboard");
  await expect(bob.page.getByTestId("role-change-note")).toContainText("An admin made you an admin");
  await expectStateChange(bob.page, "role-change-note", "Your role changed.");
  await expect(bob.page.getByTestId("role-change-note")).toContainText("nothing had to sign you in again");

  await changeRole(alice.page, "session", "bob", "user");
  expect((await bob.page.goto("/session/admin"))?.status()).toBe(403);
  await expect(bob.page.getByTestId("forbidden-role-change")).toHaveText(/^Your role changed\. An admin made bob a user (just now|\d+ seconds? ago)\.$/);
  // Signed in after the change: old news, not said; the advice stays.
  const laterBob = await device(browser, "session", BOB);
  expect((await laterBob.page.goto("/session/admin"))?.status()).toBe(403);
  await expect(laterBob.page.getByTestId("forbidden-advice")).toContainText("bob has the user role");
  await expect(laterBob.page.getByTestId("forbidden-role-change")).toHaveCount(0);
  await closeAll(alice.context, bob.context, laterBob.context);
});

test("a role change reaches a JWT user at once with the token-version check, and only at expiry without it", async ({ browser }) => {
  const alice = await device(browser, "jwt", ALICE);
  const plainBob = await device(browser, "jwt", BOB, { checks: [] });
  const versionedBob = await device(browser, "jwt", BOB, { checks: ["ver", "refresh"] });
  const versionOnlyBob = await device(browser, "jwt", BOB, { checks: ["ver"] });
  expect((await plainBob.page.goto("/jwt/admin"))?.status()).toBe(403);
  expect((await versionedBob.page.goto("/jwt/admin"))?.status()).toBe(403);

  await changeRole(alice.page, "jwt", "bob", "admin");
  // Token version without a refresh token: signed out, and told the real reason (not "sign out everywhere").
  await versionOnlyBob.page.goto("/jwt/dashboard");
  await expect(versionOnlyBob.page).toHaveURL(/\/jwt\/login\?next=%2Fjwt%2Fdashboard&by=page&reason=role-changed$/);
  await expect(versionOnlyBob.page.getByTestId("login-reason")).toHaveText(/^You were signed out\. An admin changed your role since the token was signed/);
  await expectStateChange(versionOnlyBob.page, "login-reason", "You were signed out.");
  // A state change, not an attack held off: no shield.
  await expect(versionOnlyBob.page.getByTestId("refusal-timeline").locator("[data-verdict]")).toHaveCount(0);
  await expect(versionOnlyBob.page.getByTestId("refusal-timeline-steps")).toContainText("refused (role-changed)");
  // The demo users' table says so too (the 403 page's "sign in as an admin" lands next to it).
  await alice.page.goto("/jwt/login");
  await expect(alice.page.getByTestId("demo-role-bob")).toHaveText("admin (changed from user on an admin page)");
  // Token version on: the old token is stale at once and is refreshed with the new role.
  expect((await versionedBob.page.goto("/jwt/admin"))?.status()).toBe(200);
  await expect(versionedBob.page.getByTestId("admin-welcome")).toContainText('role: "admin"');
  // Plain JWT: the role is baked in until the token expires, and the dashboard says when.
  expect((await plainBob.page.goto("/jwt/admin"))?.status()).toBe(403);
  // The 403 page's advice is the one that works for him: sign in again as bob (not as alice).
  await expect(plainBob.page.getByTestId("forbidden-advice")).toHaveText(
    "Your role is now admin, but the token this browser holds was signed when you were user, and a plain JWT keeps the role it was signed with until it expires. Sign in again as bob to get a token that says admin.",
  );
  await expect(plainBob.page.getByRole("link", { name: "Sign in again as bob" })).toHaveAttribute("href", "/jwt/login?next=%2Fjwt%2Fadmin");
  // The change itself is told first, with when.
  await expect(plainBob.page.getByTestId("forbidden-role-change")).toHaveText(/^Your role changed\. An admin made bob an admin (just now|\d+ seconds? ago)\.$/);
  await expectStateChange(plainBob.page, "forbidden-role-change", "Your role changed.");
  await plainBob.page.goto("/jwt/dashboard");
  await expect(plainBob.page.getByTestId("jwt-user")).toHaveText("signed in as bob (user)");
  await expect(plainBob.page.getByTestId("countdown").first()).toHaveText(/^(5\dm|1h 0m) \d+s left$/);
  // ...and it says that the token is stale, since when, and until when.
  const stale = plainBob.page.getByTestId("role-status");
  await expect(stale).toContainText(/^Stale Your token says user; the server's user list says admin \(changed (just now|\d+ seconds? ago)\)\./);
  await expect(stale).toContainText(/It applies when the token expires: (5\dm|1h 0m) \d+s left\.$/);

  await changeRole(alice.page, "jwt", "bob", "user");
  await closeAll(alice.context, plainBob.context, versionedBob.context, versionOnlyBob.context);
});

test("with the default checks, a stale token refused after a role change is refreshed with the new role, and the dashboard says so", async ({ browser }) => {
  const alice = await device(browser, "jwt", ALICE);
  const bob = await device(browser, "jwt", BOB); // the form's default: every check
  await expect(bob.page.getByTestId("role-status")).toHaveText("Your token's role (user) is the one in the server's user list.");
  await expect(bob.page.getByTestId("role-refreshed")).toHaveCount(0);

  await changeRole(alice.page, "jwt", "bob", "admin");
  await bob.page.goto("/jwt/dashboard");
  await expect(bob.page).toHaveURL(/\/jwt\/dashboard$/);
  await expect(bob.page.getByTestId("jwt-user")).toHaveText("signed in as bob (admin)");
  await expect(bob.page.getByTestId("role-refreshed")).toHaveText(
    /^Your role changed to admin (just now|\d+ seconds? ago), after you signed in\. Your token still said the old role, so the token-version check refused it as stale and your refresh token got you a new one: you are now admin\.$/,
  );
  // A role change is told in one style in every lane (the session and Better Auth dashboards' notes use it too).
  await expectStateChange(bob.page, "role-refreshed", "Your role changed");
  // Told once, and truly: the token had not expired, so no "Your access token had expired" above it
  // (looked for once the page has hydrated and asked for its role).
  await expect(bob.page.getByTestId("role-status")).toBeVisible();
  await expect(bob.page.getByTestId("refreshed-on-the-way")).toHaveCount(0);

  await changeRole(alice.page, "jwt", "bob", "user");
  await closeAll(alice.context, bob.context);
});

test("the stale-role line appears after a role change and is gone after the refresh that re-signs the token", async ({ browser }) => {
  const alice = await device(browser, "jwt", ALICE);
  const bob = await device(browser, "jwt", BOB, { checks: ["refresh"] }); // no token version: the role lags
  await bob.page.goto("/jwt/dashboard");
  await expect(bob.page.getByTestId("role-status")).toHaveText("Your token's role (user) is the one in the server's user list.");

  await changeRole(alice.page, "jwt", "bob", "admin");
  await bob.page.goto("/jwt/dashboard");
  await expect(bob.page.getByTestId("jwt-user")).toHaveText("signed in as bob (user)");
  await expect(bob.page.getByTestId("role-status")).toContainText(/Your token says user; the server's user list says admin \(changed (just now|\d+ seconds? ago)\)/);
  await expect(bob.page.getByTestId("role-status")).toContainText(/It applies at the next refresh: 1[0-5]m \d+s left\.$/);

  // The refresh re-signs the token from the directory: the line goes, on this page too (the
  // refresh family's own button), not only after a page load.
  await bob.page.getByTestId("refresh-family").getByRole("button", { name: "Refresh now" }).click();
  await expect(bob.page.getByTestId("jwt-user")).toHaveText("signed in as bob (admin)");
  await expect(bob.page.getByTestId("role-status")).toHaveText("Your token's role (admin) is the one in the server's user list.");
  await bob.page.goto(`/api/jwt/refresh?${new URLSearchParams({ next: "/jwt/dashboard" })}`);
  await expect(bob.page).toHaveURL(/\/jwt\/dashboard$/);
  await expect(bob.page.getByTestId("jwt-user")).toHaveText("signed in as bob (admin)");
  await expect(bob.page.getByTestId("role-status")).toHaveText("Your token's role (admin) is the one in the server's user list.");

  await changeRole(alice.page, "jwt", "bob", "user");
  await closeAll(alice.context, bob.context);
});

test("a role change ends an Auth.js sign-in at once (token version), as its dashboard says, and the next sign-in has the new role", async ({ browser }) => {
  const alice = await device(browser, "session", ALICE);
  const bob = await device(browser, "authjs", BOB);
  await expect(bob.page.getByTestId("authjs-role-applies")).toContainText("applies at once: your cookie says user");
  await expect(bob.page.getByTestId("client-session-status")).toHaveText("authenticated");

  await changeRole(alice.page, "session", "bob", "admin");
  // The admin is told, lane by lane, what the change did: Auth.js too, not only sessions and JWTs.
  await expect(alice.page.getByTestId("role-message")).toContainText("Auth.js: their sign-in ends at its next request (its token version is stale too).");
  // useSession() reads in the background (here: the tab regains focus). Refused, it is told so,
  // and the refused cookie stays for the next page load to say why (Auth.js alone would clear it).
  await bob.page.evaluate(() => document.dispatchEvent(new Event("visibilitychange")));
  await expect(bob.page.getByTestId("client-session-status")).toHaveText("unauthenticated");
  await expect(bob.page.getByTestId("client-session-json")).toHaveText("null. The server refused this browser's cookie on its last read. Reload the page to see why.");
  expect((await bob.context.cookies()).some((cookie) => cookie.name.includes("authjs.session-token"))).toBe(true);
  // Wait for the next whole second, so that a cookie re-issued from now on has an iat later than the change.
  const changedBy = Math.floor(Date.now() / 1000);
  await expect.poll(() => Math.floor(Date.now() / 1000)).toBeGreaterThan(changedBy);
  await bob.page.goto("/authjs/dashboard");
  await expect(bob.page).toHaveURL(/\/authjs\/login/);
  // The login page says why, and its picture names the gate and the reason (not "missing": the cookie came).
  await expect(bob.page.getByTestId("login-reason")).toContainText("An admin changed your role");
  await expect(bob.page.getByTestId("refused-request")).toContainText("refused (role-changed)");
  await expect(bob.page.getByTestId("refusal-timeline").locator("[data-verdict]")).toHaveCount(0);
  // Every visit says so, not only the first: middleware re-issues the refused cookie (with a
  // newer iat) on the way, and the reason is judged against the sign-in's time, not the cookie's.
  await bob.page.goto("/authjs/dashboard");
  await expect(bob.page).toHaveURL(/\/authjs\/login\?.*reason=role-changed/);
  await expect(bob.page.getByTestId("login-reason")).toContainText("An admin changed your role");
  await signIn(bob.page, "authjs", BOB);
  await expect(bob.page.getByTestId("authjs-role-applies")).toContainText("applies at once: your cookie says admin");

  await changeRole(alice.page, "session", "bob", "user");
  await closeAll(alice.context, bob.context);
});

test("a demoted admin whose plain JWT still says admin cannot change roles: the action asks the directory", async ({ browser }) => {
  const alice = await device(browser, "jwt", ALICE);
  await changeRole(alice.page, "jwt", "bob", "admin");
  const plainBob = await device(browser, "jwt", BOB, { checks: [] }); // a plain JWT that says admin
  await changeRole(alice.page, "jwt", "bob", "user");
  // The token still opens the admin page (the stale-role demo), but its write is refused.
  expect((await plainBob.page.goto("/jwt/admin"))?.status()).toBe(200);
  await plainBob.page.getByRole("button", { name: "Make alice a user" }).click();
  await expect(plainBob.page.getByTestId("role-error")).toHaveText("Only a signed-in admin can change roles.");
  await alice.page.goto("/jwt/admin");
  await expect(alice.page.getByTestId("role-alice")).toHaveText("admin");
  await closeAll(alice.context, plainBob.context);
});

test("“log out everywhere” ends every JWT with the token-version check, on every device", async ({ browser }) => {
  const laptop = await device(browser, "jwt", BOB, { checks: ["ver"] });
  const phone = await device(browser, "jwt", BOB, { checks: ["ver"] });
  await laptop.page.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(laptop.page).toHaveURL(/\/jwt\/login\?reason=signed-out-everywhere$/);
  await expect(laptop.page.getByTestId("login-confirmation")).toContainText("Signed out everywhere");
  // It does not claim more than it can: a token without the checks is out of the server's reach.
  await expect(laptop.page.getByTestId("login-confirmation")).toContainText("A token without those checks (a plain JWT) on another device keeps working until it expires");
  await phone.page.goto("/jwt/dashboard");
  await expect(phone.page).toHaveURL(/\/jwt\/login\?next=%2Fjwt%2Fdashboard&by=page&reason=stale-version$/);
  await expect(phone.page.getByTestId("login-reason")).toHaveText("You were signed out. This account was signed out everywhere after the token was signed, so its token version is stale.");
  await closeAll(laptop.context, phone.context);
});

test("a reused refresh token revokes its whole family (theft detection)", async ({ browser }) => {
  const bob = await device(browser, "jwt", BOB);
  const stolen = `${JWT_REFRESH_COOKIE}=${await cookieValue(bob.context, JWT_REFRESH_COOKIE)}`;
  const refresh = (cookie: string) => fetch(`${base}/api/jwt/refresh`, { method: "POST", headers: { cookie } });

  const legit = await refresh(stolen); // the owner refreshes: rotated
  expect(legit.status).toBe(200);
  const successor = /__Secure-jwt-refresh=([^;]+)/.exec(legit.headers.get("set-cookie") ?? "")![1];
  const thief = await refresh(stolen); // the thief replays the old one
  expect(thief.status).toBe(401);
  expect(await thief.json()).toMatchObject({ reason: "reused" });
  const owner = await refresh(`${JWT_REFRESH_COOKIE}=${successor}`);
  expect(owner.status).toBe(401);
  expect(await owner.json()).toMatchObject({ reason: "family-revoked" });
  await closeAll(bob.context);
});

test("a fourth session evicts the oldest, and the device list can sign out one or all other devices", async ({ browser }) => {
  const devices = [];
  for (const name of ["Laptop", "Phone", "Tablet", "Desktop"]) devices.push(await device(browser, "session", BOB, { userAgent: `Device ${name}` }));
  const [laptop, phone, tablet, desktop] = devices;

  // The laptop (oldest) was evicted by the desktop's login: its next request is signed out,
  // and it is told why.
  await laptop.page.goto("/session/dashboard");
  await expect(laptop.page).toHaveURL(/\/session\/login\?next=%2Fsession%2Fdashboard&by=page&reason=evicted$/);
  await expect(laptop.page.getByTestId("login-reason")).toContainText("ended by a newer sign-in (device limit 3)");
  // The user's own sign-in ended: a state change, not an attack held off (no shield, no defence colour).
  // The refusing box says why in the picture too, not only in the folded words below it.
  await expect(laptop.page.getByTestId("refusal-timeline").locator(".timeline-no-credential")).toHaveCount(1);
  await expect(laptop.page.getByTestId("refusal-timeline").locator(".timeline-no-credential .timeline-detail")).toHaveText("refused: the sign-in ended (evicted)");
  await expect(laptop.page.getByTestId("refusal-timeline").locator("[data-verdict]")).toHaveCount(0);
  await expect(laptop.page.getByTestId("refusal-timeline-steps").locator(".verdict-refused-text")).toHaveCount(0);

  await desktop.page.goto("/session/devices");
  await expect(desktop.page.getByTestId("max-devices")).toHaveText("3");
  const rows = desktop.page.getByTestId("device-row");
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toContainText("Device Phone");
  await expect(rows.nth(2)).toContainText("Device Desktop (this device)");
  // Each row carries a short tag of its session's id, so two sign-ins from one kind of browser can be told apart.
  const tags = await rows.getByTestId("device-ref").allTextContents();
  expect(tags.every((tag) => /^ · session [0-9a-f]{6}$/.test(tag)) && new Set(tags).size === 3, tags.join(",")).toBe(true);
  // On a phone every device's button is inside the card, nothing past its edge or behind a sideways scroll.
  await desktop.page.setViewportSize({ width: 390, height: 844 });
  const card = await desktop.page.locator("section.card").first().boundingBox();
  for (const button of await desktop.page.getByRole("button", { name: "Sign out this device" }).all()) {
    const box = (await button.boundingBox())!;
    expect(box.x + box.width, "the button's right edge").toBeLessThanOrEqual(card!.x + card!.width);
  }
  expect(await desktop.page.locator("table.devices").evaluate((table) => table.scrollWidth <= (table.parentElement?.clientWidth ?? 0) + 1)).toBe(true);
  await desktop.page.setViewportSize({ width: 1280, height: 900 });

  await rows.nth(0).getByRole("button", { name: "Sign out this device" }).click();
  await expect(rows).toHaveCount(2);
  await expect(desktop.page.getByTestId("devices-confirmation")).toHaveText("Signed out that device: its cookie no longer opens anything.");
  await phone.page.goto("/session/dashboard");
  await expect(phone.page).toHaveURL(/reason=revoked$/);
  await expect(phone.page.getByTestId("login-reason")).toContainText("signed out from the device list");

  await desktop.page.getByRole("button", { name: "Sign out all other devices" }).click();
  await expect(rows).toHaveCount(1);
  await expect(desktop.page.getByTestId("devices-confirmation")).toHaveText("Signed out every other device: their cookies no longer open anything.");
  await tablet.page.goto("/session/dashboard");
  await expect(tablet.page).toHaveURL(/reason=revoked$/);
  await expect(tablet.page.getByTestId("login-reason")).toContainText("signed out from the device list");
  await desktop.page.goto("/session/dashboard");
  await expect(desktop.page.getByTestId("session-user")).toHaveText("signed in as bob (user)");
  await closeAll(...devices.map((d) => d.context));
});

// Auth.js's "Sign out everywhere" raises the user's token version, which every lane's
// version check reads: here, not on the shared server, where it would sign other specs out.
const AUTHJS_COOKIE = "__Secure-authjs.session-token";

test("Auth.js sign out everywhere: a copied cookie accepted before is refused after", async ({ browser }) => {
  const alice = await device(browser, "authjs", ALICE);
  const copied = (await cookieValue(alice.context, AUTHJS_COOKIE))!;
  const replay = () => fetch(`${base}/api/authjs/me`, { headers: { cookie: `${AUTHJS_COOKIE}=${copied}` }, redirect: "manual" });
  expect((await replay()).status).toBe(200);

  // Let useSession()'s own request finish first: Auth.js re-issues the cookie on every read.
  await expect(alice.page.getByTestId("client-session-status")).toHaveText("authenticated");
  await alice.page.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(alice.page).toHaveURL(/\/authjs\/login\?reason=signed-out-everywhere$/);
  expect((await replay()).status).toBe(401);
  const dashboard = await fetch(`${base}/authjs/dashboard`, { headers: { cookie: `${AUTHJS_COOKIE}=${copied}` }, redirect: "manual" });
  expect(dashboard.status).toBe(307);
  // The page gate says why: the token version moved on, and the role did not change.
  expect(dashboard.headers.get("location")).toBe("/authjs/login?next=%2Fauthjs%2Fdashboard&by=page&reason=stale-version");

  // Signing in again works: the new cookie carries the new version.
  await signIn(alice.page, "authjs", ALICE, "/authjs/login");
  await expect(alice.page.getByTestId("authjs-user")).toHaveText("signed in as alice (admin)");
  await closeAll(alice.context);
});

test("the Auth.js copy-and-replay demo: a copied cookie still works after sign-out, and is refused after sign out everywhere", async ({ browser }) => {
  const { context, page } = await device(browser, "authjs", BOB);
  await expect(page.getByTestId("client-session-status")).toHaveText("authenticated"); // let the re-issued cookie settle
  await page.getByRole("button", { name: "Copy my credential" }).click();
  await expect(page.getByTestId("copied-credential")).toBeVisible();
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/authjs\/login\?reason=signed-out$/);

  await page.goto("/authjs/replay");
  await expect(page.getByTestId("replay-back")).toHaveAttribute("href", "/authjs/dashboard"); // no dead end
  await page.getByRole("button", { name: "Replay it" }).click();
  await expect(page.getByTestId("replay-verdict")).toContainText("Accepted as bob (user)");
  await expect(page.getByTestId("replay-verdict")).toContainText("until you sign out everywhere");
  // No dead end: the way to end it is said, and its first step is a link.
  await expect(page.getByTestId("replay-end-it")).toHaveText("To end it: sign in again, then press “Sign out everywhere” on the dashboard. This copy is refused from then on.");
  await expect(page.getByTestId("replay-end-it").getByRole("link", { name: "sign in again" })).toHaveAttribute("href", "/authjs/dashboard");

  await signIn(page, "authjs", BOB, "/authjs/login");
  await expect(page.getByTestId("client-session-status")).toHaveText("authenticated");
  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(page).toHaveURL(/\/authjs\/login\?reason=signed-out-everywhere$/);
  await page.goto("/authjs/replay");
  await page.getByRole("button", { name: "Replay it" }).click();
  await expect(page.getByTestId("replay-verdict")).toContainText(/The server refused the copy\. \S.* \(reason: invalid\)$/);
  await closeAll(context);
});
