import { expect, test } from "@playwright/test";
import { BOB, serverOfItsOwn, signIn, type LoginArea } from "./helpers";

/**
 * The wrong password that spends the last attempt is the lock, said in that very answer: the
 * login form shows the countdown, the reset offer and a disabled button at once, with the
 * wrong-password fact, instead of inviting one more (certain) refusal to learn it. On a server
 * of its own with the limiter's defaults (5 failures per username and address, a 15 min
 * window) and the demo reset enabled; the reset before each test clears the counts.
 */
test.describe.configure({ mode: "serial", timeout: 90_000 });

const server = serverOfItsOwn({ DEMO_RESET_ENABLED: "true" });
const INCORRECT = "Username or password is incorrect.";
const LAST_ATTEMPT = "That was the last attempt: sign-in is now locked.";

test.beforeEach(async () => {
  expect((await fetch(`${server.base()}/api/demo/reset`, { method: "POST" })).status).toBe(200);
});

// The JWT and session forms post JSON (app/ui/login-form.tsx); Auth.js and Better Auth sign in through a server action.
for (const lane of ["jwt", "session", "authjs", "better-auth"] as const satisfies readonly LoginArea[]) {
  test(`${lane}: the 5th wrong password shows the lock with it: countdown, reset offer, button disabled; the reset then lets bob in`, async ({ page }) => {
    await page.goto(`${server.base()}/${lane}/login`);
    const submit = page.getByRole("button", { name: "Sign in", exact: true });
    for (const left of ["4 attempts left", "3 attempts left", "2 attempts left", "1 attempt left"]) {
      await page.getByLabel("Username").fill(BOB.username);
      await page.getByLabel("Password").fill("wrong-password");
      await submit.click();
      await expect(page.getByTestId("attempts-left")).toContainText(left);
      await expect(submit).toBeEnabled();
    }
    await page.getByLabel("Username").fill(BOB.username);
    await page.getByLabel("Password").fill("wrong-password");
    await submit.click();
    // Wrong, and locked now: both said, in one alert.
    const error = page.getByTestId("form-error");
    await expect(error).toContainText(`${INCORRECT} ${LAST_ATTEMPT}`);
    await expect(error.getByTestId("retry-countdown")).toHaveText(/^Try again in (14m|15m 0s)/);
    await expect(page.getByTestId("attempts-left")).toHaveCount(0);
    await expect(submit).toBeDisabled();
    const help = page.getByTestId("lockout-help");
    await expect(help).toContainText("A lock lasts up to 15 min");
    await expect(help).toContainText("The lock covers this username from this network address, in every lane (JWT, session, Auth.js and Better Auth)");
    await help.getByRole("button", { name: "Reset demo" }).click();
    await expect(page.getByTestId("login-confirmation")).toContainText("Demo reset");
    await signIn(page, lane, BOB);
    await expect(page).toHaveURL(new RegExp(`/${lane}/dashboard`));
  });
}
