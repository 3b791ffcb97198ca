import { defineConfig } from "vitest/config";
import base from "./vitest.config";

/**
 * docs/copying.md's patterns, copied into empty folders, built with `next build` and tested
 * there (tests/copies/). One at a time: each build uses both cores.
 */
export default defineConfig({
  ...base,
  test: { ...base.test, include: ["tests/copies/**/*.test.ts"], testTimeout: 600_000, hookTimeout: 600_000, fileParallelism: false },
});
