import { expect, test } from "@playwright/test";
import { AUTHJS_COOKIE, BOB, JWT_COOKIE, SESSION_COOKIE, plantCookie, signIn, type Area } from "./helpers";
import { parseServerTiming } from "../../lib/observe/trace";

/**
 * The request timeline: each dashboard draws its own request from its own measurements, and
 * after a refusal the login page draws the refused request, naming the gate that `x-auth-gate`
 * names (middleware's header; none when the page's second gate refused).
 */
const stepsOf = (page: import("@playwright/test").Page, id: string) => page.getByTestId(`${id}-steps`).locator("li");
const msOf = (text: string) => Number(/\(([\d.]+) ms\)$/.exec(text)?.[1]);

/**
 * The picture fits its box: every step's box lies inside the picture and the window, and
 * nothing in the figure, nor the page, is wider than its box (no hidden sideways scrolling).
 */
async function expectTimelineFits(page: import("@playwright/test").Page, id: string) {
  const figure = page.getByTestId(id);
  const boxes = figure.locator(".timeline-step");
  expect(await boxes.count()).toBeGreaterThanOrEqual(4);
  const frame = (await figure.getByRole("img").boundingBox())!;
  const viewport = page.viewportSize()!;
  for (const box of await boxes.all()) {
    const b = (await box.boundingBox())!;
    expect(b.x).toBeGreaterThanOrEqual(Math.max(frame.x, 0) - 0.5);
    expect(b.x + b.width).toBeLessThanOrEqual(Math.min(frame.x + frame.width, viewport.width) + 0.5);
  }
  const overflowing = await figure.evaluate((element) =>
    [element, ...element.querySelectorAll("*")]
      .filter((e) => e instanceof HTMLElement && e.clientWidth > 0 && e.scrollWidth > e.clientWidth)
      .map((e) => `${e.className}: ${e.scrollWidth} > ${e.clientWidth}`),
  );
  expect(overflowing).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
}

const STORE_TRIPS: Record<Area, string> = { jwt: "no round trip", session: "1 round trip", authjs: "1 round trip" };

for (const area of ["jwt", "session", "authjs"] as const) {
  test(`${area}: the dashboard draws this request: the cookie sent, middleware's verdict and time, the second gate, the store`, async ({ page }) => {
    await signIn(page, area, BOB, `/${area}/login`, area === "jwt" ? [] : undefined);
    const response = await page.goto(`/${area}/dashboard`);
    // Folded, with the verdict in its summary.
    await expect(page.getByTestId("this-request").locator(":scope > summary")).toHaveText("This request, gate by gate: every gate let it through");
    await expect(page.getByTestId("request-timeline")).toBeHidden();
    await page.getByTestId("this-request").locator(":scope > summary").click();
    const timeline = page.getByTestId("request-timeline");
    await expect(timeline.getByRole("img", { name: "This request, gate by gate" })).toBeVisible();
    const steps = stepsOf(page, "request-timeline");
    await expect(steps.nth(0)).toContainText(/^browser: \S+, \d+ bytes$/);
    await expect(steps.nth(1)).toContainText(area === "session" ? /^middleware \(edge\): accepted \(shape only\) \([\d.]+ ms\)$/ : /^middleware \(edge\): accepted \([\d.]+ ms\)$/);
    await expect(steps.nth(2)).toContainText(/^second gate: require\w+User\(\): accepted \([\d.]+ ms\)$/);
    await expect(steps.nth(3)).toContainText(`store: ${STORE_TRIPS[area]}`);
    // The middleware figure is the one this page's Server-Timing header carries.
    const header = parseServerTiming((await response!.allHeaders())["server-timing"] ?? null).find((e) => e.name === "mw")!;
    expect(Math.abs(msOf((await steps.nth(1).textContent())!) - header.durationMs)).toBeLessThanOrEqual(0.06);
  });
}

test("refused by middleware: the login page draws the refused request, and x-auth-gate names the same gate", async ({ page, context, request }) => {
  const forged = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJib2IifQ.forged";
  const direct = await request.get("/jwt/dashboard", { headers: { cookie: `${JWT_COOKIE}=${forged}` }, maxRedirects: 0 });
  expect(direct.headers()["x-auth-gate"]).toBe("middleware (edge)");

  await plantCookie(context, JWT_COOKIE, forged);
  await page.goto("/jwt/dashboard");
  await expect(page).toHaveURL(/\/jwt\/login\?next=%2Fjwt%2Fdashboard&reason=bad-signature$/);
  const steps = stepsOf(page, "refusal-timeline");
  await expect(steps.nth(0)).toHaveText(`browser: ${JWT_COOKIE}, ${JWT_COOKIE.length + 1 + forged.length} bytes`);
  await expect(steps.nth(1)).toContainText(/^middleware \(edge\): refused \(bad-signature\)\. The token's signature does not match: it was altered or signed with another key\. \([\d.]+ ms\)$/);
  await expect(steps.nth(2)).toHaveText("second gate: never ran");
  // Drawn as a step that never ran, not as one that passed.
  await expect(page.getByTestId("refusal-timeline").locator(".timeline-boxes .timeline-gate")).toHaveClass(/timeline-skipped/);
  // The same steps in words are folded (they repeat the boxes and the notice), one click away.
  await expect(page.getByTestId("refusal-timeline-steps")).toBeHidden();
  await page.getByTestId("refusal-timeline").getByText("The same steps, in words").click();
  await expect(page.getByTestId("refusal-timeline-steps")).toBeVisible();
  // Its heading stands apart from the boxes as the page's section headings do (it sat flush
  // under them): an h2's space above (1.5rem), in the weight of a heading.
  const heading = await page.getByTestId("refusal-timeline").evaluate((figure) => {
    const summary = figure.querySelector(".timeline-words > summary")!;
    const rem = parseFloat(getComputedStyle(document.documentElement).fontSize);
    return {
      gapRem: (summary.getBoundingClientRect().top - figure.querySelector(".timeline-boxes")!.getBoundingClientRect().bottom) / rem,
      weight: Number(getComputedStyle(summary).fontWeight),
    };
  });
  expect(heading.gapRem).toBeGreaterThanOrEqual(1.5);
  expect(heading.weight).toBeGreaterThanOrEqual(600);
});

test("refused by the page's second gate (memory store: middleware only checks the shape): the picture says so, and no x-auth-gate", async ({ page, context, request }) => {
  const guess = "A".repeat(43);
  const direct = await request.get("/session/dashboard", { headers: { cookie: `${SESSION_COOKIE}=${guess}` }, maxRedirects: 0 });
  expect(direct.status()).toBe(307);
  expect(direct.headers()["x-auth-gate"]).toBeUndefined();

  await plantCookie(context, SESSION_COOKIE, guess);
  await page.goto("/session/dashboard");
  await expect(page).toHaveURL(/\/session\/login\?next=%2Fsession%2Fdashboard&by=page&reason=unknown$/);
  const steps = stepsOf(page, "refusal-timeline");
  await expect(steps.nth(0)).toHaveText(`browser: ${SESSION_COOKIE}, ${SESSION_COOKIE.length + 44} bytes`);
  await expect(steps.nth(1)).toHaveText("middleware: passed it on");
  await expect(steps.nth(2)).toHaveText("second gate: refused (unknown). The session does not exist: it was signed out, revoked or has expired.");
  // The middleware that let the guess through is not drawn in the colour of the defence that held.
  const borders = await page.getByTestId("refusal-timeline").locator(".timeline-boxes > li").evaluateAll((boxes) => boxes.map((box) => getComputedStyle(box).borderTopColor));
  const defenceHolds = await page.evaluate(() => getComputedStyle(document.querySelector(".timeline-refused")!).borderTopColor);
  expect(borders[1]).not.toBe(defenceHolds);
  expect(borders[2]).toBe(defenceHolds);
});

test("refused by Auth.js's middleware: the picture names the cookie the browser sent, with its size, not 'no credential cookie'", async ({ page, context }) => {
  const garbage = "not-a-jwe";
  await plantCookie(context, AUTHJS_COOKIE, garbage);
  await page.goto("/authjs/dashboard");
  await expect(page).toHaveURL(/\/authjs\/login\?next=%2Fauthjs%2Fdashboard&reason=invalid$/);
  const steps = stepsOf(page, "refusal-timeline");
  await expect(steps.nth(0)).toHaveText(`browser: ${AUTHJS_COOKIE}, ${AUTHJS_COOKIE.length + 1 + garbage.length} bytes`);
  await expect(steps.nth(1)).toContainText(/^middleware \(edge\): refused \(invalid\)/);
  // The box itself names the cookie too (not only the folded words).
  await expect(page.getByTestId("refusal-timeline").locator(".timeline-boxes > li").first()).toContainText(`${AUTHJS_COOKIE}, ${AUTHJS_COOKIE.length + 1 + garbage.length} bytes`);
  // A cookie that never was a sign-in: the words lead with what that is, and claim no role change.
  await expect(page.getByTestId("login-reason")).toHaveText(/^Not signed in\. Auth\.js could not use the session cookie this browser sent: it could not be decrypted/);
  await expect(page.getByTestId("login-reason")).not.toContainText("your role changed");
  // On the memory store no first gate reads a token version: the words do not claim one, nor Redis.
  await expect(page.getByTestId("login-reason")).not.toContainText(/token version|Redis/);
});

test("someone not signed in yet is not drawn as an attacker: no shield, and the picture says no credential was sent", async ({ page }) => {
  await page.goto("/session/devices");
  await expect(page).toHaveURL(/\/session\/login\?next=%2Fsession%2Fdevices/);
  const picture = page.getByTestId("refusal-timeline");
  await expect(stepsOf(page, "refusal-timeline").nth(0)).toHaveText("browser: no credential cookie");
  await expect(picture.getByTestId("refusal-timeline-steps")).toContainText("refused: no credential was sent, so nobody is signed in (missing)");
  await expect(picture.locator(".timeline-no-credential")).toHaveCount(1);
  await expect(picture.locator(".timeline-no-credential .timeline-detail")).toHaveText("refused: no credential");
  await expect(picture.locator(".timeline-refused")).toHaveCount(0);
  await expect(picture.locator("[data-verdict]")).toHaveCount(0);
  // Its line in the text is not in the defence's colour either: colour never says what the words do not.
  await expect(picture.locator("li.verdict-refused-text")).toHaveCount(0);
});

test("a login page reached directly draws no refused request", async ({ page }) => {
  await page.goto("/jwt/login?reason=bad-signature");
  await expect(page.getByTestId("login-reason")).toBeVisible();
  await expect(page.getByTestId("refused-request")).toHaveCount(0);
});

test.describe("the picture fits the screen", () => {
  test("on a 390 px phone, a refused login shows the gate that refused, and every box fits with no sideways scrolling", async ({ page, context }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await plantCookie(context, SESSION_COOKIE, "A".repeat(43));
    await page.goto("/session/dashboard");
    await expect(page).toHaveURL(/\/session\/login\?.*reason=unknown$/);
    await expectTimelineFits(page, "refusal-timeline");
    const refusing = page.getByTestId("refusal-timeline").locator(".timeline-refused");
    await refusing.scrollIntoViewIfNeeded();
    await expect(refusing).toBeInViewport({ ratio: 1 });
    await expect(refusing).toContainText("second gate");
    await expect(refusing).toContainText("Defence holds");
  });

  for (const width of [390, 1280]) {
    test(`at ${width} px, the dashboard's picture of this request fits, the answer box included`, async ({ page }) => {
      await page.setViewportSize({ width, height: 900 });
      await signIn(page, "jwt", BOB, "/jwt/login", []);
      await page.goto("/jwt/dashboard");
      await page.getByTestId("this-request").locator(":scope > summary").click();
      await expectTimelineFits(page, "request-timeline");
      await expect(page.getByTestId("request-timeline").locator(".timeline-answer")).toBeVisible();
    });

    test(`at ${width} px, a request middleware refused is drawn whole on the login page`, async ({ page, context }) => {
      await page.setViewportSize({ width, height: 900 });
      await plantCookie(context, JWT_COOKIE, "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJib2IifQ.forged");
      await page.goto("/jwt/dashboard");
      await expect(page).toHaveURL(/reason=bad-signature$/);
      await expectTimelineFits(page, "refusal-timeline");
      const answer = page.getByTestId("refusal-timeline").locator(".timeline-answer");
      await answer.scrollIntoViewIfNeeded();
      await expect(answer).toBeInViewport({ ratio: 1 });
    });
  }
});

test("a prefetch middleware refuses records no refused request: a login page opened later draws none it did not cause", async ({ request }) => {
  const forged = `${JWT_COOKIE}=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJib2IifQ.forged`;
  const refusalCookie = (response: import("@playwright/test").APIResponse) =>
    response.headersArray().filter((h) => h.name.toLowerCase() === "set-cookie" && /auth-refusal=/.test(h.value));
  const visit = await request.get("/jwt/dashboard", { headers: { cookie: forged }, maxRedirects: 0 });
  expect(visit.status()).toBe(307);
  expect(refusalCookie(visit)).toHaveLength(1);
  // Next.js's router prefetch is a fetch (its own prefetch header never reaches middleware); the browser's says so.
  const prefetches: Record<string, string>[] = [{ "next-router-prefetch": "1", rsc: "1", "sec-fetch-dest": "empty", "sec-fetch-mode": "cors" }, { "sec-purpose": "prefetch" }];
  for (const prefetch of prefetches) {
    const answer = await request.get("/jwt/dashboard", { headers: { cookie: forged, ...prefetch }, maxRedirects: 0 });
    expect(answer.status()).toBe(307);
    expect(refusalCookie(answer)).toEqual([]);
  }
});
