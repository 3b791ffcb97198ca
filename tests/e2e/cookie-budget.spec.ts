import { expect, test } from "@playwright/test";
import { BOB, JWT_COOKIE, SESSION_COOKIE, signIn, AUTHJS_COOKIE } from "./helpers";

/**
 * The cookie budget meter: the bytes it shows are those of the cookies the server set and the
 * browser sent back (measured on the server: HttpOnly cookies are invisible to page scripts),
 * and the growth control shows where a JWT outgrows one cookie and Auth.js starts chunking.
 */
const NAMES = { jwt: JWT_COOKIE, session: SESSION_COOKIE, authjs: AUTHJS_COOKIE } as const;

for (const area of ["jwt", "session", "authjs"] as const) {
  test(`${area}: the meter's bytes are the cookie's and the Cookie header's, as sent`, async ({ page }) => {
    await signIn(page, area, BOB, `/${area}/login`, area === "jwt" ? [] : undefined);
    const response = await page.goto(`/${area}/dashboard`);
    const sent = (await response!.request().allHeaders()).cookie ?? "";
    const pair = sent.split("; ").find((p) => p.startsWith(`${NAMES[area]}=`))!;
    expect(pair).toBeTruthy();
    await expect(page.getByTestId(`cookie-meter-${NAMES[area]}`).getByTestId("meter-bytes")).toHaveText(String(Buffer.byteLength(pair)));
    await expect(page.getByTestId("cookie-meter-header").getByTestId("meter-bytes")).toHaveText(String(Buffer.byteLength(sent)));
    await expect(page.getByTestId(`cookie-meter-${NAMES[area]}`).getByRole("img")).toHaveAttribute("aria-label", new RegExp(`^${NAMES[area].replace(/[.]/g, "\\.")}: \\d+ of 4096 bytes$`));
    // The growth slider below draws every lane's scratch credential, Auth.js's split included: its legend says so.
    await expect(page.getByTestId("byte-bar-legend")).toContainText("past the limit: Auth.js splits it into more cookies");
  });
}

test("adding claims: a JWT outgrows one cookie, Auth.js starts chunking, a session cookie stays the same", async ({ page }) => {
  await signIn(page, "jwt", BOB, "/jwt/login", []);
  const growth = page.getByTestId("cookie-growth");
  await expect(growth.getByTestId("growth-jwt")).toContainText("fits in one cookie");
  await expect(growth.getByTestId("growth-jwt").getByRole("img")).toHaveAttribute("data-state", "fits");
  const jwtBarBefore = (await growth.getByTestId("growth-jwt").locator(".byte-bar-fill").boundingBox())!.width;
  const sessionBefore = await growth.getByTestId("growth-session").getByTestId("growth-bytes").textContent();
  const jwtBytesAt0 = Number(await growth.getByTestId("growth-jwt").getByTestId("growth-bytes").textContent());

  await page.getByLabel(/permissions into a scratch credential/).fill("400");
  await expect(page.getByTestId("claims-count")).toHaveText("400");
  await expect(growth.getByTestId("growth-jwt")).toContainText("too big for one cookie: the browser drops it");
  await expect(growth.getByTestId("growth-authjs")).toContainText(/Auth\.js splits it into [2-9] cookies/);
  await expect(growth.getByTestId("growth-session").getByTestId("growth-bytes")).toHaveText(sessionBefore!);
  const jwtBytes = Number(await growth.getByTestId("growth-jwt").getByTestId("growth-bytes").textContent());
  expect(jwtBytes).toBeGreaterThan(4096);
  // The bars moved with the slider: the JWT's is full up to the 4096-byte line, and its part
  // past the line is drawn in the "dropped" colour; Auth.js's part past it, in the "split" one.
  const jwtBar = growth.getByTestId("growth-jwt").getByRole("img");
  await expect(jwtBar).toHaveAttribute("data-state", "over-dropped");
  expect((await jwtBar.locator(".byte-bar-fill").boundingBox())!.width).toBeGreaterThan(jwtBarBefore * 3);
  await expect(jwtBar.locator(".byte-bar-past.byte-bar-dropped")).toBeVisible();
  await expect(growth.getByTestId("growth-authjs").getByRole("img")).toHaveAttribute("data-state", "over-split");
  await expect(growth.getByTestId("growth-session").getByRole("img")).toHaveAttribute("data-state", "fits");

  // Between three quarters of the limit and the limit the bar turns amber, and the words say why.
  const perClaim = (jwtBytes - jwtBytesAt0) / 400;
  const near = Math.round((0.9 * 4096 - jwtBytesAt0) / perClaim / 10) * 10; // the slider moves in tens
  await page.getByLabel(/permissions into a scratch credential/).fill(String(near));
  await expect(page.getByTestId("claims-count")).toHaveText(String(near));
  await expect(jwtBar).toHaveAttribute("data-state", "near");
  await expect(growth.getByTestId("growth-jwt")).toContainText("fits in one cookie, close to its limit");
  await expect(page.getByTestId("cookie-budget")).toContainText("over three quarters of the limit: it still fits");
});

for (const colorScheme of ["light", "dark"] as const) {
  test(`${colorScheme}: the bars' tracks and limit lines stand out from the card, and the bars fit a 390 px phone`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, "session", BOB);
    const budget = page.getByTestId("cookie-budget");
    await expect(budget.getByTestId("cookie-growth")).toBeVisible();
    const bars = budget.locator(".byte-bar");
    expect(await bars.count()).toBeGreaterThanOrEqual(5); // the cookie, the header, three lanes
    const colours = await budget.evaluate((card) => {
      const bar = card.querySelector(".byte-bar")!;
      return {
        card: getComputedStyle(card).backgroundColor,
        track: getComputedStyle(bar).backgroundColor,
        border: getComputedStyle(bar).borderTopColor,
        line: getComputedStyle(bar.querySelector(".byte-bar-line")!).borderLeftColor,
      };
    });
    expect(colours.track).not.toBe(colours.card);
    expect(colours.border).not.toBe(colours.card);
    expect(colours.line).not.toBe(colours.track);
    for (const bar of await bars.all()) {
      const box = (await bar.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(390);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });
}

test("the growth endpoint explains bad input", async ({ request }) => {
  const answer = await request.get("/api/demo/cookie-budget?claims=9999");
  expect(answer.status()).toBe(400);
  expect(await answer.json()).toMatchObject({ error: "claims is at most 500." });
});
