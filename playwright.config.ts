import { defineConfig } from "@playwright/test";
import { CHROMIUM_ARGS, chromiumExecutable } from "./scripts/chromium";

/**
 * End-to-end tests drive a real Chromium against a real production server
 * (`next build && next start`), in the browser scripts/chromium.ts picks.
 */
const PORT = Number(process.env.E2E_PORT ?? 3210);
export const E2E_BASE_URL = `http://localhost:${PORT}`;
/** Fixed so a test could mint tokens; only ever used against the throwaway test server. */
export const E2E_JWT_SECRET = "e2e-only-jwt-secret-not-for-production-0123456789";

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
      args: CHROMIUM_ARGS,
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
