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
  const result = spawnSync("npx", args, { cwd: dir, env: { ...process.env, CI: "", ...env }, encoding: "utf8", timeout: 100_000 });
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
      [
        `import { test, expect } from "@playwright/test";`,
        `test("passes", () => expect(1).toBe(1));`,
        ``,
        `test("the device list shows two devices", () => expect(3, "devices listed").toBe(2));`,
        `test.describe("nested", () => {`,
        `  test("times out", async () => { test.setTimeout(300); await new Promise(() => {}); });`,
        `  test("a known bug, marked", () => { test.fail(); expect(1).toBe(2); });`,
        `});`,
        `test.describe("servers", () => {`,
        `  test.beforeAll(() => { throw new Error("redis-server did not start"); });`,
        `  test("first", () => {});`,
        `  test("second", () => {});`,
        `});`,
      ].join("\n"),
    );
    const status = runTool(["playwright", "test", "-c", "pw.config.mjs", "--reporter=json"], { PLAYWRIGHT_JSON_OUTPUT_NAME: join(dir, "pw.json") });
    const report = JSON.parse(readFileSync(join(dir, "pw.json"), "utf8")) as PlaywrightReport;
    const tally = playwrightTally("e2e", report, status);
    expect(status).not.toBe(0);
    // passed: "passes" and the marked known bug; failed: the assertion, the timeout, the hook's
    // first test; skipped: the hook's second test.
    expect(tally).toMatchObject({ suite: "e2e", passed: 2, failed: 3, skipped: 1 });
    expect(tally.failures).toEqual([
      expect.stringMatching(/^a\.pw\.mjs:4 › the device list shows two devices: failed: .*devices listed.*Expected: 2.*Received: 3/),
      expect.stringMatching(/^a\.pw\.mjs:6 › times out: timedOut: Test timeout of 300ms exceeded/),
      expect.stringMatching(/^a\.pw\.mjs:11 › first: failed: Error: redis-server did not start/),
    ]);
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
