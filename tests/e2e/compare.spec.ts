import { expect, test } from "@playwright/test";
import { readFileSync } from "node:fs";
import { BOB, signIn } from "./helpers";

test.describe("/compare", () => {
  test("the home page links to it, and every row has a figure or text in each cell and a link to a demo", async ({ page }) => {
    await page.goto("/");
    await page.getByTestId("compare-link").click();
    await expect(page).toHaveURL(/\/compare$/);
    const rows = page.locator("[data-testid^=row-]");
    expect(await rows.count()).toBeGreaterThanOrEqual(12);
    for (const row of await rows.all()) {
      const cells = row.locator("td");
      expect(await cells.count()).toBe(5); // four lanes and the links
      for (const cell of await cells.all()) expect((await cell.innerText()).trim()).not.toBe("");
      expect(await row.locator("td").last().getByRole("link").count()).toBeGreaterThan(0);
    }
    // The figures from the last benchmark run, with its date.
    const bench = JSON.parse(readFileSync("bench/results.json", "utf8")) as { date: string };
    await expect(page.getByTestId("bench-date")).toHaveText(bench.date.slice(0, 10));
    await expect(page.getByTestId("row-round-trips")).not.toContainText("not measured");
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
  });
});
