import { defineConfig } from "@playwright/test";
import { chromium } from "@playwright/test";
import { existsSync } from "node:fs";

/**
 * End-to-end tests drive a real Chromium against a real production server
 * (`next build && next start`). The browser: $CHROMIUM_PATH if set, else Debian's
 * /usr/bin/chromium, else Playwright's own download.
 */
const PORT = Number(process.env.E2E_PORT ?? 3210);
export const E2E_BASE_URL = `http://localhost:${PORT}`;
/** Fixed so a test could mint tokens; only ever used against the throwaway test server. */
export const E2E_JWT_SECRET = "e2e-only-jwt-secret-not-for-production-0123456789";

function chromiumExecutable(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return fromEnv;
  if (existsSync("/usr/bin/chromium")) return "/usr/bin/chromium";
  if (existsSync(chromium.executablePath())) return undefined; // Playwright's own browser
  console.error(
    "No Chromium for the e2e tests: install one with `sudo apt-get install chromium` (Debian/Ubuntu) or `npx playwright install chromium`, or set CHROMIUM_PATH.",
  );
  process.exit(1);
}

export default defineConfig({
  testDir: "tests/e2e",
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  workers: 2,
  timeout: 30_000,
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [["list"], ["json"]] : [["list"]],
  use: {
    baseURL: E2E_BASE_URL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromiumExecutable(),
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
  webServer: {
    command: `npm run build && npm run start -- -p ${PORT}`,
    url: `${E2E_BASE_URL}/`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      JWT_SECRET: E2E_JWT_SECRET,
      NEXT_TELEMETRY_DISABLED: "1",
    },
  },
});
