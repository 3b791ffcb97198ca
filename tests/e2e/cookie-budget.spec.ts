import { expect, test } from "@playwright/test";
import { BOB, JWT_COOKIE, SESSION_COOKIE, signIn } from "./helpers";

/**
 * The cookie budget meter: the bytes it shows are those of the cookies the server set and the
 * browser sent back (measured on the server: HttpOnly cookies are invisible to page scripts),
 * and the growth control shows where a JWT outgrows one cookie and Auth.js starts chunking.
 */
const AUTHJS_COOKIE = "__Secure-authjs.session-token";
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
    await expect(page.getByTestId(`cookie-meter-${NAMES[area]}`).locator("svg")).toHaveAttribute("aria-label", new RegExp(`^${NAMES[area].replace(/[.]/g, "\\.")}: \\d+ of 4096 bytes$`));
  });
}

test("adding claims: a JWT outgrows one cookie, Auth.js starts chunking, a session cookie stays the same", async ({ page }) => {
  await signIn(page, "jwt", BOB, "/jwt/login", []);
  const growth = page.getByTestId("cookie-growth");
  await expect(growth.getByTestId("growth-jwt")).toContainText("fits in one cookie");
  const sessionBefore = await growth.getByTestId("growth-session").locator("td").first().textContent();

  await page.getByLabel(/permissions into a scratch credential/).fill("400");
  await expect(page.getByTestId("claims-count")).toHaveText("400");
  await expect(growth.getByTestId("growth-jwt")).toContainText("too big for one cookie: the browser drops it");
  await expect(growth.getByTestId("growth-authjs")).toContainText(/Auth\.js splits it into [2-9] cookies/);
  await expect(growth.getByTestId("growth-session").locator("td").first()).toHaveText(sessionBefore!);
  const jwtBytes = Number(await growth.getByTestId("growth-jwt").locator("td").first().textContent());
  expect(jwtBytes).toBeGreaterThan(4096);
});

test("the growth endpoint explains bad input", async ({ request }) => {
  const answer = await request.get("/api/demo/cookie-budget?claims=9999");
  expect(answer.status()).toBe(400);
  expect(await answer.json()).toMatchObject({ error: "claims is at most 500." });
});
