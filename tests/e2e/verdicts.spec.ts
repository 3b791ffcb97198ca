import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { BOB, SESSION_COOKIE, plantCookie, signIn, tokenColour, type Area, type Check } from "./helpers";

/**
 * One visual language for a verdict on an attack (app/ui/attack-verdict.tsx, the tokens in
 * app/globals.css): a stolen or forged credential accepted is "Attacker wins" in the
 * --attacker-wins colour with a warning triangle; refused, "Defence holds" in --defence-holds
 * with a shield. On the replay pages, the stopwatch and the playground, in light and dark: a
 * thief getting in is never drawn in the green that means "all is well", and always has its word.
 */

const colourOf = (locator: Locator) => locator.evaluate((element) => getComputedStyle(element).color);

/** The badge says its word, is drawn in its token's colour and carries its icon. */
async function expectVerdict(page: Page, badge: Locator, outcome: "attacker-wins" | "defence-holds") {
  await expect(badge).toHaveAttribute("data-verdict", outcome);
  await expect(badge).toHaveText(outcome === "attacker-wins" ? "Attacker wins" : "Defence holds");
  await expect(badge.locator("svg.attack-icon")).toHaveCount(1);
  expect(await colourOf(badge)).toBe(await tokenColour(page, `--${outcome}`));
  if (outcome === "attacker-wins") {
    expect(await colourOf(badge)).not.toBe(await tokenColour(page, "--ok"));
    expect(await colourOf(badge)).not.toBe(await tokenColour(page, "--defence-holds"));
  }
}

async function copyThenSignOut(page: Page, area: Area, checks?: Check[]) {
  await signIn(page, area, BOB, `/${area}/login`, checks);
  if (area === "authjs") await expect(page.getByTestId("client-session-status")).toHaveText("authenticated");
  await page.getByRole("button", { name: "Copy my credential" }).click();
  await expect(page.getByTestId("copied-credential")).toBeVisible();
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/${area}/login\\?reason=signed-out$`));
}

async function seriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.help}`);
}

for (const colorScheme of ["light", "dark"] as const) {
  test.describe(`${colorScheme} mode`, () => {
    test.use({ colorScheme });

    test("the replay page: a plain JWT's stolen copy accepted after sign-out is 'Attacker wins', never a green 'Accepted'", async ({ page }) => {
      await copyThenSignOut(page, "jwt", []);
      await page.goto("/jwt/replay");
      await page.getByRole("button", { name: "Replay it" }).click();
      const verdict = page.getByTestId("replay-verdict");
      await expect(verdict).toContainText("Accepted as bob (user).");
      await expect(verdict).toHaveAttribute("data-verdict", "attacker-wins");
      await expectVerdict(page, verdict.locator("[data-verdict]").first(), "attacker-wins");
      await expect(verdict.locator(".verdict-accepted")).toHaveCount(0);
      expect(await seriousViolations(page)).toEqual([]);
    });

    test("the replay page: a session's stolen copy refused after sign-out is 'Defence holds'", async ({ page }) => {
      await copyThenSignOut(page, "session");
      await page.goto("/session/replay");
      await page.getByRole("button", { name: "Replay it" }).click();
      const verdict = page.getByTestId("replay-verdict");
      // The sentence says all that is known: no "(reason: unknown)" after it.
      await expect(verdict).toContainText(/The server refused the copy\. The session does not exist: \S.*\.$/);
      await expectVerdict(page, verdict.locator("[data-verdict]").first(), "defence-holds");
      expect(await seriousViolations(page)).toEqual([]);
    });

    test("the stopwatch: every second the copy was accepted is drawn as 'Attacker wins', in its colour and with its icon", async ({ page }) => {
      await signIn(page, "jwt", BOB, "/jwt/login", []);
      const stopwatch = page.getByTestId("stopwatch-jwt");
      await stopwatch.getByRole("button", { name: "Steal it, sign out, and time it" }).click();
      await expect(stopwatch.getByTestId("stopwatch-result")).toContainText("still works", { timeout: 15_000 });
      await expectVerdict(page, stopwatch.getByTestId("stopwatch-verdict"), "attacker-wins");
      const samples = stopwatch.locator("svg.stopwatch-strip > g");
      await expect(samples).toHaveCount(6);
      for (const sample of await samples.all()) {
        await expect(sample).toHaveAttribute("data-verdict", "attacker-wins");
        expect(await colourOf(sample.locator(".attack-attacker-wins"))).toBe(await tokenColour(page, "--attacker-wins"));
      }
      await expect(stopwatch.getByRole("img")).toHaveAttribute("aria-label", /^The stolen copy, second by second: 0 s accepted, attacker wins; /);
      expect(await seriousViolations(page)).toEqual([]);
    });
  });
}

test("the stopwatch: a session copy refused at once is 'Defence holds', second by second", async ({ page }) => {
  await signIn(page, "session", BOB);
  const stopwatch = page.getByTestId("stopwatch-session");
  await stopwatch.getByRole("button", { name: "Steal it, sign out, and time it" }).click();
  await expect(stopwatch.getByTestId("stopwatch-result")).toHaveText("The stolen copy was refused from its first try, 0 s after sign-out.", { timeout: 15_000 });
  await expectVerdict(page, stopwatch.getByTestId("stopwatch-verdict"), "defence-holds");
  await expect(stopwatch.locator('svg.stopwatch-strip > g[data-verdict="defence-holds"]')).toHaveCount(6);
  await expect(stopwatch.getByRole("img")).toHaveAttribute("aria-label", /^The stolen copy, second by second: 0 s refused \(unknown\), defence holds; /);
});

test("the playground: a forged token is judged as an attack; your own token, untouched, is only 'Accepted'", async ({ page }) => {
  await signIn(page, "jwt", BOB, "/jwt/login", []);
  await page.goto("/jwt/playground");
  // Signed with a wrong key: the real verifier refuses it (the defence holds); had the key
  // leaked, the attacker's re-signed token would be accepted (the attacker wins).
  await page.getByRole("group", { name: "Presets" }).getByRole("button", { name: "HS256, wrong key", exact: true }).click();
  const result = page.getByTestId("playground-result");
  await expect(result.getByRole("heading")).toHaveText("HS256, wrong key");
  await expectVerdict(page, result.getByTestId("verdict-real").locator("[data-verdict]"), "defence-holds");
  await expectVerdict(page, result.getByTestId("verdict-leaked").locator("[data-verdict]"), "attacker-wins");
  await expect(result.getByTestId("verdict-leaked")).toContainText("Accepted as bob (user).");

  await page.getByRole("button", { name: "Back to your own token" }).click(); // the editor held the preset's variant
  await page.getByRole("button", { name: "Send to the verifier" }).click();
  await expect(result.getByRole("heading")).toHaveText("your edit");
  const own = result.getByTestId("verdict-real");
  await expect(own).toContainText("Accepted");
  await expect(own.locator("[data-verdict]")).toHaveCount(0); // not an attack: no verdict on one
  await expect(own.locator(".verdict-accepted")).toHaveCount(1);
});

test("the login page's picture of a refused request marks the gate that refused with the 'defence holds' shield, next to its word", async ({ page, context }) => {
  await plantCookie(context, SESSION_COOKIE, "A".repeat(43)); // a guessed session id
  await page.goto("/session/dashboard");
  await expect(page).toHaveURL(/\/session\/login\?next=%2Fsession%2Fdashboard&by=page&reason=unknown$/);
  const refused = page.getByTestId("refusal-timeline").locator(".timeline-refused");
  await expect(refused).toHaveCount(1);
  await expect(refused.locator('[data-verdict="defence-holds"]')).toHaveCount(1);
  await expect(refused.locator(".timeline-detail")).toHaveText("refused (unknown)");
  expect(await colourOf(refused.locator(".attack-defence-holds"))).toBe(await tokenColour(page, "--defence-holds"));
  await expect(page.getByTestId("refusal-timeline-steps").locator("li.verdict-refused-text")).toHaveText("second gate: refused (unknown). The session does not exist: it was signed out, revoked or has expired.");
});

for (const colorScheme of ["light", "dark"] as const) {
  test(`${colorScheme} mode: your own sign-out is confirmed as a state change, in --state-change, never in the green of 'Defence holds'`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    await signIn(page, "jwt", BOB, "/jwt/login", []);
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(page).toHaveURL(/\/jwt\/login\?reason=signed-out$/);
    const confirmation = page.getByTestId("login-confirmation");
    await expect(confirmation).toHaveText(/^Signed out\./);
    await expect(confirmation.locator("[data-verdict]")).toHaveCount(0);
    const border = await confirmation.evaluate((el) => getComputedStyle(el).borderLeftColor);
    expect(border).toBe(await tokenColour(page, "--state-change"));
    expect(border).not.toBe(await tokenColour(page, "--defence-holds"));
    expect(border).not.toBe(await tokenColour(page, "--ok"));
    const background = await confirmation.evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(background).toBe(await page.evaluate(() => {
      const probe = document.createElement("span");
      probe.style.backgroundColor = "var(--state-change-bg)";
      document.body.append(probe);
      const colour = getComputedStyle(probe).backgroundColor;
      probe.remove();
      return colour;
    }));
  });

  test(`${colorScheme} mode: "You were signed out" on a login page is a state change like the confirmation, in --state-change, not the amber of a warning`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    await page.goto("/jwt/login?reason=refresh-family-revoked");
    const reason = page.getByTestId("login-reason");
    await expect(reason).toHaveText("You were signed out. The sign-in this refresh token belongs to was signed out.");
    await expect(reason.locator("> strong").first()).toHaveText("You were signed out.");
    await expect(reason.locator("[data-verdict]")).toHaveCount(0);
    const border = await reason.evaluate((el) => getComputedStyle(el).borderLeftColor);
    expect(border).toBe(await tokenColour(page, "--state-change"));
    expect(border).not.toBe(await tokenColour(page, "--warn-border"));
    expect(await reason.locator("> strong").first().evaluate((el) => getComputedStyle(el).color)).toBe(await tokenColour(page, "--state-change"));
  });
}
