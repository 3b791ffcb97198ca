/**
 * Reads the JSON reports vitest and Playwright write for `npm test` (scripts/test-all.ts):
 * how many tests passed, failed and were skipped, and each failure by name with the start of
 * its error, so the end of a long CI log says what failed, not only how many.
 */

export interface Tally {
  suite: string;
  passed: number;
  failed: number;
  skipped: number;
  /** Each failed test: where it is, its name, and the first lines of its error. */
  failures: string[];
}

/** The first few non-empty lines of an error message, without colour codes, on one line. */
export function errorGist(message: string | undefined, lines = 4): string {
  const plain = (message ?? "").replace(/\u001b\[[0-9;]*m/g, "");
  const gist = plain
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "")
    .slice(0, lines)
    .join(" | ");
  return gist.length > 400 ? `${gist.slice(0, 399)}…` : gist;
}

export interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults?: { name: string; status: string; message?: string; assertionResults: { fullName: string; status: string; failureMessages?: string[] }[] }[];
}

/** A vitest JSON report as a tally; `exitStatus` counts a run that failed with no failed test (a file that did not load). */
export function vitestTally(suite: string, report: VitestReport | null, exitStatus: number, root = ""): Tally {
  try {
    return readVitest(suite, report, exitStatus, root);
  } catch {
    return { suite, passed: 0, failed: 1, skipped: 0, failures: ["its report could not be read (its output is above)"] };
  }
}

function readVitest(suite: string, report: VitestReport | null, exitStatus: number, root: string): Tally {
  if (!report) return { suite, passed: 0, failed: 1, skipped: 0, failures: ["no report was written (its output is above)"] };
  const failures = (report.testResults ?? []).flatMap((file) => {
    const name = relative(file.name, root);
    const tests = file.assertionResults.filter((t) => t.status === "failed");
    if (tests.length === 0 && file.status === "failed") return [`${name}: ${errorGist(file.message) || "failed outside any test (a hook or the file itself; its output is above)"}`];
    return tests.map((t) => `${name} › ${t.fullName}: ${errorGist(t.failureMessages?.[0])}`);
  });
  const unexplained = exitStatus !== 0 && report.numFailedTests === 0;
  if (unexplained && failures.length === 0) failures.push("exited non-zero with no failed test (its output is above)");
  return { suite, passed: report.numPassedTests, failed: report.numFailedTests + (unexplained ? 1 : 0), skipped: report.numPendingTests + report.numTodoTests, failures };
}

interface PlaywrightResult {
  status: string;
  error?: { message?: string };
}

export interface PlaywrightSuite {
  title: string;
  suites?: PlaywrightSuite[];
  /** A test's `status` is Playwright's verdict over its runs: expected, unexpected, flaky or skipped. */
  specs?: { title: string; file: string; line: number; tests: { status?: string; results: PlaywrightResult[] }[] }[];
}

export interface PlaywrightReport {
  stats: { expected: number; unexpected: number; flaky: number; skipped: number };
  suites?: PlaywrightSuite[];
  errors?: { message?: string }[];
}

/** Counted as failed in the tally: unexpected and flaky tests (a test.fail() that failed is expected). */
const COUNTED_FAILED = new Set(["unexpected", "flaky"]);

function playwrightFailures(suites: PlaywrightSuite[]): string[] {
  return suites.flatMap((s) => [
    ...(s.specs ?? []).flatMap((spec) =>
      spec.tests.flatMap((t) => {
        if (!COUNTED_FAILED.has(t.status ?? "")) return [];
        const run = t.results.find((r) => r.status !== "passed" && r.status !== "skipped") ?? t.results.at(-1);
        return [`${spec.file}:${spec.line} › ${spec.title}: ${t.status === "flaky" ? "flaky, " : ""}${run?.status ?? "failed"}: ${errorGist(run?.error?.message)}`];
      }),
    ),
    ...playwrightFailures(s.suites ?? []),
  ]);
}

/** A Playwright JSON report as a tally: unexpected and flaky tests both count as failed. */
export function playwrightTally(suite: string, report: PlaywrightReport | null, exitStatus: number): Tally {
  try {
    return readPlaywright(suite, report, exitStatus);
  } catch {
    return { suite, passed: 0, failed: 1, skipped: 0, failures: ["its report could not be read (its output is above)"] };
  }
}

function readPlaywright(suite: string, report: PlaywrightReport | null, exitStatus: number): Tally {
  if (!report) return { suite, passed: 0, failed: 1, skipped: 0, failures: ["no report was written (its output is above)"] };
  const { expected, unexpected, flaky, skipped } = report.stats;
  const failures = playwrightFailures(report.suites ?? []);
  for (const error of report.errors ?? []) failures.push(errorGist(error.message));
  const unexplained = exitStatus !== 0 && unexpected === 0;
  if (unexplained && failures.length === 0) failures.push("exited non-zero with no failed test (its output is above)");
  return { suite, passed: expected, failed: unexpected + flaky + (unexplained ? 1 : 0), skipped, failures };
}

function relative(path: string, root: string): string {
  return root && path.startsWith(`${root}/`) ? path.slice(root.length + 1) : path;
}
