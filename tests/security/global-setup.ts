import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { E2E_SERVER_ENV } from "../e2e/env";

/**
 * Builds the app once if there is no build yet (in `npm test` the e2e suite has just built
 * it), so the spec files, which start their servers in parallel, never build at the same time.
 */
export default function globalSetup() {
  if (existsSync(".next/BUILD_ID")) return;
  const build = spawnSync("npx", ["next", "build"], { stdio: "inherit", env: { ...process.env, ...E2E_SERVER_ENV, NEXT_TELEMETRY_DISABLED: "1" } });
  if (build.status !== 0) throw new Error("next build failed");
}
