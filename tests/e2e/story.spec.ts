import { expect, test, type Page } from "@playwright/test";
import { ALICE, BOB, JWT_COOKIE, cookieValue, jwtDashboardSettled, readClaims, signIn, type LoginArea } from "./helpers";

/**
 * The demo tells its story (issue #27): the home page says what to try next, in order; each
 * dashboard leads with its demos and folds its reference material, each fact printed once;
 * nothing is left empty beside a long column, and nothing is hidden sideways.
 */

const LANES: LoginArea[] = ["jwt", "session", "authjs", "better-auth"];

/** Measured at 390 px: the refresh family started 4,059 px down before the demos came first, 1,382 px after. */
const REFRESH_FAMILY_TOP_MAX_PX = 1500;
/** The JWT dashboard's height at 390 px: 6,910 px before, 4,647 px with its reference folded (unfolded, they add ~1,200 px). */
const JWT_DASHBOARD_HEIGHT_MAX_PX = 5000;
/** Where the first lane starts on the home page at 390 px: 510 px before "Try this next", 838 px with it. */
const HOME_LANES_TOP_MAX_PX = 1000;
/** Side by side at 1280 px, one card's content may end this much before its neighbour's (Auth.js's ended ~1,000 px early). */
const EMPTY_COLUMN_MAX_PX = 300;
/**
 * After "Copy my credential" at 1280 px: the command's card ended ~220 px below the JWT lane card
 * and its folds (~110 px on Auth.js's). With more folds beside it, the columns end within ~50 px
 * (JWT ~0, session ~40, Auth.js 10-50 with its cookie's length).
 */
const COPY_EMPTY_COLUMN_MAX_PX = 90;
/**
 * Better Auth after the stopwatch: its lane card ended ~220 px before the stopwatch's result beside
 * it (within EMPTY_COLUMN_MAX_PX, but a hole all the same); the cookie cache card now fills it.
 */
const BETTER_AUTH_SIGNED_OUT_EMPTY_MAX_PX = 120;
/** Empty column a login page may leave beside a card (the demo users card beside the JWT form left ~545 px, 650-700 px with a notice). */
const LOGIN_EMPTY_BESIDE_MAX_PX = 150;
/** A login page's one column at 1280 px: wide enough for the form and its picture, narrow enough to read. */
const LOGIN_COLUMN_MAX_PX = 720;

/** The reference material of each dashboard: folded (closed <details>) at first. */
const REFERENCE: Record<LoginArea, string[]> = {
  jwt: ["jwt-cookie-payload-public", "jwt-cookie-header", "forwarded-headers"],
  session: ["session-record", "session-first-gate"],
  authjs: ["server-session-json", "client-session-json", "authjs-decrypted", "authjs-cookie-kind"],
  "better-auth": ["better-auth-client-status"],
};

async function openDashboard(page: Page, lane: LoginArea) {
  await page.goto(`/${lane}/dashboard`);
  await expect(page).toHaveURL(new RegExp(`/${lane}/dashboard$`));
  if (lane === "jwt") await jwtDashboardSettled(page);
  if (lane === "authjs") await expect(page.getByTestId("client-session-status")).toHaveText("authenticated");
}

async function signInEverywhere(page: Page) {
  for (const lane of LANES) await signIn(page, lane, BOB);
}

test("the home page offers 'Try this next': four steps in order, each a link to a page that answers", async ({ page }) => {
  await page.goto("/");
  const steps = page.getByTestId("guided-path").locator("ol > li");
  await expect(steps).toHaveCount(4);
  await expect(steps.locator("strong")).toHaveText(["Steal a cookie, then sign out", "Change a role", "Replay a spent refresh token", "Forge a token"]);
  // The steps that lead to reuse, as refresh-family.spec plays them (one refresh, then a replay, is the grace window's answer).
  await expect(steps.nth(2)).toContainText("refresh twice, then replay as the thief: reuse is detected");
  const expected = [
    ["/session/dashboard", "/jwt/login?checks=none"],
    ["/jwt/admin"],
    ["/jwt/dashboard#refresh-family"],
    ["/jwt/playground", "/compare/leaked-key"],
  ];
  for (const [i, hrefs] of expected.entries()) {
    const links = steps.nth(i).getByRole("link");
    await expect(links).toHaveCount(hrefs.length);
    for (const [j, href] of hrefs.entries()) {
      await expect(links.nth(j)).toHaveAttribute("href", href);
      // Signed out, a protected page sends you to its login page (200), which brings you back after.
      const response = await page.request.get(href);
      expect(response.status(), href).toBe(200);
    }
  }
  // Signed out, the link goes through the login page and lands on the section it names after
  // signing in: the fragment survives the redirect and the sign-in.
  await page.goto("/jwt/dashboard#refresh-family");
  await expect(page).toHaveURL(/\/jwt\/login\?next=%2Fjwt%2Fdashboard#refresh-family$/);
  await signIn(page, "jwt", BOB);
  await expect(page).toHaveURL(/\/jwt\/dashboard#refresh-family$/);
  await expect(page.locator("#refresh-family")).toHaveAttribute("data-testid", "refresh-family");
  await expect(page.locator("#refresh-family")).toBeInViewport();
});

test.describe("at 390 px", () => {
  test.use({ viewport: { width: 390, height: 900 } });

  test("the guided path keeps the four lanes near the top of the home page", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByTestId("guided-path")).toBeVisible();
    const top = await page.getByTestId("jwt-column").evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
    expect(top).toBeLessThanOrEqual(HOME_LANES_TOP_MAX_PX);
  });

  test("the JWT dashboard leads with its demos: the refresh family near the top, the claims printed once", async ({ page, context }) => {
    await signIn(page, "jwt", BOB);
    await openDashboard(page, "jwt");
    const family = await page.getByTestId("refresh-family").evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
    expect(family).toBeLessThanOrEqual(REFRESH_FAMILY_TOP_MAX_PX);
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(JWT_DASHBOARD_HEIGHT_MAX_PX);
    // Once: the claims (their jti), and the header's alg, anywhere in the page's text.
    const { jti } = readClaims((await cookieValue(context, JWT_COOKIE))!);
    const text = (await page.locator("main").textContent()) ?? "";
    expect(text.split(`"jti": "${String(jti)}"`).length - 1).toBe(1);
    expect(text.split('"alg": "HS256"').length - 1).toBe(1);
  });

  test("the refresh family's picture fits its card after five refreshes and a replay, its labels readable in dark mode", async ({ page }) => {
    await page.emulateMedia({ colorScheme: "dark" });
    await signIn(page, "jwt", BOB);
    await openDashboard(page, "jwt");
    const family = page.getByTestId("refresh-family");
    for (let generation = 1; generation <= 5; generation++) {
      await family.getByRole("button", { name: "Refresh now" }).click();
      await expect(family.locator(`[data-generation="${generation}"][data-status="current"]`)).toHaveCount(1);
    }
    await family.getByRole("button", { name: "Replay an old refresh token (as a thief)" }).click();
    await expect(family).toHaveAttribute("data-state", "revoked");
    // Six boxes, R0 to R5, each inside the window: stacked, not shrunk to fit.
    const boxes = await family.locator("figure :is(rect.family-token, .family-box)").evaluateAll((all) => all.map((el) => el.getBoundingClientRect().right));
    expect(boxes).toHaveLength(6);
    for (const right of boxes) expect(right).toBeLessThanOrEqual(390);
    // Every label at the page's small size as drawn (an SVG's text times the scale it is drawn at).
    const labels = await family.locator("figure :is(text, .timeline-title, .timeline-detail, .family-thief)").evaluateAll((all) =>
      all.map((el) => `${el.textContent}: ${parseFloat(getComputedStyle(el).fontSize) * (el instanceof SVGGraphicsElement ? el.getScreenCTM()!.a : 1)}`),
    );
    expect(labels.join(" ")).toContain("thief's copy");
    expect(labels.filter((label) => Number(label.split(": ").at(-1)) < 12)).toEqual([]);
    // Light text on the dark card, never the default black.
    const label = family.locator("figure .timeline-title").last();
    await expect(label).toHaveText("R5");
    expect(await label.evaluate((el) => getComputedStyle(el).color)).not.toBe("rgb(0, 0, 0)");
  });

  test("no block of data or code on a dashboard is wider than its box, reference sections open", async ({ page }) => {
    await signInEverywhere(page);
    for (const lane of LANES) {
      await openDashboard(page, lane);
      await page.locator("main details.reference, main details.how-it-works").evaluateAll((all) => all.forEach((el) => ((el as HTMLDetailsElement).open = true)));
      const pres = page.locator("main pre");
      expect(await pres.count(), lane).toBeGreaterThan(0);
      const wider = await pres.evaluateAll((all) =>
        all.filter((el) => el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1).map((el) => `${(el as HTMLElement).dataset.testid ?? el.className}: ${el.scrollWidth} > ${el.clientWidth}`),
      );
      expect(wider, lane).toEqual([]);
    }
  });
});

test("each dashboard puts its demos first and folds its reference material, closed", async ({ page }) => {
  await signInEverywhere(page);
  for (const lane of LANES) {
    await openDashboard(page, lane);
    const stopwatch = page.getByTestId(`stopwatch-${lane}`);
    await expect(stopwatch).toBeVisible();
    const folded = page.locator("main details.reference");
    expect(await folded.count(), lane).toBeGreaterThan(0);
    for (const section of await folded.all()) await expect(section, lane).not.toHaveAttribute("open");
    for (const id of REFERENCE[lane]) {
      const fact = page.getByTestId(id);
      await expect(fact, `${lane}: ${id}`).toBeHidden();
      expect(await fact.evaluate((el) => el.closest("details.reference")?.hasAttribute("open")), `${lane}: ${id} is in a closed reference section`).toBe(false);
    }
    // The demo comes before the first folded section.
    const stopwatchTop = await stopwatch.evaluate((el) => el.getBoundingClientRect().top);
    const foldedTop = await folded.first().evaluate((el) => el.getBoundingClientRect().top);
    expect(stopwatchTop, lane).toBeLessThan(foldedTop);
    // Opened, a section shows what it holds.
    await folded.first().locator("summary").click();
    await expect(folded.first()).toHaveAttribute("open");
    await expect(page.getByTestId(REFERENCE[lane].find((id) => id !== "session-first-gate")!)).toBeVisible();
  }
});

/**
 * Cards side by side in the grids `selector` matches: each group of cards in different columns
 * whose boxes overlap (a row, or a card spanning rows beside a stack of others), with where each
 * column's content ends. What is measured is what is drawn: a closed section's content still
 * has boxes, but is not rendered.
 */
async function sideBySide(page: Page, selector: string) {
  return page.locator(selector).evaluateAll((grids) =>
    grids.filter((grid) => grid.checkVisibility()).flatMap((grid) => {
      const cards = [...grid.children].filter((el) => el.checkVisibility()).map((el) => {
        const box = el.getBoundingClientRect();
        const drawn = [...el.children].filter((child) => child.checkVisibility());
        const contentBottom = Math.max(box.top, ...drawn.map((child) => child.getBoundingClientRect().bottom));
        const name = (el as HTMLElement).dataset.testid ?? el.querySelector("h1, h2, h3, summary")?.textContent ?? el.tagName;
        return { name, top: Math.round(box.top), bottom: Math.round(box.bottom), left: Math.round(box.left), contentBottom: Math.round(contentBottom) };
      });
      type Card = (typeof cards)[number];
      let groups: Card[][] = [];
      for (const card of cards) {
        const beside = groups.filter((group) => group.some((other) => other.left !== card.left && other.top < card.bottom && card.top < other.bottom));
        groups = [...groups.filter((group) => !beside.includes(group)), [...beside.flat(), card]];
      }
      return groups.flatMap((group) => {
        const ends = new Map<number, number>();
        for (const card of group) ends.set(card.left, Math.max(ends.get(card.left) ?? -Infinity, card.contentBottom));
        return ends.size > 1 ? [{ ends: [...ends.values()], cards: group.map((card) => `${card.name} ends at ${card.contentBottom}`).join(", ") }] : [];
      });
    }),
  );
}

/** No column's content ends more than `maxPx` before its neighbour's; at least `minGroups` groups side by side. */
async function expectNoEmptyColumn(page: Page, selector: string, what: string, minGroups = 1, maxPx = EMPTY_COLUMN_MAX_PX) {
  const groups = await sideBySide(page, selector);
  expect(groups.length, `${what}: at least ${minGroups} group(s) of cards side by side`).toBeGreaterThanOrEqual(minGroups);
  for (const { ends, cards } of groups) expect(Math.max(...ends) - Math.min(...ends), `${what}: ${cards}`).toBeLessThanOrEqual(maxPx);
}

test.describe("at 1280 px", () => {
  test.use({ viewport: { width: 1280, height: 900 } });

  test("no page leaves a column empty beside a long one: the dashboards, the home page, the leaked-key drill, Auth.js, JWT, session and Better Auth after the stopwatch", async ({ page }) => {
    test.setTimeout(90_000);
    await signInEverywhere(page);
    for (const lane of LANES) {
      await openDashboard(page, lane);
      await expectNoEmptyColumn(page, "main .dashboard", lane);
    }
    // Signed in to every lane, the session card holds its record (the JWT card ended ~330 px before it).
    await page.goto("/");
    await expect(page.getByTestId("session-server-holds")).toContainText("session:");
    await expectNoEmptyColumn(page, "main .home-lanes", "home");
    // The drill's session card (no key) ended ~650 px before Better Auth's beside it.
    await page.goto("/compare/leaked-key");
    await expectNoEmptyColumn(page, "main .drill-lanes", "leaked-key drill", 2);
    // Auth.js after the stopwatch: its lane card keeps a few lines, and ended ~550 px before the stopwatch's result.
    await openDashboard(page, "authjs");
    const stopwatch = page.getByTestId("stopwatch-authjs");
    await stopwatch.getByRole("button", { name: "Steal it, sign out, and time it" }).click();
    await expect(stopwatch.getByTestId("stopwatch-result")).toHaveText(/^The stolen copy still works [5-9] s after sign-out/, { timeout: 15_000 });
    await expect(page.getByTestId("signed-out-here")).toBeVisible();
    await expectNoEmptyColumn(page, "main .dashboard", "authjs after the stopwatch");
    // JWT and session after the stopwatch: the lane card keeps a few lines, and ended ~400 px
    // before the stopwatch's result beside it; now both go across the page. Better Auth's keeps
    // its cookie cache card under it, beside the stopwatch.
    for (const lane of ["jwt", "session", "better-auth"] as const) {
      await openDashboard(page, lane);
      const laneStopwatch = page.getByTestId(`stopwatch-${lane}`);
      await laneStopwatch.getByRole("button", { name: "Steal it, sign out, and time it" }).click();
      await expect(laneStopwatch.getByTestId("stopwatch-signed-out")).toBeVisible({ timeout: 15_000 });
      await expect(page.getByTestId("signed-out-here")).toBeVisible();
      await expectNoEmptyColumn(page, "main .dashboard", `${lane} after the stopwatch`, 1, lane === "better-auth" ? BETTER_AUTH_SIGNED_OUT_EMPTY_MAX_PX : EMPTY_COLUMN_MAX_PX);
    }
  });

  test("an opened reference section goes across the dashboard: nothing squeezed beside a folded neighbour, no column left empty", async ({ page }) => {
    test.setTimeout(90_000);
    await signInEverywhere(page);
    let withCode = 0;
    for (const lane of LANES) {
      await openDashboard(page, lane);
      const folds = page.locator("main .dashboard > details.reference");
      const dashboardWidth = await page.locator("main .dashboard").evaluate((el) => el.getBoundingClientRect().width);
      for (let i = 0; i < (await folds.count()); i++) {
        const fold = folds.nth(i);
        const name = `${lane}: ${await fold.getAttribute("data-testid")}`;
        await fold.locator(":scope > summary").click();
        await expect(fold, name).toHaveAttribute("open");
        // Beside a folded neighbour, Auth.js's cookie fold was ~1,234 px tall, its JWE header ~160 px wide.
        expect(Math.abs((await fold.evaluate((el) => el.getBoundingClientRect().width)) - dashboardWidth), `${name}: as wide as the dashboard`).toBeLessThanOrEqual(3);
        const widths = await fold.locator("pre").evaluateAll((all) => all.filter((el) => el.checkVisibility()).map((el) => el.getBoundingClientRect().width));
        for (const width of widths) expect(width, `${name}: a code block's width`).toBeGreaterThan(600);
        withCode += widths.length > 0 ? 1 : 0;
        await expectNoEmptyColumn(page, "main .dashboard", `${name} open`, 0);
        await fold.locator(":scope > summary").click();
        await expect(fold, name).not.toHaveAttribute("open");
      }
    }
    expect(withCode, "folds with a code block in them").toBeGreaterThanOrEqual(4);
  });

  test("'Copy my credential' leaves no column empty beside its command: JWT, session and Auth.js, and Auth.js after the stopwatch too", async ({ page }) => {
    test.setTimeout(90_000);
    // The command made the stolen credential card 250-400 px longer than the lane card beside it.
    for (const lane of ["jwt", "session", "authjs"] as const) {
      await signIn(page, lane, BOB);
      await openDashboard(page, lane);
      await page.getByRole("button", { name: "Copy my credential", exact: true }).click();
      await expect(page.getByTestId("replay-command")).toBeVisible();
      await expectNoEmptyColumn(page, "main .dashboard", `${lane} after Copy my credential`, 1, COPY_EMPTY_COLUMN_MAX_PX);
    }
    // Then the stopwatch: Auth.js's lane card keeps a few lines, ~650 px before the command and the stopwatch's result.
    const stopwatch = page.getByTestId("stopwatch-authjs");
    await stopwatch.getByRole("button", { name: "Steal it, sign out, and time it" }).click();
    await expect(stopwatch.getByTestId("stopwatch-result")).toHaveText(/^The stolen copy still works [5-9] s after sign-out/, { timeout: 15_000 });
    await expect(page.getByTestId("signed-out-here")).toBeVisible();
    await expect(page.getByTestId("replay-command")).toBeVisible();
    await expectNoEmptyColumn(page, "main .dashboard", "authjs after Copy my credential and the stopwatch");
    // A wide card stays wide: "This request" was left alone at half width, its other half empty.
    const widthOf = (selector: string) => page.locator(selector).evaluate((el) => el.getBoundingClientRect().width);
    expect(Math.abs((await widthOf("main .dashboard > [data-testid='this-request']")) - (await widthOf("main .dashboard"))), "This request: as wide as the dashboard").toBeLessThanOrEqual(3);
    const top = (selector: string) => page.locator(selector).evaluate((el) => el.getBoundingClientRect().top);
    expect(await top("main .dashboard > .stolen-credential"), "the lane card still leads").toBeGreaterThan(await top("main .dashboard > .card.authjs"));
  });

  test("a login page leaves no empty column: one centred column, the demo users under the form, with or without a notice or the refused request's picture", async ({ page }) => {
    // Plain; with a reason notice; with a sign-out confirmation; and a refused page visit (the picture).
    const visits = LANES.flatMap((lane) => [`/${lane}/login`, `/${lane}/login?reason=expired`, `/${lane}/login?reason=signed-out-everywhere`, `/${lane}/dashboard`]);
    for (const visit of visits) {
      await page.goto(visit);
      if (visit.endsWith("/dashboard")) await expect(page.getByTestId("refused-request")).toBeVisible();
      const { form, users, main } = await page.evaluate(() => {
        const box = (el: Element | null) => {
          const r = el!.getBoundingClientRect();
          return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width };
        };
        return { form: box(document.querySelector('[data-testid="login-card"]')), users: box(document.querySelector('[data-testid="demo-users-card"]')), main: box(document.querySelector("main")) };
      });
      // Under the form, not beside it: nothing runs beside the form for its empty column to show.
      expect(users.top, `${visit}: the demo users card starts under the form card`).toBeGreaterThanOrEqual(form.bottom);
      const besideEachOther = (users.left >= form.right || form.left >= users.right) && users.top < form.bottom && form.top < users.bottom;
      expect(besideEachOther ? Math.abs(form.bottom - users.bottom) : 0, `${visit}: empty space beside a card`).toBeLessThanOrEqual(LOGIN_EMPTY_BESIDE_MAX_PX);
      // One column, as wide as the form card, of a readable width and centred in the page.
      expect(Math.round(users.left), `${visit}: the cards share a column`).toBe(Math.round(form.left));
      expect(Math.round(users.width), `${visit}: the cards share a column`).toBe(Math.round(form.width));
      expect(form.width, `${visit}: the column's width`).toBeLessThanOrEqual(LOGIN_COLUMN_MAX_PX);
      expect(Math.abs((form.left - main.left) - (main.right - form.right)), `${visit}: centred`).toBeLessThanOrEqual(2);
    }
  });
});

test("the words a JWT page leans on are said where they appear: JWE on the cookie growth, the token-version check on /jwt/admin", async ({ page }) => {
  await signIn(page, "jwt", ALICE);
  await expect(page.getByTestId("cookie-growth").getByTestId("growth-authjs")).toContainText("Auth.js (JWE, an encrypted JWT)");
  await page.goto("/jwt/admin");
  await expect(page.locator("main")).toContainText("the token-version check (the token carries the user's version number from the store; a role change raises it, so an older token is refused)");
});
