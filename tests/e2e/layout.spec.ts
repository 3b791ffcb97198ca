import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { ALICE, signIn } from "./helpers";

/**
 * Every page, signed out and signed in, at phone (390 px) and desktop (1280 px) width:
 * nothing scrolls sideways, the title names the page, the navigation marks where you are,
 * and axe finds no serious or critical accessibility violation.
 */
const WIDTHS = [390, 1280] as const;

const PUBLIC_PAGES = ["/", "/compare", "/compare/leaked-key", "/jwt", "/jwt/login", "/jwt/replay", "/session", "/session/login", "/session/replay", "/authjs", "/authjs/login", "/authjs/replay"];
/** The docs as the app shows them: the index, the README (pictures), and the two with the widest tables. */
const DOC_PAGES = ["/docs", "/docs/readme", "/docs/security", "/docs/benchmarks"];
/** The docs whose tables a 390 px phone once hid behind a sideways scroll (issue #27). */
const TABLE_DOCS = ["/docs/walkthrough", "/docs/choosing", "/docs/security", "/docs/api"];
const SIGNED_IN_PAGES = [
  "/",
  "/compare",
  "/jwt/dashboard",
  "/jwt/admin",
  "/jwt/playground",
  "/session/dashboard",
  "/session/admin",
  "/session/devices",
  "/authjs/dashboard",
  "/authjs/admin",
];

/** The title each page gives itself (Next's metadata, with the site's name after it). */
const TITLES: Record<string, RegExp> = {
  "/": /^jwt-vs-session$/,
  "/compare": /^Compare · jwt-vs-session$/,
  "/compare/leaked-key": /^The leaked-key drill · jwt-vs-session$/,
  "/jwt": /^JWT · jwt-vs-session$/,
  "/jwt/login": /^Sign in · JWT · jwt-vs-session$/,
  "/jwt/replay": /^Replay a stolen JWT · jwt-vs-session$/,
  "/jwt/dashboard": /^JWT dashboard · jwt-vs-session$/,
  "/jwt/admin": /^JWT admin · jwt-vs-session$/,
  "/jwt/playground": /^Token tamper playground · jwt-vs-session$/,
  "/session": /^Session · jwt-vs-session$/,
  "/session/login": /^Sign in · session · jwt-vs-session$/,
  "/session/replay": /^Replay a stolen session cookie · jwt-vs-session$/,
  "/session/dashboard": /^Session dashboard · jwt-vs-session$/,
  "/session/admin": /^Session admin · jwt-vs-session$/,
  "/session/devices": /^Your devices · jwt-vs-session$/,
  "/authjs": /^Auth\.js · jwt-vs-session$/,
  "/authjs/login": /^Sign in · Auth\.js · jwt-vs-session$/,
  "/authjs/replay": /^Replay a stolen Auth\.js cookie · jwt-vs-session$/,
  "/authjs/dashboard": /^Auth\.js dashboard · jwt-vs-session$/,
  "/authjs/admin": /^Auth\.js admin · jwt-vs-session$/,
  "/docs": /^Docs · jwt-vs-session$/,
  "/docs/readme": /^jwt-vs-session · jwt-vs-session$/,
  "/docs/security": /^Security · jwt-vs-session$/,
  "/docs/benchmarks": /^What each strategy costs: npm run bench · jwt-vs-session$/,
};

/**
 * Every page, at every width: it loads, is titled, fits (no sideways scrolling) and marks its
 * section in the navigation. Axe runs at the desktop width only: the same markup and colours
 * at 390 px gave it nothing the desktop pass did not, and it was a third of this spec's time.
 */
async function checkPage(page: Page, path: string) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBeLessThan(400);
  await expect(page, path).toHaveTitle(TITLES[path]);
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  expect(scrollWidth, `${path} scrolls sideways at ${innerWidth} px`).toBeLessThanOrEqual(innerWidth);
  const section = path === "/" ? "/" : `/${path.split("/")[1]}`;
  const current = page.getByRole("navigation", { name: "Main" }).locator('[aria-current="page"]');
  await expect(current, path).toHaveAttribute("href", section);
  if (innerWidth < 1000) return;
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")})`);
  expect(serious, path).toEqual([]);
}

for (const width of WIDTHS) {
  test.describe(`at ${width} px`, () => {
    test.use({ viewport: { width, height: 900 } });

    test(`signed out, every public page fits and is titled${width >= 1000 ? ", and passes axe" : ""}`, async ({ page }) => {
      test.setTimeout(120_000);
      for (const path of PUBLIC_PAGES) await checkPage(page, path);
    });

    test(`the docs pages fit and are titled${width >= 1000 ? ", and pass axe" : ""}${width < 1000 ? "; their tables are read, not scrolled" : "; a route is never broken across lines"}`, async ({ page }) => {
      test.setTimeout(120_000);
      for (const path of DOC_PAGES) await checkPage(page, path);
      if (width < 1000) {
        // No hidden sideways scrolling: on a phone every table cell lies inside the doc's box,
        // and nothing in the doc is wider than its own box (a scroll a phone does not show).
        for (const path of TABLE_DOCS) {
          await page.goto(path);
          const problems = await page.getByTestId("doc-body").evaluate((doc) => {
            const right = doc.getBoundingClientRect().right + 0.5;
            const found: string[] = [];
            const name = (el: Element) => `${el.tagName.toLowerCase()} "${(el.textContent ?? "").trim().slice(0, 40)}"`;
            for (const cell of doc.querySelectorAll("tbody td")) {
              if (cell.getBoundingClientRect().right > right) found.push(`${name(cell)} ends past the doc's edge`);
            }
            for (const el of doc.querySelectorAll("*")) {
              if (el.closest("thead")) continue; // visually hidden on a phone: each cell says its column
              if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0) found.push(`${name(el)} scrolls sideways (${el.scrollWidth} in ${el.clientWidth} px)`);
            }
            return found;
          });
          expect(problems, path).toEqual([]);
          expect(await page.locator("tbody td[data-label]").count(), `${path}: cells labelled with their column`).toBeGreaterThan(0);
        }
      } else {
        // On a desktop no doc table needs a sideways scroll either.
        for (const path of TABLE_DOCS) {
          await page.goto(path);
          const scrolling = await page.locator(".table-scroll").evaluateAll((boxes) => boxes.filter((b) => b.scrollWidth > b.clientWidth + 1).map((b) => b.textContent?.slice(0, 40)));
          expect(scrolling, `${path}: tables that scroll sideways at 1280 px`).toEqual([]);
        }
        // /docs/api: a route ("POST /api/session/token") in the first column is never broken across lines.
        await page.goto("/docs/api");
        const broken = await page.locator("tbody td:first-child code").evaluateAll((codes) =>
          codes.filter((code) => new Set([...code.getClientRects()].map((r) => Math.round(r.top))).size > 1).map((code) => code.textContent),
        );
        expect(broken, "/docs/api at 1280 px: routes broken across lines").toEqual([]);
      }
    });

    test(`signed in to every lane (as alice), every page fits and is titled${width >= 1000 ? ", and passes axe" : ""}`, async ({ page }) => {
      test.setTimeout(120_000);
      await signIn(page, "jwt", ALICE);
      await signIn(page, "session", ALICE);
      await signIn(page, "authjs", ALICE);
      for (const path of SIGNED_IN_PAGES) await checkPage(page, path);
    });
  });
}

test("the docs are one click from any page, and the README shows its screenshots", async ({ page }) => {
  await page.goto("/session");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Docs" }).click();
  await expect(page).toHaveURL(/\/docs$/);
  await expect(page.getByTestId("doc-list").getByRole("link")).toContainText(["jwt-vs-session", "Security"]);
  // Each blurb is a finished sentence, not the lead-in to a list the index does not show.
  for (const blurb of await page.getByTestId("doc-list").locator("li p").allTextContents()) expect(blurb.trim()).not.toMatch(/:$/);
  await page.getByTestId("doc-list").getByRole("link", { name: "jwt-vs-session" }).click();
  await expect(page).toHaveURL(/\/docs\/readme$/);
  const shot = page.getByTestId("doc-body").locator('img[src="/docs/image/home.png"]');
  await expect(shot).toBeVisible();
  // Visible as soon as it has a box; loaded when the bytes have arrived and decoded.
  await expect.poll(() => shot.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  // A link between docs stays in the app.
  await page.getByTestId("doc-body").locator('a[href="/docs/security"]').first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Security");
  expect((await page.request.get("/docs/no-such-doc")).status()).toBe(404);
  // /docs/benchmarks draws the bench's chart (bench/chart.svg), not a placeholder, and a tap opens it whole.
  await page.goto("/docs/benchmarks");
  const chart = page.getByTestId("doc-body").locator("a.doc-chart img");
  await chart.scrollIntoViewIfNeeded();
  await expect.poll(() => chart.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  await expect(page.getByTestId("doc-body")).not.toContainText("[picture:");
  // Drawn for a wide screen: only where it is shrunk does the page say how to see it full size.
  const note = page.getByTestId("doc-body").getByRole("link", { name: "open the chart full size" });
  await expect(note).toBeHidden();
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(note).toBeVisible();
  await expect(note).toHaveAttribute("href", "/docs/image/bench-chart.svg");
  const svg = await page.request.get("/docs/image/bench-chart.svg");
  expect(svg.headers()["content-type"]).toBe("image/svg+xml");
  expect((await page.request.get("/docs/image/..%2Fpackage.json")).status()).toBe(404);
});

test("a keyboard user can skip the navigation", async ({ page }) => {
  await page.goto("/compare");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press("Enter");
  await expect(page.locator("main")).toBeFocused();
});
