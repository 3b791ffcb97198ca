import { expect, test } from "@playwright/test";
import { BOB, signIn, tokenColour, type Check } from "./helpers";

/**
 * The revocation stopwatch: one click keeps a copy of the credential, signs out, and presents
 * the copy once a second. Sessions and the jti denylist: 0 s. A plain JWT, and Auth.js (whose
 * sign-out only deletes the browser's copy): still working, with the time it has left.
 * Each sample is timed by when the copy was presented; on a busy machine an answer can take
 * over a second, so later samples may be presented late (5 s can read 6 s), never early.
 */
const CASES: Array<{ area: "jwt" | "session" | "authjs"; checks?: Check[]; result: RegExp }> = [
  { area: "session", result: /^The stolen copy was refused from its first try, 0 s after sign-out\.$/ },
  { area: "jwt", checks: ["jti", "refresh"], result: /^The stolen copy was refused from its first try, 0 s after sign-out\.$/ },
  { area: "jwt", checks: [], result: /^The stolen copy still works [5-9] s after sign-out, and would work for another (5\dm|1h 0m) \d+s\.$/ },
  // Auth.js: the copy's own expiry (1 h from when it was last issued, before the sign-out), not the sliding one (1 h from each answer).
  { area: "authjs", result: /^The stolen copy still works [5-9] s after sign-out, and would work for another (5[0-8]m \d+s|59m ([0-4]\d|5[0-5])s): its own expiry, as issued\.$/ },
];

for (const { area, checks, result } of CASES) {
  test(`${area}${checks ? ` (checks: ${checks.join(",") || "none"})` : ""}: the stopwatch reads what the server answered the stolen copy`, async ({ page }) => {
    await signIn(page, area, BOB, `/${area}/login`, checks);
    if (area === "authjs") await expect(page.getByTestId("client-session-status")).toHaveText("authenticated");
    const stopwatch = page.getByTestId(`stopwatch-${area}`);
    const playgroundLink = page.getByRole("link", { name: "The token tamper playground" });
    if (area === "jwt") await expect(playgroundLink).toBeVisible();
    await stopwatch.getByRole("button", { name: "Steal it, sign out, and time it" }).click();
    await expect(stopwatch.getByTestId("stopwatch-result")).toHaveText(result, { timeout: 15_000 });
    if (area === "authjs") {
      await expect(stopwatch.getByTestId("stopwatch-slides")).toHaveText(
        "It slides only if the thief loads a page with it and keeps the cookie Auth.js re-issues: 1 h from that load, again and again until 30 d after the sign-in.",
      );
    } else {
      await expect(stopwatch.getByTestId("stopwatch-slides")).toHaveCount(0);
    }
    // The time line under the marks is drawn (an outline in the muted colour, not a filled black shape).
    const axis = stopwatch.locator(".stopwatch-strip .timeline-arrow");
    const [fill, stroke] = await axis.evaluate((line) => [getComputedStyle(line).fill, getComputedStyle(line).stroke]);
    expect(fill).toBe("none");
    expect(stroke).not.toBe("none");
    // A refusal says why in words (the session's "unknown" is a session signed out, not a server at a loss).
    if (area === "session") await expect(stopwatch.getByTestId("stopwatch-why")).toHaveText("The session does not exist: it was signed out, revoked or has expired.");
    if (area === "jwt" && checks?.length) await expect(stopwatch.getByTestId("stopwatch-why")).toHaveText("The token was revoked at logout (its jti is on the denylist).");
    if (!/refused/.test(String(result))) await expect(stopwatch.getByTestId("stopwatch-why")).toHaveCount(0);
    // Six samples, the first at 0 s, in order, each presented no earlier than its second after
    // sign-out, and the last a few seconds at most after its own.
    const label = await stopwatch.getByRole("img").getAttribute("aria-label");
    const samples = [...(label ?? "").matchAll(/(\d+) s (accepted|refused)/g)].map((m) => Number(m[1]));
    expect(label).toMatch(/^The stolen copy, second by second: 0 s (accepted, attacker wins|refused \(\w+\), defence holds); /);
    expect(samples).toHaveLength(6);
    samples.forEach((t, i) => expect(t, `sample ${i}`).toBeGreaterThanOrEqual(Math.max(i, samples[i - 1] ?? 0)));
    expect(samples[5], "the last sample, about 5 s after sign-out").toBeLessThanOrEqual(9);
    // The page says the sign-out at its top, and stops claiming "signed in as bob" with a
    // countdown and sign-out buttons.
    await expect(page.getByTestId("signed-out-here")).toHaveText(
      "Signed out. The revocation stopwatch signed bob out of this browser: it no longer holds the credential. The rest of this page shows the credential as it was. Sign in again.",
    );
    await expect(page.getByTestId(`${area}-user`)).toHaveCount(0);
    await expect(page.getByTestId("countdown")).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^Sign out/ })).toHaveCount(0);
    await expect(stopwatch.getByTestId("stopwatch-signed-out")).toHaveText("You are signed out in this browser now. Sign in again");
    // "Sign in again" opens the login as this sign-in was made: the JWT lane's checks ticked as they were.
    const again = area !== "jwt" ? `/${area}/login` : `/jwt/login?${new URLSearchParams({ checks: checks!.join(",") || "none" })}`;
    for (const link of [page.getByTestId("signed-out-here"), stopwatch.getByTestId("stopwatch-signed-out")]) {
      await expect(link.getByRole("link", { name: "Sign in again" })).toHaveAttribute("href", again);
    }
    // The playground would only answer "sign in again": it is no longer offered.
    await expect(playgroundLink).toHaveCount(0);
    await expect(page.getByRole("heading", { name: "Tamper with it", exact: true })).toHaveCount(0);
    if (area !== "authjs") {
      // At 1280 px the copy panel and the stopwatch sit side by side, their headings on one line.
      const card = page.locator(".stolen-credential");
      const tops = await Promise.all(
        ["Stolen credential", "Revocation stopwatch"].map((name) => card.getByRole("heading", { name, exact: true }).evaluate((h) => h.getBoundingClientRect().top)),
      );
      expect(Math.abs(tops[0] - tops[1]), `heading tops ${tops.join(", ")}`).toBeLessThanOrEqual(2);
    }
    // Nothing left to act on: the credential's buttons say so instead of doing nothing.
    await expect(page.getByRole("button", { name: "Copy my credential" })).toBeDisabled();
    await expect(page.getByTestId("copy-signed-out")).toBeVisible();
    if (area === "session") await expect(page.getByRole("button", { name: "Mint a token for the third party" })).toBeDisabled();
    if (checks?.includes("refresh")) {
      // The sign-out revoked the refresh family: its card says so, and offers nothing to press.
      const family = page.getByTestId("refresh-family");
      await expect(family).toHaveAttribute("data-state", "revoked");
      await expect(family.getByTestId("family-revoked")).toContainText("Revoked: signed out.");
      await expect(family.getByTestId("family-countdown")).toHaveCount(0);
      for (const name of ["Expire my access token now", "Refresh now", "Replay an old refresh token (as a thief)"]) await expect(family.getByRole("button", { name })).toBeDisabled();
      // And they look it: not the primary button's fill, the muted ink, in either colour scheme.
      for (const colorScheme of ["light", "dark"] as const) {
        await page.emulateMedia({ colorScheme });
        const refresh = family.getByRole("button", { name: "Refresh now" });
        const look = await refresh.evaluate((b) => ({ background: getComputedStyle(b).backgroundColor, color: getComputedStyle(b).color, opacity: getComputedStyle(b).opacity }));
        const probe = await page.evaluate(() => {
          const b = document.createElement("button");
          document.body.append(b);
          const background = getComputedStyle(b).backgroundColor;
          b.remove();
          return background;
        });
        expect(look.background, colorScheme).not.toBe(probe);
        expect(look.color, colorScheme).toBe(await tokenColour(page, "--muted"));
        expect(look.opacity, `${colorScheme}: legible, not faded`).toBe("1");
      }
      await page.emulateMedia({ colorScheme: "light" });
    }
    if (area === "authjs") {
      // The browser's useSession() view and its update form are signed-in parts too.
      await expect(page.getByTestId("client-session")).toHaveCount(0);
      await expect(page.getByRole("button", { name: "Update with useSession().update()" })).toHaveCount(0);
      // Its heading still says why it has nothing under it.
      await page.getByTestId("reference-session").locator("summary").click();
      await expect(page.getByTestId("client-session-signed-out")).toHaveText("Nothing to show: this browser is signed out, so useSession() has no session.");
      // The decrypted cookie and the "first gate" row under it have room between them.
      await page.getByTestId("reference-token").locator("summary").click();
      const decrypted = await page.getByTestId("authjs-decrypted").boundingBox();
      const firstGate = await page.locator("[data-testid=\"authjs-decrypted\"] + dl.facts").boundingBox();
      expect(firstGate!.y - (decrypted!.y + decrypted!.height), "gap under the decrypted cookie").toBeGreaterThanOrEqual(8);
    }
    // The strip's second labels take the muted ink, as every picture's text does (black would vanish on a dark card).
    const secondLabel = stopwatch.locator("svg.stopwatch-strip text").first();
    expect(await secondLabel.evaluate((el) => getComputedStyle(el).fill)).toBe(await tokenColour(page, "--muted"));
    // Signed out for real: the dashboard now sends this browser to the login page.
    await page.goto(`/${area}/dashboard`);
    await expect(page).toHaveURL(new RegExp(`/${area}/login`));
  });
}

test("a sample the server never answered is no verdict: drawn apart, and never counted as refused", async ({ page }) => {
  await signIn(page, "session", BOB, "/session/login");
  // The copy's first two presentations are lost on the way (as in an outage); the rest get through.
  let lost = 0;
  await page.route("**/api/demo/replay", (route) => (lost++ < 2 ? route.abort("connectionfailed") : route.continue()));
  const stopwatch = page.getByTestId("stopwatch-session");
  await stopwatch.getByRole("button", { name: "Steal it, sign out, and time it" }).click();
  // The first refusal is the first answered sample (2 s or later), not the first lost one (0 s).
  await expect(stopwatch.getByTestId("stopwatch-result")).toHaveText(/^The stolen copy was refused [2-9] s after sign-out; the server did not answer before that\.$/, { timeout: 15_000 });
  const verdicts = await stopwatch.locator(".stopwatch-strip [data-verdict]").evaluateAll((marks) => marks.map((mark) => mark.getAttribute("data-verdict")));
  expect(verdicts.slice(0, 2)).toEqual(["no-answer", "no-answer"]);
  expect(verdicts.slice(2)).toEqual(Array(4).fill("defence-holds"));
  expect(await stopwatch.getByRole("img").getAttribute("aria-label")).toMatch(/^The stolen copy, second by second: 0 s no answer \(no connection\), no verdict; 1 s no answer/);
  await expect(stopwatch.getByText("no answer: no verdict either way")).toBeVisible();
});

test("the home page's 'steal a cookie, then sign out' step, JWT: a plain JWT, whose stolen copy keeps working", async ({ page }) => {
  await page.goto("/");
  const step = page.getByTestId("guided-path").locator("ol > li").first();
  await expect(step).toContainText("sign in to JWT with the revocation checks unticked (a plain JWT)");
  await step.getByRole("link", { name: "JWT", exact: true }).click();
  await expect(page).toHaveURL(/\/jwt\/login\?checks=none$/);
  // The URL chose among the form's own checkboxes: all three shown, all unticked, still the user's to change.
  const checks = page.getByRole("group", { name: "Revocation checks for this token" }).getByRole("checkbox");
  await expect(checks).toHaveCount(3);
  for (const check of await checks.all()) await expect(check).not.toBeChecked();
  await signIn(page, "jwt", BOB);
  await expect(page).toHaveURL(/\/jwt\/dashboard$/);
  await expect(page.getByTestId("jwt-checks")).toHaveText("none: a plain stateless JWT, only its expiry ends it");
  const stopwatch = page.getByTestId("stopwatch-jwt");
  await stopwatch.getByRole("button", { name: "Steal it, sign out, and time it" }).click();
  await expect(stopwatch.getByTestId("stopwatch-result")).toHaveText(/^The stolen copy still works [5-9] s after sign-out/, { timeout: 15_000 });
  await expect(stopwatch.getByTestId("stopwatch-verdict")).toHaveText("Attacker wins");
  expect(await stopwatch.getByRole("img").getAttribute("aria-label")).toMatch(/^The stolen copy, second by second: 0 s accepted, attacker wins;/);
});
