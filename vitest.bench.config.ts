import { defineConfig } from "vitest/config";
import base from "./vitest.config";

/** The benchmark-harness smoke test (`npm test` runs it after the e2e suite has built the app). */
export default defineConfig({
  ...base,
  test: { ...base.test, include: ["tests/bench/**/*.test.ts"], testTimeout: 900_000, hookTimeout: 900_000 },
});
