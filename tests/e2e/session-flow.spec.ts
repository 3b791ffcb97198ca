import { expect, test } from "@playwright/test";
import { ALICE, BOB, SESSION_COOKIE, cookieValue, expectRedirectedToLogin, plantCookie, sha256Hex, signIn } from "./helpers";

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

test.describe("Session area", () => {
  test("a protected page redirects to login and keeps where the user was going", async ({ page }) => {
    await page.goto("/session/admin?tab=users");
    await expectRedirectedToLogin(page, "session", "/session/admin?tab=users");
    await signIn(page, "session", ALICE);
    await expect(page).toHaveURL(/\/session\/admin\?tab=users$/);
    await expect(page.getByTestId("admin-welcome")).toContainText("Welcome, alice");
  });

  test("a wrong password shows an error and sets no cookie", async ({ page, context }) => {
    await page.goto("/session/login");
    await page.getByLabel("Username").fill("nobody");
    await page.getByLabel("Password").fill("whatever");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("form-error")).toHaveText("Username or password is incorrect.");
    expect(await cookieValue(context, SESSION_COOKIE)).toBeUndefined();
  });

  test("a login page never sends the user off-site", async ({ page }) => {
    await page.goto("/session/login?next=//evil.example/steal");
    await expect(page.getByTestId("login-next")).toHaveText("/session/dashboard");
  });

  test("login lands on the dashboard, and the store holds the record under the hash of the cookie", async ({ page, context }) => {
    await signIn(page, "session", ALICE);
    await expect(page).toHaveURL(/\/session\/dashboard$/);
    await expect(page.getByTestId("session-user")).toHaveText("signed in as alice (admin)");

    const cookie = (await context.cookies()).find((c) => c.name === SESSION_COOKIE)!;
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: "Lax", path: "/" });
    const record = page.getByTestId("session-record");
    await expect(record).toContainText(`session:${sha256Hex(cookie.value)}`);
    await expect(record).toContainText('"userId": "alice"');
    await expect(record).toContainText('"role": "admin"');
    await expect(record).toContainText('"userAgent"');
    await expect(record).not.toContainText(cookie.value);
    // The record is shown like the app's other code: coloured on the server, copied whole, wrapped (nothing hidden sideways).
    await page.getByTestId("reference-record").locator("summary").click();
    const json = page.getByTestId("session-record-json");
    const shown = (await json.locator("code").textContent())!;
    expect(JSON.parse(shown)).toMatchObject({ userId: "alice", role: "admin" });
    await expect(json.locator("code span[style*='color']", { hasText: '"userAgent"' })).toHaveCount(1);
    await page.setViewportSize({ width: 390, height: 844 }); // a phone: the user agent is wider than the block
    expect(await json.locator("pre").evaluate((pre) => pre.scrollWidth <= pre.clientWidth)).toBe(true);
    await json.getByRole("button", { name: "Copy the record" }).click();
    await expect(json.getByRole("button", { name: "Copied" })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(shown);
    await expect(page.getByTestId("session-ttl")).toHaveText(/^60[0-9]{4} s$/); // ≈ 7 days = 604800 s
    await expect(page.getByTestId("session-ttl-words")).toHaveText(/^(about )?7 d$/); // in words, never the seconds again
  });

  test("a user gets a 403 page on the admin page, not a redirect", async ({ page }) => {
    await signIn(page, "session", BOB);
    const response = await page.goto("/session/admin");
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "403 — not allowed" })).toBeVisible();
  });

  test("after logout a protected page redirects to login", async ({ page, context }) => {
    await signIn(page, "session", BOB);
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(page).toHaveURL(/\/session\/login\?reason=signed-out$/);
    expect(await cookieValue(context, SESSION_COOKIE)).toBeUndefined();
    await page.goto("/session/dashboard");
    await expectRedirectedToLogin(page, "session", "/session/dashboard");
  });

  test("a copied session cookie is refused as soon as its owner logs out", async ({ page, context, request }) => {
    await signIn(page, "session", BOB);
    const stolen = (await cookieValue(context, SESSION_COOKIE))!;
    const before = await request.get("/api/session/me", { headers: { cookie: `${SESSION_COOKIE}=${stolen}` } });
    expect(before.status()).toBe(200);

    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(page).toHaveURL(/\/session\/login\?reason=signed-out$/);

    const after = await request.get("/api/session/me", { headers: { cookie: `${SESSION_COOKIE}=${stolen}` } });
    expect(after.status()).toBe(401);
    expect(await after.json()).toMatchObject({ error: "Not signed in.", reason: "unknown" });
  });

  test("a session cookie planted before login is never adopted (no fixation)", async ({ page, context, request }) => {
    const attacker = await request.post("/api/session/login", { data: BOB });
    const planted = /__Host-sid=([^;]+)/.exec(attacker.headers()["set-cookie"])![1];
    await page.goto("/session/login");
    await plantCookie(context, SESSION_COOKIE, planted);

    await signIn(page, "session", ALICE);
    const issued = await cookieValue(context, SESSION_COOKIE);
    expect(issued).toBeTruthy();
    expect(issued).not.toBe(planted);
    await expect(page.getByTestId("session-user")).toHaveText("signed in as alice (admin)");
    const plantedNow = await request.get("/api/session/me", { headers: { cookie: `${SESSION_COOKIE}=${planted}` } });
    expect(plantedNow.status()).toBe(401);
  });

  test("a state-changing request from another site is refused", async ({ request }) => {
    const response = await request.post("/api/session/logout", { headers: { origin: "https://evil.example" } });
    expect(response.status()).toBe(403);
    expect(await response.json()).toEqual({ error: "Cross-site requests are not allowed to change state." });
  });

  test("the home page shows the session record the server holds", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByTestId("session-server-holds")).toHaveText("No session record for this browser.");
    await signIn(page, "session", BOB);
    await page.goto("/");
    await expect(page.getByTestId("session-state")).toHaveText("signed in as bob (user)");
    await expect(page.getByTestId("session-server-holds")).toContainText('"userId": "bob"');
    // Shown like the app's other JSON: the key, then the record coloured; copied whole; wrapped on a phone.
    const holds = page.getByTestId("session-server-holds");
    const shown = (await holds.locator("code").textContent())!;
    const [key, ...json] = shown.split("\n");
    expect(key).toMatch(/^session:[0-9a-f]{64}$/);
    expect(JSON.parse(json.join("\n"))).toMatchObject({ userId: "bob", role: "user" });
    await expect(holds.locator("code span[style*='color']", { hasText: '"bob"' })).toHaveCount(1);
    await holds.getByRole("button", { name: "Copy the record" }).click();
    await expect(holds.getByRole("button", { name: "Copied" })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(shown);
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await holds.locator("pre").evaluate((pre) => pre.scrollWidth <= pre.clientWidth)).toBe(true);
    await expect(page.getByTestId("jwt-server-holds")).toContainText("Nothing. A plain JWT");
  });
});
