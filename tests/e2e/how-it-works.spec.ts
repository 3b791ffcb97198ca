import { expect, test, type Page } from "@playwright/test";
import { REPO_ROOT, RegionIndex } from "../../scripts/docs";
import { BOB, signIn, type Area } from "./helpers";

/** The regions read from the source files now, not from the module the build used. */
const source = new RegionIndex(REPO_ROOT);

const PANELS: Array<{ area: Area; story: string; regions: string[] }> = [
  { area: "jwt", story: "the JWT guard, the second gate, verify and sign", regions: ["jwt-guard", "require-jwt-user", "verify-jwt", "sign-jwt"] },
  {
    area: "session",
    story: "the session guard, the second gate, validate and create",
    regions: ["session-guard", "require-session-user", "validate-session", "create-session"],
  },
  { area: "authjs", story: "the Auth.js guard, the second gate and the jwt/session callbacks", regions: ["authjs-guard", "require-authjs-user", "authjs-callbacks"] },
];

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

test.describe("How this works panels", () => {
  for (const { area, story, regions } of PANELS) {
    test(`the ${area} dashboard shows ${story}, exactly as the source has them`, async ({ page }) => {
      await signIn(page, area, BOB);
      await expect(page).toHaveURL(new RegExp(`/${area}/dashboard$`));
      const panel = page.getByTestId("how-it-works");
      await panel.locator("summary").click();
      await expect(panel).toHaveAttribute("open", "");

      const steps = panel.locator("[data-region]");
      expect(await steps.evaluateAll((items) => items.map((item) => item.getAttribute("data-region")))).toEqual(regions);
      for (const name of regions) {
        const region = source.byName(name);
        const step = panel.locator(`[data-region="${name}"]`);
        await expect(step.locator("pre code")).toBeVisible();
        // textContent, not toHaveText: every space and line break must match.
        expect(await step.locator("pre code").textContent(), name).toBe(region.code);
        await expect(step.locator(".source-ref")).toHaveText(`${region.file} lines ${region.startLine}–${region.endLine}`);
        // Coloured on the server: keywords come as spans with their colour.
        expect(await step.locator("pre code span[style*='color']").count(), name).toBeGreaterThan(3);
      }
      // The copy button puts exactly the region's code on the clipboard.
      const first = panel.locator(`[data-region="${regions[0]}"]`);
      await first.getByRole("button", { name: "Copy" }).click();
      await expect(first.getByRole("button", { name: "Copied" })).toBeVisible();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(source.byName(regions[0]).code);
    });
  }
});

test("a doc's code blocks are coloured, and their copy buttons appear with scripts and copy the block", async ({ page }) => {
  await page.goto("/docs/copying");
  const block = page.getByTestId("doc-body").locator(".code-block").first();
  expect(await block.locator("code span[style*='color']").count()).toBeGreaterThan(3);
  const button = block.getByRole("button", { name: "Copy" });
  await expect(button).toBeVisible();
  await button.click();
  await expect(block.getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await block.locator("code").textContent());

  // /docs/api's HTTP exchanges (the 401 with its JSON body, the Server-Timing header) are coloured
  // too: header names apart from their values, the body as JSON; Copy still copies the whole block.
  await page.goto("/docs/api");
  for (const start of ["HTTP/1.1 401 Unauthorized", "server-timing:"]) {
    const http = page.getByTestId("doc-body").locator(".code-block", { hasText: start }).first();
    const colours = await http.locator("code span[style*='color']").evaluateAll((spans) => new Set(spans.map((s) => getComputedStyle(s).color)).size);
    expect(colours, start).toBeGreaterThanOrEqual(3);
  }
  const challenge = page.getByTestId("doc-body").locator(".code-block", { hasText: "HTTP/1.1 401 Unauthorized" }).first();
  await expect(challenge.locator("code span", { hasText: /^WWW-Authenticate$/ })).toHaveCount(1);
  await expect(challenge.locator("code span", { hasText: /^"reason"$/ })).toHaveCount(1);
  await challenge.getByRole("button", { name: "Copy" }).click();
  await expect(challenge.getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await challenge.locator("code").textContent());

  // /docs/code: each block's caption (its file and lines) is a link, to the block itself.
  await page.goto("/docs/code");
  const body = page.getByTestId("doc-body");
  const captions = body.locator("p.code-caption");
  expect(await captions.count()).toBe(await body.locator(".code-caption + .code-block").count());
  expect(await captions.count()).toBeGreaterThan(10);
  await expect(body.locator(".doc-file", { hasText: / lines \d+–\d+/ })).toHaveCount(0);
  const caption = body.locator("#region-validate-session");
  await expect(caption.getByRole("link")).toHaveText(/^lib\/session\.ts lines \d+–\d+$/);
  await caption.getByRole("link").click();
  await expect(page).toHaveURL(/\/docs\/code#region-validate-session$/);
  await expect(caption).toBeInViewport();

  // "Adding a snippet": the two marker lines to copy are shown (a fence keeps its HTML comments), and Copy copies them.
  const markers = body.locator("h2#adding-a-snippet ~ .code-block").nth(1);
  await expect(markers.locator("code")).toHaveText("<!-- region: lib/jwt.ts#verify-jwt -->\n<!-- /region -->");
  await markers.getByRole("button", { name: "Copy" }).click();
  await expect(markers.getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe("<!-- region: lib/jwt.ts#verify-jwt -->\n<!-- /region -->");
  // Both "Adding a snippet" blocks are coloured like the rest (Shiki's spans): the source's
  // `// #region` comments as TypeScript comments, the markdown's `<!-- region -->` lines as comments.
  const sourceMarkers = body.locator("h2#adding-a-snippet ~ .code-block").first();
  await expect(sourceMarkers.locator("code")).toHaveText("// #region my-function\n…\n// #endregion my-function");
  for (const [block, line] of [[sourceMarkers, "// #region my-function"], [markers, "<!-- region: lib/jwt.ts#verify-jwt -->"]] as const) {
    const span = block.locator("code span[style*='color']", { hasText: line });
    await expect(span, line).toHaveCount(1);
    expect(await span.evaluate((el) => getComputedStyle(el).color), line).not.toBe(await block.locator("pre").evaluate((el) => getComputedStyle(el).color));
  }
  await sourceMarkers.getByRole("button", { name: "Copy" }).click();
  await expect(sourceMarkers.getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe("// #region my-function\n…\n// #endregion my-function");
});

test("docs hide nothing sideways: wide tables are cards at 1280 px, a text diagram keeps its lines at 390 px, bench files are links", async ({ page }) => {
  // 1280 px: no table of any doc scrolls sideways (the benchmarks' paired ratios, 12 columns, hid p50 and after).
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/docs");
  const slugs = await page.locator("main a[href^='/docs/']").evaluateAll((links) => [...new Set(links.map((a) => new URL((a as HTMLAnchorElement).href).pathname))]);
  expect(slugs).toContain("/docs/benchmarks");
  for (const path of slugs) {
    await page.goto(path);
    const hiding = await page.getByTestId("doc-body").locator(".table-scroll, pre").evaluateAll((boxes) => boxes.filter((b) => b.scrollWidth > b.clientWidth + 1).map((b) => b.textContent?.slice(0, 60)));
    expect(hiding, path).toEqual([]);
    // No doc repeats its title as its first heading (/docs/benchmarks did).
    const [title, first] = [await page.locator("main h1").first().textContent(), await page.getByTestId("doc-body").locator("h2").first().textContent().catch(() => null)];
    expect(first, path).not.toBe(title);
  }
  await page.goto("/docs/benchmarks");
  const paired = page.locator(".table-cards", { hasText: "reference req/s" });
  await page.locator("details.doc-fold", { has: paired }).locator("summary").click(); // a results table, folded
  await expect(paired.locator("tbody tr").first().locator("td[data-label='p50 ms']")).toBeVisible();

  // Bench files are links: results.md to the results this page shows, profile.md to its own page.
  await page.goto("/docs/choosing");
  await page.getByTestId("doc-body").getByRole("link", { name: "bench/results.md" }).click();
  await expect(page).toHaveURL(/\/docs\/benchmarks#results$/);
  await expect(page.locator("#results")).toBeAttached();
  await page.getByTestId("doc-body").getByRole("link", { name: "bench/profile.md" }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("A CPU profile of next start under the bench's load");

  // 390 px: the network diagram's lines each stay on one visual line, fit without scrolling and stay legible.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/docs/deploying");
  const diagram = page.locator(".doc .diagram pre");
  const box = await diagram.evaluate((pre) => {
    const style = getComputedStyle(pre);
    const code = pre.querySelector("code")!;
    return { lines: code.textContent!.split("\n").length, height: code.getBoundingClientRect().height, lineHeight: parseFloat(style.lineHeight), fontSize: parseFloat(style.fontSize), scroll: pre.scrollWidth - pre.clientWidth };
  });
  expect(box.scroll).toBeLessThanOrEqual(1);
  expect(box.height).toBeLessThan((box.lines + 0.5) * box.lineHeight);
  expect(box.fontSize).toBeGreaterThanOrEqual(9.5);
  // The file tree of /docs/architecture is a list that wraps like prose: no block of it scrolls.
  await page.goto("/docs/architecture");
  await expect(page.locator("#one-story-per-folder + ul > li").first()).toContainText("middleware.ts: every request");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});

test("the docs index says in one sentence what each doc holds; /docs/benchmarks folds its result tables, and a link into one opens it", async ({ page }) => {
  await page.goto("/docs");
  const entries = page.getByTestId("doc-list").locator("li");
  const summaries = await entries.locator("p").allTextContents();
  expect(summaries.length).toBeGreaterThan(5);
  expect(summaries).toHaveLength(await entries.count());
  for (const summary of summaries) {
    // Written for the index: short, and nothing that only makes sense inside the doc ("The setup below is…").
    expect(summary.trim().split(/\s+/).length, summary).toBeLessThanOrEqual(25);
    expect(summary.trim(), summary).not.toMatch(/^(The setup below|Below)|:$/);
  }

  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/docs/benchmarks");
  const folds = page.getByTestId("doc-body").locator("details.doc-fold");
  expect(await folds.count()).toBeGreaterThanOrEqual(8);
  for (const fold of await folds.all()) {
    await expect(fold).not.toHaveAttribute("open");
    await expect(fold.locator("table")).toBeHidden();
  }
  // Prose and headline figures, with the tables one click away: the page is a third of its unfolded length.
  expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThan(9000);
  const cookies = folds.filter({ has: page.locator("#cookie-bytes") });
  await expect(cookies.locator("summary")).toHaveText(/^Cookie bytes\s*\d+ rows$/);
  await cookies.locator("summary").click();
  await expect(cookies.locator("table")).toBeVisible();
  await expect(cookies.getByRole("cell", { name: "__Host-sid", exact: true })).toBeVisible();

  // A link to a heading inside a fold lands on it, opened: arriving from another page, and on this page.
  await page.goto("/docs");
  await page.goto("/docs/benchmarks#targets");
  const targets = folds.filter({ has: page.locator("#targets") });
  await expect(targets).toHaveAttribute("open", "");
  await expect(targets.locator("table")).toBeVisible();
  await expect(page.locator("#targets")).toBeInViewport();
  await page.evaluate(() => (location.hash = "#floods-memory-store-default-limits"));
  await expect(folds.filter({ has: page.locator("#floods-memory-store-default-limits") })).toHaveAttribute("open", "");
  await expect(page.locator("#floods-memory-store-default-limits")).toBeInViewport();
});

/**
 * What a picture shows, read from its pixels: the colour most of them share (its background) and
 * the share of light ones (text on a dark background). Decoded by a blank page's canvas.
 */
async function pixelsOf(page: Page, png: Buffer) {
  const blank = await page.context().newPage();
  try {
    return await blank.evaluate(async (base64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${base64}`;
      await img.decode();
      const canvas = document.createElement("canvas");
      [canvas.width, canvas.height] = [img.naturalWidth, img.naturalHeight];
      const context = canvas.getContext("2d")!;
      context.drawImage(img, 0, 0);
      const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
      const counts = new Map<string, number>();
      let light = 0;
      for (let i = 0; i < data.length; i += 4) {
        const colour = `rgb(${data[i]}, ${data[i + 1]}, ${data[i + 2]})`;
        counts.set(colour, (counts.get(colour) ?? 0) + 1);
        if (data[i] + data[i + 1] + data[i + 2] > 3 * 200) light++;
      }
      return { background: [...counts].sort((a, b) => b[1] - a[1])[0][0], lightShare: light / (data.length / 4) };
    }, png.toString("base64"));
  } finally {
    await blank.close();
  }
}

test("the bench chart reads in dark mode: the card's dark colour behind light text, on /docs/benchmarks and opened full size", async ({ page }) => {
  // The dark palette's card colour (app/globals.css, --card): the chart was a white sheet in a dark page.
  const darkCard = "rgb(22, 27, 34)";
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto("/docs/benchmarks");
  const chart = page.getByTestId("doc-body").locator("a.doc-chart img");
  await chart.scrollIntoViewIfNeeded();
  await expect.poll(() => chart.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  const inPage = await pixelsOf(page, await chart.screenshot());
  expect(inPage.background).toBe(darkCard);
  expect(inPage.lightShare, "light text on it").toBeGreaterThan(0.005);
  // Opened on its own (the link under it, or a tap on it): the same colours, the window's too.
  await page.goto("/docs/image/bench-chart.svg");
  const whole = await pixelsOf(page, await page.screenshot());
  expect(whole.background).toBe(darkCard);
  expect(whole.lightShare, "light text on it").toBeGreaterThan(0.005);
  // In light mode it stays a white sheet with dark text.
  await page.emulateMedia({ colorScheme: "light" });
  const light = await pixelsOf(page, await page.screenshot());
  expect(light.background).toBe("rgb(255, 255, 255)");
  expect(light.lightShare).toBeGreaterThan(0.5);
});
