/**
 * `npm run screenshot`: starts the production build, signs in to both areas in a real
 * Chromium and saves the home page to docs/home.png (the picture in the README).
 */
import { randomBytes } from "node:crypto";
import { chromium } from "@playwright/test";
import { CHROMIUM_ARGS, chromiumExecutable } from "./chromium";
import { freePort, startNextServer } from "./lib/processes";
import { generateSigningJwk } from "./lib/signing-key";

const port = await freePort();
const base = `http://localhost:${port}`;
const server = await startNextServer(port, {
  JWT_SECRET: randomBytes(32).toString("base64url"),
  AUTH_SECRET: randomBytes(32).toString("base64url"),
  THIRD_PARTY_SIGNING_KEYS: JSON.stringify([generateSigningJwk()]),
}, { rebuild: true });
const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  for (const [area, username, password] of [["jwt", "alice", "correct-horse"], ["session", "bob", "battery-staple"], ["authjs", "alice", "correct-horse"]]) {
    await page.goto(`${base}/${area}/login`);
    await page.getByLabel("Username").fill(username);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${base}/${area}/dashboard`);
  }
  await page.goto(base);
  await page.screenshot({ path: "docs/home.png", fullPage: true });
  console.log("wrote docs/home.png");
} finally {
  await browser.close();
  await server.stop();
}
