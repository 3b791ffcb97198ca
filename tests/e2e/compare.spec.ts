import { expect, test, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import { BOB, jwtDashboardSettled, signIn } from "./helpers";
import { LEAK_ROWS } from "../../app/compare/leak-rows";

/** bench/results.json as /compare reads it: whether the last run measured the Better Auth lane. */
const bench = JSON.parse(readFileSync("bench/results.json", "utf8")) as { date: string; load: { id: string }[]; cookies: { lane: string }[] };
const benchHasBetterAuthPage = bench.load.some((row) => row.id === "better-auth-page");
const benchHasBetterAuthCookies = bench.cookies.some((row) => row.lane === "Better Auth");
/** The Better Auth column: the fifth lane (after the point's header cell, which is a th). */
const BETTER_AUTH = 4;

/** Signs in on the Better Auth lane's page (its server action); lands on its dashboard. */
async function signInBetterAuth(page: Page) {
  await page.goto("/better-auth/login");
  await page.getByLabel("Username").fill(BOB.username);
  await page.getByLabel("Password").fill(BOB.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname === "/better-auth/dashboard");
}

test.describe("/compare", () => {
  test("the home page links to it, and every row has a figure or text in each cell and a link to a demo", async ({ page }) => {
    await page.goto("/");
    // "The articles this demo is built on" says what they are, where it says it.
    await page.getByRole("link", { name: "articles this demo is built on", exact: true }).click();
    await expect(page.getByRole("heading", { name: "The articles behind this demo" })).toBeInViewport();
    await page.goto("/");
    await page.getByTestId("compare-link").click();
    await expect(page).toHaveURL(/\/compare$/);
    const rows = page.locator("[data-testid^=row-]");
    expect(await rows.count()).toBeGreaterThanOrEqual(12);
    for (const row of await rows.all()) {
      const cells = row.locator("td");
      expect(await cells.count()).toBe(6); // five lanes and the links
      for (const cell of await cells.all()) expect((await cell.innerText()).trim()).not.toBe("");
      expect(await row.locator("td").last().getByRole("link").count()).toBeGreaterThan(0);
    }
    // The figures from the last benchmark run, with its date.
    await expect(page.getByTestId("bench-date")).toHaveText(bench.date.slice(0, 10));
    const trips = page.getByTestId("row-round-trips").locator("td");
    for (const lane of [0, 1, 2, 3]) await expect(trips.nth(lane)).not.toContainText("not measured");
    // The Better Auth lane's own figures, once a run has measured it; until then it says so.
    if (benchHasBetterAuthPage) await expect(trips.nth(BETTER_AUTH)).not.toContainText("not measured");
    else await expect(trips.nth(BETTER_AUTH)).toContainText("not measured yet");
    await expect(page.getByTestId("row-login-limit")).toContainText("failures per account");
  });

  test("every link in the table opens a working page", async ({ page }) => {
    await page.goto("/compare");
    const hrefs = [...new Set(await page.getByTestId("compare-table").getByRole("link").evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? "")))];
    expect(hrefs.length).toBeGreaterThan(8);
    for (const href of hrefs) {
      const response = await page.request.get(href); // follows redirects (a protected page goes to its login page)
      expect(response.status(), href).toBe(200);
    }
  });

  test("signed in, the cells show this browser's own cookie and its token's time left", async ({ page }) => {
    await signIn(page, "jwt", BOB, "/jwt/login", []); // a plain JWT
    await signIn(page, "session", BOB);
    await page.goto("/compare");
    const sizes = page.getByTestId("row-cookie-size");
    await expect(sizes.locator("td").nth(0)).toContainText("(your cookie)");
    await expect(sizes.locator("td").nth(2)).toContainText(/^\d+ bytes \(your cookie\)/);
    await expect(sizes.locator("td").nth(1)).toContainText("(bench)"); // no checked JWT in this browser
    await expect(page.getByTestId("row-revocation").locator("td").nth(0)).toContainText(/Your current token: \d+ s left/);
    // Not signed in to Better Auth: the bench's bytes, or an honest "not measured yet".
    await expect(sizes.locator("td").nth(BETTER_AUTH)).toContainText(benchHasBetterAuthCookies ? "(bench)" : "not measured yet");
  });

  test("the Better Auth column: where its session lives, what the first gate proves, and the cookie cache's delay", async ({ page }) => {
    await page.goto("/compare");
    const cell = (row: string) => page.getByTestId(`row-${row}`).locator("td").nth(BETTER_AUTH);
    await expect(page.getByTestId("compare-table").locator("thead th").nth(BETTER_AUTH + 1)).toHaveText("Better Auth (sessions in the store)");
    await expect(cell("state")).toContainText("secondaryStorage");
    await expect(cell("revocation")).toContainText("0 s");
    await expect(cell("revocation")).toContainText("up to 10 s, 30 s or 5 min here (your browser: off)");
    await expect(cell("round-trips")).toContainText("2 reads per getSession with the cache off, 0 while the cache is young");
    await expect(cell("role-change")).toContainText("the old role until the cache expires");
    await expect(cell("edge")).toContainText("it proves presence, not a session");
    await expect(cell("edge")).toContainText(/\d+ µs per check/); // the bench's peer figure
    await expect(cell("store-leak")).toContainText("not hashed");
    await expect(cell("login-limit")).toContainText("The same limiter");
    await expect(cell("cookie-size")).toHaveAttribute("data-label", "Better Auth (sessions in the store)");
  });

  test("signed in to Better Auth with the cookie cache on, the column shows its two cookies and this browser's maxAge", async ({ page }) => {
    await signInBetterAuth(page);
    await page.goto("/compare");
    const cell = (row: string) => page.getByTestId(`row-${row}`).locator("td").nth(BETTER_AUTH);
    await expect(cell("cookie-size")).toContainText(/^\d+ bytes \(your cookie\)/);

    await page.goto("/better-auth/dashboard#cookie-cache");
    await page.getByLabel("on, 30 s").check();
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page.getByTestId("cookie-cache-state")).toHaveText("on, 30 s");
    // Any getSession through Better Auth's handler issues the cache cookie.
    expect((await page.request.get("/api/better-auth/get-session")).status()).toBe(200);
    await page.goto("/compare");
    await expect(cell("cookie-size")).toContainText(/^\d+ bytes \(your cookies: the session id \d+, the cache \d+\)/);
    const [total, id, cache] = ((await cell("cookie-size").innerText()).match(/\d+/g) ?? []).map(Number);
    expect(total).toBe(id + cache);
    expect(cache).toBeGreaterThan(id); // the copy of session and user outweighs the id
    await expect(cell("revocation")).toContainText("(your browser: on, 30 s)");
  });

  test("when a token or a key leaks: a row each for a stolen token replayed without the key, rotating the signing key and a sensitive action an hour after sign-in, each linked to its demo", async ({ page }) => {
    await page.goto("/compare");
    const row = (id: keyof typeof LEAK_ROWS) => page.getByTestId(`row-${id}`);
    const cells = (id: keyof typeof LEAK_ROWS) => row(id).locator("td");
    const links = async (id: keyof typeof LEAK_ROWS) => row(id).locator("td").last().getByRole("link").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    for (const [id, topic] of Object.entries(LEAK_ROWS)) await expect(page.getByTestId(`row-${id}`).locator("th"), id).toHaveText(topic);

    // A stolen token: every bearer credential works for the thief; a DPoP-bound JWT needs the key.
    const stolen = cells("stolen-token-replay");
    await expect(stolen.nth(0)).toContainText("Works: a Bearer token opens the API for whoever holds a copy");
    await expect(stolen.nth(0)).toContainText("up to 1 h"); // JWT_ACCESS_TOKEN_TTL_SECONDS's default
    await expect(stolen.nth(1)).toContainText("refused without a proof signed by that key (as Bearer: bound-token-as-bearer; with another key's proof: wrong-key)");
    await expect(stolen.nth(1)).toContainText("within 1 min of its iat"); // DPOP_PROOF_MAX_SKEW_SECONDS
    for (const lane of [2, 3, 4]) await expect(stolen.nth(lane)).toContainText(/^Works: /);
    await expect(stolen.nth(2)).toContainText("idle 7 d, at most 30 d");
    expect(await links("stolen-token-replay")).toEqual(["/jwt/dashboard#dpop", "/session/replay", "/authjs/replay"]);

    // Rotating the key: previous keys verify (none configured on this server), sessions have none, Better Auth has one.
    const rotation = cells("key-rotation");
    await expect(rotation.nth(0)).toContainText("JWT_SECRET_PREVIOUS only verifies (this server: none)");
    await expect(rotation.nth(2)).toContainText("No key to rotate");
    await expect(rotation.nth(3)).toContainText("AUTH_SECRET_PREVIOUS still decrypts (this server: none)");
    await expect(rotation.nth(4)).toContainText("a new one signs every Better Auth user out");
    expect(await links("key-rotation")).toEqual(["/docs/deploying#rotating-the-signing-keys", "/compare/leaked-key"]);

    // A sensitive action long after sign-in: the password again, in every lane.
    const stepUp = cells("step-up");
    for (const lane of [0, 2, 3, 4]) await expect(stepUp.nth(lane)).toContainText("asks for the password again", { ignoreCase: true });
    await expect(stepUp.nth(0)).toContainText("insufficient_user_authentication");
    await expect(stepUp.nth(0)).toContainText("older than 5 min (STEP_UP_MAX_AGE_SECONDS)"); // the setting, read from config
    expect(await links("step-up")).toEqual(["/jwt/admin", "/session/admin", "/better-auth/admin", "/authjs/dashboard"]);

    // The links with a fragment land on what they name: the docs' section, and the DPoP panel.
    await page.goto("/docs/deploying#rotating-the-signing-keys");
    await expect(page.locator("#rotating-the-signing-keys")).toHaveText("Rotating the signing keys");
    await signIn(page, "jwt", BOB);
    await jwtDashboardSettled(page);
    await page.goto("/jwt/dashboard#dpop");
    await expect(page.locator("#dpop")).toHaveAttribute("data-testid", "dpop-panel");
  });
});

test("/compare on a 390 px phone: each point is a card, and its heading runs across the card (not squeezed into a narrow column)", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/compare");
  const rows = page.locator("[data-testid^=row-]");
  expect(await rows.count()).toBeGreaterThanOrEqual(12);
  const widths = await rows.evaluateAll((trs) => trs.map((tr) => {
    const th = tr.querySelector("th[scope=row]")!;
    const style = getComputedStyle(tr);
    return { id: tr.getAttribute("data-testid"), th: th.getBoundingClientRect().width, inner: tr.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) };
  }));
  for (const { id, th, inner } of widths) expect(th, id!).toBeGreaterThanOrEqual(inner - 1);
});

test("/compare says what jti, a jti denylist, JWS, EdDSA and JWKS are, above the table that uses them", async ({ page }) => {
  await page.goto("/compare");
  const terms = page.getByTestId("compare-glossary");
  for (const term of ["jti", "jti denylist", "JWS", "EdDSA", "JWKS"]) await expect(terms.locator("dfn", { hasText: new RegExp(`^${term}$`) })).toBeVisible();
  await expect(terms).toContainText("a JWT's own id, so one token can be refused alone");
  await expect(terms).toContainText("a signed token anyone can read");
  await expect(terms).toContainText("the page that publishes those public keys");
  // Before the first row that uses them.
  expect((await terms.boundingBox())!.y).toBeLessThan((await page.getByTestId("compare-table").boundingBox())!.y);
});
