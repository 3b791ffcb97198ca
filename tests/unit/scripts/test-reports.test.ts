import { afterAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { errorGist, playwrightTally, vitestTally, type PlaywrightReport, type VitestReport } from "@/scripts/lib/test-reports";

/**
 * The reports are real: a vitest run and a Playwright run (no browser) over a passing and a
 * failing test in a scratch folder inside the project (so both resolve from node_modules).
 */
const dir = mkdtempSync(join(process.cwd(), ".tmp-test-reports-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runTool(args: string[], env: Record<string, string> = {}): number {
  const result = spawnSync("npx", args, { cwd: dir, env: { ...process.env, CI: "", ...env }, encoding: "utf8" });
  return result.status ?? 1;
}

describe("reading test reports for the summary (scripts/lib/test-reports.ts)", () => {
  it("a vitest report: counts, and the failed test named with the start of its error", () => {
    writeFileSync(join(dir, "vitest.config.mjs"), `export default { test: { include: ["*.vt.test.mjs"] } };\n`);
    writeFileSync(
      join(dir, "a.vt.test.mjs"),
      `import { it, expect } from "vitest";\nit("adds", () => expect(1 + 1).toBe(2));\nit("the refresh race keeps one winner", () => expect(2).toBe(1));\nit.skip("later", () => {});\n`,
    );
    const status = runTool(["vitest", "run", "--config", "vitest.config.mjs", "--reporter=json", "--outputFile=vitest.json"]);
    const report = JSON.parse(readFileSync(join(dir, "vitest.json"), "utf8")) as VitestReport;
    const tally = vitestTally("unit", report, status, dir);
    expect(status).not.toBe(0);
    expect(tally).toMatchObject({ suite: "unit", passed: 1, failed: 1, skipped: 1 });
    expect(tally.failures).toHaveLength(1);
    expect(tally.failures[0]).toMatch(/^a\.vt\.test\.mjs › the refresh race keeps one winner: .*expected 2 to be 1/);
  }, 120_000);

  it("a Playwright report: counts, and the failed spec named by file and line with the start of its error", () => {
    // outputDir is set: without it Playwright empties the project's own test-results/.
    writeFileSync(join(dir, "pw.config.mjs"), `export default { testDir: ".", testMatch: "*.pw.mjs", outputDir: "./pw-results", retries: 0, workers: 1 };\n`);
    writeFileSync(
      join(dir, "a.pw.mjs"),
      `import { test, expect } from "@playwright/test";\ntest("passes", () => expect(1).toBe(1));\n\ntest("the device list shows two devices", () => expect(3, "devices listed").toBe(2));\n`,
    );
    const status = runTool(["playwright", "test", "-c", "pw.config.mjs", "--reporter=json"], { PLAYWRIGHT_JSON_OUTPUT_NAME: join(dir, "pw.json") });
    const report = JSON.parse(readFileSync(join(dir, "pw.json"), "utf8")) as PlaywrightReport;
    const tally = playwrightTally("e2e", report, status);
    expect(status).not.toBe(0);
    expect(tally).toMatchObject({ suite: "e2e", passed: 1, failed: 1, skipped: 0 });
    expect(tally.failures).toEqual([expect.stringMatching(/^a\.pw\.mjs:4 › the device list shows two devices: failed: .*devices listed.*Expected: 2.*Received: 3/)]);
  }, 120_000);

  it("no report, or a non-zero exit with nothing failed, still counts as one failure and says so", () => {
    expect(vitestTally("unit", null, 1)).toMatchObject({ failed: 1, failures: [expect.stringContaining("no report")] });
    const empty: PlaywrightReport = { stats: { expected: 3, unexpected: 0, flaky: 0, skipped: 0 }, suites: [] };
    expect(playwrightTally("e2e", empty, 1)).toMatchObject({ passed: 3, failed: 1, failures: [expect.stringContaining("exited non-zero")] });
    expect(playwrightTally("e2e", empty, 0)).toMatchObject({ passed: 3, failed: 0, failures: [] });
  });

  it("an error's gist: colour codes gone, blank lines skipped, at most four lines on one line", () => {
    expect(errorGist("\u001b[31mError: boom\u001b[39m\n\n  at a\n  at b\n  at c\n  at d")).toBe("Error: boom | at a | at b | at c");
    expect(errorGist(undefined)).toBe("");
    expect(errorGist("x".repeat(1000))).toHaveLength(400);
  });
});
