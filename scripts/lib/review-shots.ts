// Dev helper (not part of the app): viewport-sized screenshots of pages, signed in to every lane,
// at 390 and 1280 px, with optional scroll offsets: `npx tsx scripts/lib/review-shots.ts DIR /path@scrollY ...`.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "@playwright/test";
import { CHROMIUM_ARGS, chromiumExecutable } from "../chromium";
import { startDemoServer } from "./demo-server";

const [dir, ...targets] = process.argv.slice(2);
mkdirSync(dir, { recursive: true });
const { server, base } = await startDemoServer();
const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS });
try {
  for (const width of [390, 1280]) {
    const page = await (await browser.newContext({ viewport: { width, height: 1000 } })).newPage();
    for (const area of ["jwt", "session", "authjs"]) {
      await page.goto(`${base}/${area}/login`);
      await page.getByLabel("Username").fill("alice");
      await page.getByLabel("Password").fill("correct-horse");
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL(`${base}/${area}/dashboard`);
    }
    for (const target of targets) {
      const [path, scroll = "0"] = target.split("@");
      await page.goto(`${base}${path}`);
      await page.evaluate((y) => window.scrollTo(0, y), Number(scroll));
      await page.screenshot({ path: join(dir, `${path.slice(1).replaceAll("/", "-") || "home"}-${scroll}-${width}.png`) });
    }
  }
} finally {
  await browser.close();
  await server.stop();
}
