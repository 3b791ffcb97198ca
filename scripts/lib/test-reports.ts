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
  if (!report) return { suite, passed: 0, failed: 1, skipped: 0, failures: ["no report was written (its output is above)"] };
  const failures = (report.testResults ?? []).flatMap((file) => {
    const name = relative(file.name, root);
    const tests = file.assertionResults.filter((t) => t.status === "failed");
    if (tests.length === 0 && file.status === "failed") return [`${name}: ${errorGist(file.message)}`];
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
  specs?: { title: string; file: string; line: number; tests: { results: PlaywrightResult[] }[] }[];
}

export interface PlaywrightReport {
  stats: { expected: number; unexpected: number; flaky: number; skipped: number };
  suites?: PlaywrightSuite[];
  errors?: { message?: string }[];
}

const failedRun = (r: PlaywrightResult) => r.status !== "passed" && r.status !== "skipped";

function playwrightFailures(suites: PlaywrightSuite[]): string[] {
  return suites.flatMap((s) => [
    ...(s.specs ?? []).flatMap((spec) =>
      spec.tests.flatMap((t) => {
        const bad = t.results.find(failedRun);
        return bad ? [`${spec.file}:${spec.line} › ${spec.title}: ${bad.status}: ${errorGist(bad.error?.message)}`] : [];
      }),
    ),
    ...playwrightFailures(s.suites ?? []),
  ]);
}

/** A Playwright JSON report as a tally: unexpected and flaky tests both count as failed. */
export function playwrightTally(suite: string, report: PlaywrightReport | null, exitStatus: number): Tally {
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
