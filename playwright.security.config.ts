import { defineConfig } from "@playwright/test";
import { CHROMIUM_ARGS, chromiumExecutable } from "./scripts/chromium";

/**
 * The adversarial suite (tests/security/): one test per attack, black-box over HTTP against
 * the production build. No webServer here: each spec starts its own `next start` with the
 * settings its attacks need (short lifetimes, the store-call counter) and reads its log.
 * A browser is used only where an attack needs one (server actions).
 */

export default defineConfig({
  testDir: "tests/security",
  globalSetup: "./tests/security/global-setup.ts",
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  // One server per spec file; its tests run one after the other (they read its store
  // counter and its log), and two files run at a time.
  workers: 2,
  fullyParallel: false,
  timeout: 30_000,
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [["list"], ["json"]] : [["list"]],
  use: {
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromiumExecutable(),
      args: CHROMIUM_ARGS,
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
});
