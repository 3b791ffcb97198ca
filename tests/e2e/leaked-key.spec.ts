import { createHmac } from "node:crypto";
import { expect, test } from "@playwright/test";
import { ALICE, signIn, tokenColour } from "./helpers";
import { E2E_JWT_SECRET } from "./env";

/**
 * The leaked-key drill (/compare/leaked-key), as a reader sees it: every lane's rows with the
 * verdict the server's real verifiers gave, reached from /compare and the playground, readable
 * on a phone.
 */
const PATH = "/compare/leaked-key";
/** A row's outcome: the attack verdict (the attacker's rows) or the user's own credential's accepted or refused. */
const OUTCOME = ":is(.verdict, .drill-own)";
/** The drill's height at 390 px: 10,867 px with every row's explanation shown, ~6,900 px with them folded. */
const PHONE_HEIGHT_MAX_PX = 7500;

/** Row → the verdict word it must show, and the refusal reason where there is one. */
const EXPECTED: Record<string, [word: string, reason?: string]> = {
  "jwt-mint-admin": ["Attacker wins"],
  "jwt-mint-app-key": ["Defence holds", "bad-signature"],
  "jwt-rotate-user": ["Accepted"],
  "jwt-rotate-attacker": ["Attacker wins"],
  "jwt-rotate-sign-out-everywhere": ["Attacker wins"],
  "jwt-remove-user": ["Refused", "bad-signature"],
  "jwt-remove-attacker": ["Defence holds", "bad-signature"],
  "jwt-remove-user-again": ["Accepted"],
  "authjs-mint-read": ["Attacker wins"],
  "authjs-mint-admin": ["Attacker wins"],
  "authjs-mint-app-key": ["Defence holds", "no-matching-secret"],
  "authjs-rotate-user": ["Accepted"],
  "authjs-rotate-attacker": ["Attacker wins"],
  "authjs-remove-user": ["Refused", "no-matching-secret"],
  "authjs-remove-attacker": ["Defence holds", "no-matching-secret"],
  "authjs-remove-resealed": ["Attacker wins"],
  "authjs-remove-resealed-version": ["Defence holds", "stale-version"],
  "authjs-remove-user-again": ["Accepted"],
  "session-mint-made-up": ["Defence holds"],
  "session-mint-store-copy": ["Defence holds", "malformed"],
  "session-end-stolen": ["Defence holds", "revoked"],
  "session-end-laptop": ["Accepted"],
  "session-end-others": ["Accepted"],
  "better-auth-mint-made-up": ["Defence holds", "not-in-store"],
  "better-auth-mint-store-copy": ["Attacker wins"],
  "better-auth-mint-admin-cache": ["Attacker wins"],
  "better-auth-mint-app-key": ["Defence holds", "bad-signature"],
  "better-auth-list-user": ["Refused", "bad-signature"],
  "better-auth-list-attacker": ["Defence holds", "bad-signature"],
  "better-auth-remove-user": ["Refused", "bad-signature"],
  "better-auth-remove-store-copy": ["Defence holds", "bad-signature"],
  "better-auth-remove-attacker": ["Defence holds", "bad-signature"],
  "better-auth-remove-user-again": ["Accepted"],
};

test.describe(PATH, () => {
  test("every lane's rows show the verdict the real verifiers gave, in a word", async ({ page }) => {
    await page.goto(PATH);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("The signing key leaked: a drill");
    // The procedure is reference: folded under its heading until asked for.
    await expect(page.getByTestId("step-do-jwt")).toBeHidden();
    await page.getByTestId("step-do").locator("summary").click();
    for (const step of ["step-mint", "step-rotate", "step-do"]) {
      for (const lane of ["jwt", "authjs", "session", "better-auth"]) await expect(page.getByTestId(`${step}-${lane}`)).toBeVisible();
    }
    expect(await page.locator("[data-testid^=drill-]").count()).toBe(Object.keys(EXPECTED).length);
    for (const [id, [word, reason]] of Object.entries(EXPECTED)) {
      // Each row folded: its summary shows what was sent and the verdict; opened, what it means.
      const row = page.getByTestId(`drill-${id}`);
      await expect(row.locator("details"), id).not.toHaveAttribute("open");
      await expect(row.locator(OUTCOME), id).toHaveText(word);
      await expect(row.locator(OUTCOME), id).toBeVisible();
      await expect(row.locator(".drill-what"), id).toBeVisible();
      // The summary reads as words: the checker's reason code waits in the opened row, after its sentence.
      await expect(row.locator("summary code"), id).toHaveCount(0);
      if (reason) await expect(row.locator(".drill-meaning .drill-reason code"), id).toHaveText(reason);
      else await expect(row.locator(".drill-reason"), id).toHaveCount(0);
      await expect(row.locator(".drill-meaning"), id).toBeHidden();
    }
    await page.getByTestId("drill-jwt-rotate-attacker").locator("summary").click();
    await expect(page.getByTestId("drill-jwt-rotate-attacker").locator(".drill-meaning")).toHaveText(/^Still accepted: the old key verifies whatever it signed/);
    // A made-up session token never was a session: the row says the store has none, not that one ended.
    const madeUp = page.getByTestId("drill-session-mint-made-up");
    await madeUp.locator("summary").click();
    await expect(madeUp.locator(".drill-meaning")).toHaveText(/^Refused: the store has no session for it\. This app never issued this token/);
    await expect(madeUp.locator(".drill-meaning")).not.toContainText(/signed out|revoked|expired|reason/);
    // A leaked third-party key: its holder picks the exp, so the step names the JWKS cache as what
    // ends it (with the route's max-age), never the tokens' lifetime; and minted tokens outlive a sign-out.
    const thirdParty = page.getByTestId("step-do-session-third-party");
    await expect(thirdParty).toContainText("JWKS");
    const jwksCache = (await page.request.get("/.well-known/jwks.json")).headers()["cache-control"];
    expect(jwksCache).toBe("public, max-age=300");
    await expect(thirdParty).toContainText("Allow 5 min after the last restart (the JWKS's cache max-age)");
    await expect(thirdParty).not.toContainText(/expires? within/);
    await expect(page.getByTestId("step-do-session")).toContainText("it outlives \"sign out all other devices\" and a role change by up to its lifetime, 5 min");
    // The steps link the deployment guide's rotation section.
    await expect(page.getByTestId("step-do").getByRole("link", { name: "Deploying: rotating the signing keys" })).toHaveAttribute("href", "/docs/deploying#rotating-the-signing-keys");
  });

  test("the Better Auth column says what rotation does to live users: no previous secret, everyone signed out", async ({ page }) => {
    await page.goto(PATH);
    const rotation = page.getByTestId("step-rotate-better-auth");
    await expect(rotation.getByRole("heading", { name: "Better Auth (BETTER_AUTH_SECRET)" })).toBeVisible();
    await expect(rotation).toContainText("any new secret signs every user out");
    // What a verdict means is folded under its row: opened, it says so.
    for (const [id, meaning] of [["better-auth-list-user", "No rotation keeps users signed in."], ["better-auth-mint-admin-cache", "Accepted as alice (admin) with 0 store reads"]]) {
      const row = page.getByTestId(`drill-${id}`);
      await expect(row.getByText(meaning, { exact: false })).toBeHidden();
      await row.locator("summary").click();
      await expect(row.getByText(meaning, { exact: false })).toBeVisible();
    }
    await expect(page.getByTestId("step-do-better-auth")).toContainText("There is no previous-secret variable"); // folded, but in the page
    // Bob signed out by the rotation is its price, a state change of his own sign-in: drawn in
    // --state-change like "Signed out.", never the red of "Attacker wins" nor the green of "Defence holds".
    const signedOut = page.getByTestId("drill-better-auth-list-user").locator(OUTCOME);
    await expect(signedOut).toHaveText("Refused");
    await expect(signedOut).not.toHaveAttribute("data-verdict");
    const refusedStyle = await signedOut.evaluate((element) => ({ colour: getComputedStyle(element).color, rule: getComputedStyle(element).borderLeftColor }));
    expect(refusedStyle.colour).toBe(await tokenColour(page, "--state-change"));
    expect(refusedStyle.rule).toBe(await tokenColour(page, "--state-change"));
    for (const verdict of ["--attacker-wins", "--defence-holds", "--warn"]) expect(refusedStyle.colour, verdict).not.toBe(await tokenColour(page, verdict));
    // His own credential accepted is a check passing (green words), not a badge shaped like "Defence holds".
    const accepted = page.getByTestId("drill-better-auth-remove-user-again").locator(OUTCOME);
    await expect(accepted).toHaveText("Accepted");
    await expect(accepted).not.toHaveAttribute("data-verdict");
    const shape = (element: Element) => {
      const style = getComputedStyle(element);
      return { radius: style.borderTopLeftRadius, border: `${style.borderTopStyle} ${style.borderTopWidth}`, background: style.backgroundColor };
    };
    const defence = await page.getByTestId("drill-better-auth-list-attacker").locator('[data-verdict="defence-holds"]').evaluate(shape);
    const acceptedShape = await accepted.evaluate(shape);
    expect(acceptedShape.radius, "not the verdict's pill").not.toBe(defence.radius);
    expect(acceptedShape.border, "not the verdict's outline").not.toBe(defence.border);
    expect(acceptedShape.background, "not the verdict's fill").not.toBe(defence.background);
    expect(await accepted.evaluate((element) => getComputedStyle(element).color)).toBe(await tokenColour(page, "--ok"));
  });

  test("the stand-in key is not the app's: the kid it shows is not JWT_SECRET's", async ({ page }) => {
    const appKid = createHmac("sha256", E2E_JWT_SECRET).update("jwt-vs-session key id").digest("hex").slice(0, 24);
    await page.goto(PATH);
    await expect(page.getByTestId("kid-leaked")).toHaveText(/^[0-9a-f]{24}$/);
    await expect(page.getByTestId("kid-leaked")).not.toHaveText(appKid);
  });

  test("/compare's secret-leak row and the playground link to it", async ({ page }) => {
    await page.goto("/compare");
    await page.getByTestId("row-secret-leak").getByRole("link", { name: "the leaked-key drill" }).click();
    await expect(page).toHaveURL(/\/compare\/leaked-key$/);
    await expect(page.getByTestId("drill-jwt-mint-admin")).toBeVisible();
    await signIn(page, "jwt", ALICE);
    await page.goto("/jwt/playground");
    await expect(page.getByRole("link", { name: "The leaked-key drill" })).toHaveAttribute("href", PATH);
  });

  test.describe("at 1280 px", () => {
    test.use({ viewport: { width: 1280, height: 900 } });
    test("each group of rows stays together: its heading above all its rows, never split across two columns", async ({ page }) => {
      await page.goto(PATH);
      await expect(page.getByTestId("drill-better-auth-remove-user-again")).toBeVisible();
      const split = async () =>
        page.locator(".drill-lanes .drill-group").evaluateAll((groups) =>
          groups.flatMap((group) => {
            const heading = group.querySelector("h4")!.getBoundingClientRect();
            const rows = [...group.querySelectorAll(".drill-row")].map((row) => row.getBoundingClientRect());
            const name = `${group.closest("[data-testid]")!.getAttribute("data-testid")}: ${group.querySelector("h4")!.textContent}`;
            // A block split across columns has a box per column; a row left of its heading, or above it, was moved away from it.
            if (group.getClientRects().length > 1) return [`${name} is in ${group.getClientRects().length} columns`];
            return rows.some((row) => row.top < heading.bottom || row.left < heading.left - 1 || row.right > heading.right + 1) ? [`${name}: a row lies outside its heading's column`] : [];
          }),
        );
      expect(await split(), "rows folded").toEqual([]);
      // Opened, the rows are as long as they get: still together.
      await page.locator(".drill-lanes .drill-row details").evaluateAll((all) => all.forEach((el) => ((el as HTMLDetailsElement).open = true)));
      expect(await split(), "rows open").toEqual([]);
    });
  });

  test.describe("on a phone", () => {
    test.use({ viewport: { width: 390, height: 900 } });
    test("nothing scrolls sideways at 390 px, rows folded or open", async ({ page }) => {
      await page.goto(PATH);
      await expect(page.getByTestId("drill-better-auth-remove-user-again")).toBeVisible();
      const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
      expect(await fits(), "rows folded").toBe(true);
      await page.locator("details").evaluateAll((all) => all.forEach((el) => ((el as HTMLDetailsElement).open = true)));
      await expect(page.getByTestId("drill-better-auth-remove-user-again").locator(".drill-meaning")).toBeVisible();
      expect(await fits(), "every row and the procedure open").toBe(true);
    });

    test(`the drill is under ${PHONE_HEIGHT_MAX_PX} px tall at 390 px, and every row still shows its verdict`, async ({ page }) => {
      await page.goto(PATH);
      expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(PHONE_HEIGHT_MAX_PX);
      for (const id of Object.keys(EXPECTED)) await expect(page.getByTestId(`drill-${id}`).locator(OUTCOME), id).toBeVisible();
    });
  });
});
