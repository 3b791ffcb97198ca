/**
 * `npm run screenshot`: builds and starts the production server, signs in to every lane in a
 * real Chromium, and saves the README's pictures: the home page at desktop (1280 px) and
 * phone (390 px) width, and the JWT dashboard. `-- --all DIR` also saves every page at both
 * widths into DIR (for looking at a UI change before calling it done).
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Page } from "@playwright/test";
import { CHROMIUM_ARGS, chromiumExecutable } from "./chromium";
import { startDemoServer } from "./lib/demo-server";

const allIndex = process.argv.indexOf("--all");
const allDir = allIndex >= 0 ? process.argv[allIndex + 1] : null;
const PAGES = [
  "/", "/compare", "/compare/leaked-key", "/jwt", "/jwt/login", "/jwt/dashboard", "/jwt/admin", "/jwt/replay", "/jwt/playground",
  "/session", "/session/login", "/session/dashboard", "/session/devices", "/session/admin", "/session/replay",
  "/authjs", "/authjs/login", "/authjs/dashboard", "/authjs/admin",
  "/better-auth", "/better-auth/login", "/better-auth/dashboard", "/better-auth/admin",
  "/docs", "/docs/readme", "/docs/security",
];

const { server, base } = await startDemoServer({ rebuild: !process.argv.includes("--no-build") });
const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS });

async function signInEverywhere(page: Page) {
  for (const [area, username, password] of [["jwt", "alice", "correct-horse"], ["session", "alice", "correct-horse"], ["authjs", "alice", "correct-horse"], ["better-auth", "alice", "correct-horse"]]) {
    await page.goto(`${base}/${area}/login`);
    await page.getByLabel("Username").fill(username);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${base}/${area}/dashboard`);
  }
}

try {
  for (const width of [1280, 390]) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    if (allDir) {
      mkdirSync(allDir, { recursive: true });
      await page.goto(base);
      await page.screenshot({ path: join(allDir, `signed-out-home-${width}.png`), fullPage: true });
    }
    await signInEverywhere(page);
    await page.goto(base);
    await page.screenshot({ path: width === 1280 ? "docs/home.png" : "docs/home-phone.png", fullPage: width === 1280 });
    if (width === 1280) {
      await page.goto(`${base}/jwt/dashboard`);
      await page.screenshot({ path: "docs/jwt-dashboard.png", fullPage: true });
    }
    if (allDir) {
      for (const path of PAGES) {
        await page.goto(`${base}${path}`);
        await page.screenshot({ path: join(allDir, `${path === "/" ? "home" : path.slice(1).replaceAll("/", "-")}-${width}.png`), fullPage: true });
      }
    }
    await context.close();
  }
  console.log(`wrote docs/home.png, docs/home-phone.png, docs/jwt-dashboard.png${allDir ? ` and every page into ${allDir}` : ""}`);
} finally {
  await browser.close();
  await server.stop();
}
