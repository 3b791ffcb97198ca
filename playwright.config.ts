import { defineConfig } from "@playwright/test";
import { CHROMIUM_ARGS, chromiumExecutable } from "./scripts/chromium";
import { E2E_BASE_URL, E2E_SERVER_ENV, E2E_PORT as PORT } from "./tests/e2e/env";

/**
 * End-to-end tests drive a real Chromium against a real production server
 * (`next build && next start`), in the browser scripts/chromium.ts picks. Specs that need
 * Redis or a second instance start those themselves (tests/e2e/redis.spec.ts), and so does
 * the production-topology project (nginx, TLS, two instances: tests/e2e/deployed/).
 */

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
  projects: [
    { name: "chromium", use: { browserName: "chromium" }, testIgnore: "deployed/**" },
    // The production topology: nginx terminating TLS for https://app.test in front of two
    // `next start -H 127.0.0.1` on one Redis (tests/e2e/deployed/, which launches its own
    // Chromium: it must resolve app.test and trust the run's certificate).
    // The instances reach Redis over TCP (REDIS_URL); "deployed-upstash" walks the same
    // tests with Upstash's REST API in between (through the stand-in).
    { name: "deployed", testDir: "tests/e2e/deployed", use: { browserName: "chromium" }, metadata: { redis: "tcp" } },
    { name: "deployed-upstash", testDir: "tests/e2e/deployed", use: { browserName: "chromium" }, metadata: { redis: "rest" } },
  ],
  webServer: {
    command: `npm run build && npm run start -- -p ${PORT}`,
    url: `${E2E_BASE_URL}/`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      ...E2E_SERVER_ENV,
      // Specs share this server and its demo users in parallel; the device limit itself is
      // tested on a server of its own with the default (tests/e2e/tradeoffs.spec.ts).
      SESSION_MAX_DEVICES: "100",
      // Likewise the login rate limiter (every spec signs in from 127.0.0.1, some with wrong
      // passwords); it is tested with small limits on servers of its own (rate-limit.spec.ts).
      LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS: "1000",
      LOGIN_MAX_FAILURES_PER_ACCOUNT: "1000",
      LOGIN_MAX_FAILURES_PER_ADDRESS: "1000",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  },
});
