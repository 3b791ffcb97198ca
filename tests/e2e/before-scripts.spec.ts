import { expect, test } from "@playwright/test";
import { BOB } from "./helpers";
import { E2E_BASE_URL } from "./env";

/**
 * Before the page's scripts run (a slow phone, a click during hydration, scripts off), a
 * button whose work is a click handler does nothing at all, and a login form would submit
 * the browser's way: a GET with the password in the address bar, the history and the logs.
 * So such buttons are disabled until React runs, and the forms say POST. Played here with
 * scripts off, which is the page as it is before hydration.
 */
test.use({ javaScriptEnabled: false });

for (const lane of ["jwt", "session"] as const) {
  test(`${lane}: before scripts run, Sign in is disabled and the form could only POST`, async ({ page }) => {
    await page.goto(`/${lane}/login`);
    await expect(page.getByRole("button", { name: "Sign in" })).toBeDisabled();
    await expect(page.locator("form.login")).toHaveAttribute("method", "post");
    // Enter in a field submits nothing while the form's only submit button is disabled.
    await page.getByLabel("Username").fill(BOB.username);
    await page.getByLabel("Password").fill(BOB.password);
    await page.getByLabel("Password").press("Enter");
    expect(new URL(page.url()).search).toBe("");
  });
}

test("the playground's buttons wait for the page to run", async ({ page }) => {
  const login = await page.request.post("/api/jwt/login", { data: BOB, headers: { origin: E2E_BASE_URL } });
  expect(login.status()).toBe(200);
  await page.goto("/jwt/playground");
  const presets = page.getByRole("group", { name: "Presets" }).getByRole("button");
  expect(await presets.count()).toBeGreaterThan(0);
  for (const button of await presets.all()) await expect(button).toBeDisabled();
  await expect(page.getByRole("button", { name: "Send to the verifier" })).toBeDisabled();
});

test("the cookie budget's slider waits for the page to run (moved earlier, React would put it back)", async ({ page }) => {
  const login = await page.request.post("/api/session/login", { data: BOB, headers: { origin: E2E_BASE_URL } });
  expect(login.status()).toBe(200);
  await page.goto("/session/dashboard");
  await expect(page.getByRole("slider")).toBeDisabled();
});
