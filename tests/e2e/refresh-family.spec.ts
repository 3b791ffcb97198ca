import { expect, test, type Locator, type Page } from "@playwright/test";
import { BOB, JWT_COOKIE, JWT_REFRESH_COOKIE, cookieValue, jwtDashboardSettled, readClaims, signIn, tokenColour } from "./helpers";

/**
 * The refresh-family picture on the JWT dashboard: drawn from the family's record after real
 * refreshes, and a thief replaying a really spent token to the real refresh check.
 */

const THIEF_COOKIE = "__Secure-jwt-thief-copy";

/** "R0:rotated R1:current": the chain as drawn (each token's box carries its status). */
async function chain(family: Locator): Promise<string> {
  const boxes = family.locator("figure [data-generation]");
  const drawn = await boxes.evaluateAll((gs) => gs.map((g) => `R${g.getAttribute("data-generation")}:${g.getAttribute("data-status")}`));
  return drawn.join(" ");
}

async function signedInFamily(page: Page): Promise<Locator> {
  await signIn(page, "jwt", BOB); // every check by default, so a refresh token too
  await jwtDashboardSettled(page); // its own request done before this test changes the cookies
  const family = page.getByTestId("refresh-family");
  await expect(family).toHaveAttribute("data-state", "live");
  expect(await chain(family)).toBe("R0:current");
  return family;
}

test("expire, refresh twice, then the thief replays R0: reuse detection revokes the family, and the dashboard is closed", async ({ page, context }) => {
  const family = await signedInFamily(page);

  await family.getByRole("button", { name: "Expire my access token now" }).click();
  await expect(family.getByTestId("family-access")).toContainText("expired");
  const expired = readClaims((await cookieValue(context, JWT_COOKIE))!);
  expect((expired.exp as number) * 1000).toBeLessThan(Date.now());

  const refreshBefore = await cookieValue(context, JWT_REFRESH_COOKIE);
  await family.getByRole("button", { name: "Refresh now" }).click();
  await expect(family.getByTestId("family-message")).toHaveText("Refreshed: R0 was spent for R1 and a new access token. The demo kept a copy of R0, as a thief would: “Replay an old refresh token” sends it.");
  await expect.poll(() => chain(family)).toBe("R0:rotated R1:current");
  // Nobody has replayed it yet: the copy is only kept for the replay, no thief in the picture.
  await expect(family.locator("figure [data-generation='0'] .family-thief")).toHaveText("copy kept for the replay");
  await expect(family.getByTestId("family-text")).toHaveText("The family is live: R0 rotated, R1 current. The demo kept a copy of R0 for the replay.");
  expect(await cookieValue(context, JWT_REFRESH_COOKIE)).not.toBe(refreshBefore);
  expect((readClaims((await cookieValue(context, JWT_COOKIE))!).exp as number) * 1000).toBeGreaterThan(Date.now());
  // The thief's copy never reaches the page: HttpOnly, and sent only below the refresh route.
  const thief = (await context.cookies()).find((c) => c.name === THIEF_COOKIE);
  expect(thief).toMatchObject({ httpOnly: true, path: "/api/jwt/refresh", sameSite: "Strict" });
  expect(await page.evaluate(() => document.cookie)).not.toContain("thief");

  await family.getByRole("button", { name: "Refresh now" }).click();
  await expect.poll(() => chain(family)).toBe("R0:rotated R1:rotated R2:current");

  await family.getByRole("button", { name: "Replay an old refresh token (as a thief)" }).click();
  await expect(family).toHaveAttribute("data-state", "revoked");
  expect(await chain(family)).toBe("R0:reused R1:revoked R2:revoked");
  await expect(family.getByTestId("family-message")).toHaveText(/^R0 was already spent: reuse detected/);
  // The thief refused: the same "defence holds" verdict as the replay pages and the stopwatch.
  await expect(family.getByTestId("family-verdict")).toHaveAttribute("data-verdict", "defence-holds");
  await expect(family.getByTestId("family-verdict-line")).toHaveText("Defence holds the thief’s copy was refused.");
  // Your own sign-in ending is a state change, not part of the green verdict: told below the
  // verdict's box, in its own block, in the neutral --state-change colour, led by its word.
  const verdictBox = family.getByTestId("family-verdict");
  expect(await verdictBox.evaluate((el) => getComputedStyle(el).borderLeftColor)).toBe(await tokenColour(page, "--defence-holds"));
  await expect(verdictBox).not.toContainText("yours included");
  await expect(verdictBox.getByTestId("family-revoked")).toHaveCount(0);
  const ended = family.getByTestId("family-revoked");
  await expect(ended).toHaveText(/^Your sign-in ended\. Revoked: reuse detected\. Every token of this sign-in went with the family, yours included\./);
  expect(await ended.evaluate((el) => el.compareDocumentPosition(document.querySelector("[data-testid=family-verdict]")!) & Node.DOCUMENT_POSITION_PRECEDING)).toBeTruthy();
  expect(await ended.evaluate((el) => getComputedStyle(el).borderLeftColor)).toBe(await tokenColour(page, "--state-change"));
  expect(await ended.evaluate((el) => getComputedStyle(el).borderLeftColor)).not.toBe(await tokenColour(page, "--defence-holds"));
  expect(await ended.locator("strong").first().evaluate((el) => getComputedStyle(el).color)).toBe(await tokenColour(page, "--state-change"));
  // The top of the page says this browser was signed out too, and stops saying "signed in as".
  await expect(page.getByTestId("signed-out-here")).toContainText("Signed out by reuse detection.");
  await expect(page.getByTestId("jwt-user")).toBeHidden();
  // Nothing left for the stopwatch to steal: it says so instead of failing when pressed.
  await expect(page.getByRole("button", { name: "Steal it, sign out, and time it" })).toBeDisabled();
  await expect(page.getByTestId("stopwatch-nothing-to-steal")).toBeVisible();
  // The caught reuse is drawn in the warning colour, never in the red that says the attacker won.
  const reusedStroke = await family.locator("figure .family-box.family-reused").evaluate((el) => getComputedStyle(el).borderTopColor);
  expect(reusedStroke).toBe(await tokenColour(page, "--warn"));
  expect(reusedStroke).not.toBe(await tokenColour(page, "--attacker-wins"));
  await expect(family.getByTestId("family-revoked")).toContainText("reuse detected");
  await expect(family.getByTestId("family-text")).toHaveText(/^The family is revoked \(reuse detected.*\): R0 replayed after its grace, R1 revoked with its family, R2 revoked with its family\. A thief holds a copy of R0\.$/);
  await expect(family.locator("figure [data-generation='0'] .family-thief")).toHaveText("thief's copy");

  // The user's own access token names the family: refused from now on.
  await page.goto("/jwt/dashboard");
  await expect(page).toHaveURL(/\/jwt\/login\?.*reason=family-reused/);
  // The login page names what happened, not a list of what might have.
  await expect(page.getByTestId("login-reason")).toHaveText("You were signed out. A refresh token of this sign-in was used twice, so it was probably stolen: every token of the sign-in is revoked, this one too.");
});

test("the thief's replay inside the grace window is answered once, drawn as such; the second is reuse", async ({ page }) => {
  const family = await signedInFamily(page);
  await family.getByRole("button", { name: "Refresh now" }).click();
  await expect.poll(() => chain(family)).toBe("R0:rotated R1:current");

  const replay = family.getByRole("button", { name: "Replay an old refresh token (as a thief)" });
  await replay.click();
  await expect(family.getByTestId("family-message")).toHaveText(/^R0 was accepted inside the grace window/);
  // Answered once inside the grace window: the thief got fresh tokens, and the page says who won.
  await expect(family.getByTestId("family-verdict")).toHaveAttribute("data-verdict", "attacker-wins");
  await expect(family.getByTestId("family-verdict")).toContainText("Attacker wins");
  await expect.poll(() => chain(family)).toBe("R0:grace R1:current");
  await expect(family).toHaveAttribute("data-state", "live");
  // Tolerated is not caught: a grace box is drawn apart from a reuse (blue, not the warning colour).
  const graceStroke = await family.locator("figure .family-box.family-grace").evaluate((el) => getComputedStyle(el).borderTopColor);
  expect(graceStroke).toBe(await tokenColour(page, "--link"));
  expect(graceStroke).not.toBe(await tokenColour(page, "--warn"));

  await replay.click();
  await expect(family).toHaveAttribute("data-state", "revoked");
  expect(await chain(family)).toBe("R0:reused R1:revoked");
});

test("an expired access token is refreshed on the way by the next page load, and the picture shows the new generation", async ({ page }) => {
  const family = await signedInFamily(page);
  await family.getByRole("button", { name: "Expire my access token now" }).click();
  await expect(family.getByTestId("family-access")).toContainText("expired");
  // The reload keeps the page scrolled to the family: what happened on the way is brought into view.
  expect(await page.evaluate(() => window.scrollY), "scrolled down to the family").toBeGreaterThan(0);
  await page.reload();
  await expect(page).toHaveURL(/\/jwt\/dashboard$/);
  await expect.poll(() => chain(page.getByTestId("refresh-family"))).toBe("R0:rotated R1:current");
  await expect(page.getByTestId("refreshed-on-the-way")).toBeInViewport();
  await expect(page.getByTestId("refreshed-on-the-way")).toContainText("Your access token had expired");
});

test("the thief has nothing to replay before a refresh spent a token, and says so", async ({ page }) => {
  const family = await signedInFamily(page);
  await family.getByRole("button", { name: "Replay an old refresh token (as a thief)" }).click();
  await expect(family.getByTestId("family-message")).toHaveText(/^The thief has no copy yet/);
  expect(await chain(family)).toBe("R0:current");
});

test("with an expired access token, links to the lane's protected pages spend no refresh token until clicked, then exactly one", async ({ page }) => {
  const family = await signedInFamily(page);
  await family.getByRole("button", { name: "Expire my access token now" }).click();
  await expect(family.getByTestId("family-access")).toContainText("expired");
  const spent: string[] = [];
  page.on("request", (request) => {
    if (new URL(request.url()).pathname === "/api/jwt/refresh") spent.push(request.url());
  });

  // The home page, /compare and /jwt link to the lane's protected pages. Each page's other
  // links are prefetched (the control: prefetching ran, here the nav's /session), the
  // protected ones are not. A tall window puts every link in view, where Next.js prefetches.
  await page.setViewportSize({ width: 1280, height: 6000 });
  for (const path of ["/", "/compare", "/jwt"]) {
    const prefetched = page.waitForRequest((r) => new URL(r.url()).pathname === "/session" && r.headers()["next-router-prefetch"] !== undefined);
    await page.goto(path);
    await prefetched;
    await page.waitForLoadState("networkidle");
  }
  expect(spent).toEqual([]);

  // The click refreshes on the way, with one use of the refresh token (a client-side
  // navigation would make two: an RSC fetch, then the page load Next.js falls back to).
  await page.getByRole("link", { name: "Dashboard", exact: true }).click();
  await expect(page).toHaveURL(/\/jwt\/dashboard$/);
  await expect.poll(() => chain(page.getByTestId("refresh-family"))).toBe("R0:rotated R1:current");
  expect(spent).toHaveLength(1);
});
