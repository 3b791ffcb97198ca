/**
 * `npm test`: first makes sure of Chromium and redis-server (scripts/lib/provision.ts:
 * found, installed, or a one-line stop saying what to run), then every check, in order, each one run even if an earlier one failed, then one
 * line `N passed, N failed` summed over all suites (typecheck, lint and the import rules count as one check
 * each; vitest and Playwright count their tests: the unit tests, the copied patterns (tests/copies/),
 * the e2e suite and then the adversarial suite;
 * last, the benchmark harness's smoke test).
 * Skipped tests count as failed under CI.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { provision } from "./lib/provision";
import { playwrightTally, vitestTally, type PlaywrightReport, type Tally, type VitestReport } from "./lib/test-reports";

const OUT = ".test-output";
rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
const inCI = Boolean(process.env.CI);

function run(command: string, args: string[], env: Record<string, string> = {}): number {
  console.log(`\n$ ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env } });
  return result.status ?? 1;
}

function readJson<T>(path: string): T | null {
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, "utf8")) as T;
  } catch {
    return null;
  }
}

/**
 * The static checks, run side by side (one process each: ~55 s one after another), each one's
 * output printed when all have ended, one check at a time, in the order given.
 */
async function checks(list: { suite: string; command: string; args: string[] }[]): Promise<Tally[]> {
  const ran = await Promise.all(list.map(({ command, args }) => new Promise<{ status: number; output: string }>((done) => {
    const child = spawn(command, args, { env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk));
    child.on("error", (error) => (output += String(error)));
    child.on("close", (status) => done({ status: status ?? 1, output }));
  })));
  return list.map(({ suite, command, args }, i) => {
    console.log(`\n$ ${command} ${args.join(" ")}`);
    if (ran[i].output) process.stdout.write(ran[i].output);
    const ok = ran[i].status === 0;
    return { suite, passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0, failures: ok ? [] : ["exited non-zero (its output is above)"] };
  });
}

function vitest(suite: string, extraArgs: string[] = []): Tally {
  const file = join(OUT, `vitest-${suite}.json`);
  const status = run("npx", ["vitest", "run", ...extraArgs, "--reporter=default", "--reporter=json", `--outputFile=${file}`]);
  return vitestTally(suite, readJson<VitestReport>(file), status, process.cwd());
}

function playwright(suite: string, extraArgs: string[] = []): Tally {
  const file = join(OUT, `playwright-${suite}.json`);
  const status = run("npx", ["playwright", "test", ...extraArgs], { PLAYWRIGHT_JSON_OUTPUT_NAME: file });
  return playwrightTally(suite, readJson<PlaywrightReport>(file), status);
}

// Nothing runs without both: a partial run that looks green is worse than a clear stop.
const missing = await provision();
if (missing) {
  console.log(missing);
  console.log("0 passed, 1 failed");
  process.exit(1);
}

/** What the import rules are checked over: the app's code, not its tests and scripts. */
const IMPORT_ROOTS = ["app", "lib", "middleware.ts", "auth.ts", "auth.config.ts", "env.ts", "instrumentation.ts"];

const tallies: Tally[] = [
  ...(await checks([
    { suite: "typecheck", command: "npx", args: ["tsc", "--noEmit"] },
    { suite: "lint", command: "npx", args: ["eslint", "."] },
    // Import rules: no lane imports another, lib/ knows no pages, no cycles (.dependency-cruiser.cjs).
    { suite: "imports", command: "npx", args: ["depcruise", "--config", ".dependency-cruiser.cjs", ...IMPORT_ROOTS] },
  ])),
  vitest("unit"),
  // docs/copying.md's patterns, each copied alone, built with `next build` and unit-tested there.
  vitest("copies", ["--config", "vitest.copies.config.ts"]),
  playwright("e2e"),
  // After the e2e suite, which has built the app: one test per attack, each spec file
  // against a `next start` of its own (tests/security/).
  playwright("security", ["-c", "playwright.security.config.ts"]),
  // After the e2e suite, which has built the app: a --quick benchmark run, checked for shape.
  vitest("bench", ["--config", "vitest.bench.config.ts"]),
];

// Named just above the summary, so the end of a long log says what failed.
const failures = tallies.flatMap((t) => t.failures.map((f) => `${t.suite}: ${f}`));
if (failures.length > 0) {
  console.log("\nfailed:");
  for (const f of failures) console.log(`  ${f}`);
}

console.log("\nsuite       passed  failed  skipped");
for (const t of tallies) console.log(`${t.suite.padEnd(12)}${String(t.passed).padStart(6)}${String(t.failed).padStart(8)}${String(t.skipped).padStart(9)}`);
const skipped = tallies.reduce((n, t) => n + t.skipped, 0);
if (skipped > 0) console.log(inCI ? `${skipped} skipped test(s) count as failed under CI.` : `warning: ${skipped} test(s) skipped.`);
const passed = tallies.reduce((n, t) => n + t.passed, 0);
const failed = tallies.reduce((n, t) => n + t.failed, 0) + (inCI ? skipped : 0);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
