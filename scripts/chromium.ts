import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";

/**
 * Which Chromium the e2e tests and the screenshot script drive: $CHROMIUM_PATH if set, else
 * Debian's /usr/bin/chromium, else Playwright's own download (undefined = Playwright picks).
 */
export function chromiumExecutable(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return fromEnv;
  if (existsSync("/usr/bin/chromium")) return "/usr/bin/chromium";
  if (existsSync(chromium.executablePath())) return undefined;
  console.error(
    "No Chromium found: install one with `sudo apt-get install chromium` (Debian/Ubuntu) or `npx playwright install chromium`, or set CHROMIUM_PATH.",
  );
  process.exit(1);
}

/** Headless flags that work in a sandboxed, offline machine (the networking ones stop
 * Chromium from flooding a closed network with background connections). */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
