import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT as ROOT, copyFileInto, copyPatterns, linkPackageInto, type Pattern } from "@/tests/support/copy-patterns";
import { importClosure } from "@/scripts/lib/import-closure";
import { generateSigningJwk } from "@/scripts/lib/signing-key";

/**
 * Each pattern of docs/copying.md, copied and run: exactly its listed files go into an empty
 * folder (no node_modules above it), with a node_modules of only its packages and the tools
 * every Next.js project has. A middleware.ts for that one lane is generated (its lane's guard
 * through app/first-gate.ts, no telemetry), and a root layout, as the reader's app has one.
 * Then `next build` must pass (its type check included; a pattern with no pages is typechecked
 * with tsc), and the lane's own unit tests (the `tests/unit/` entries of its
 * "Tests:" line) run against the copy with only the variables its "Env:" line names. A pattern
 * that needs an unlisted file, package or variable fails here.
 */
/** What every Next.js project has beside its own packages (react-dom comes with next). */
const TOOLING = ["react-dom", "typescript", "@types/node", "@types/react", "@types/react-dom", "vitest"];
/** Test values for the secrets a pattern's Env line may name (the others keep their defaults). */
const SECRETS: Record<string, () => string> = {
  JWT_SECRET: () => "copy-test-secret-0123456789abcdef0123456789",
  AUTH_SECRET: () => "copy-test-authjs-secret-0123456789abcdef0123",
  BETTER_AUTH_SECRET: () => "copy-test-better-auth-secret-0123456789abcdef",
  THIRD_PARTY_SIGNING_KEYS: () => JSON.stringify([generateSigningJwk()]),
};

const testFilesIn = (path: string): string[] =>
  statSync(join(ROOT, path)).isDirectory()
    ? readdirSync(join(ROOT, path)).flatMap((name) => testFilesIn(join(path, name)))
    : path.endsWith(".test.ts") ? [path] : [];

const scratch = mkdtempSync(join(tmpdir(), "copy-build-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const run = promisify(execFile);

/** middleware.ts for the one lane whose lane file the pattern lists (./lane-middleware.ts, for that lane), or null. */
function middlewareFor(pattern: Pattern): string | null {
  const laneFile = pattern.files.find((file) => /^app\/[^/]+\/lane\.ts$/.test(file));
  if (!laneFile) return null;
  const name = /export const (\w+Lane)\b/.exec(readFileSync(join(ROOT, laneFile), "utf8"))?.[1];
  if (!name) throw new Error(`${laneFile} exports no lane`);
  const template = readFileSync(join(__dirname, "lane-middleware.ts"), "utf8");
  const code = /\/\/ #region lane-middleware\n([\s\S]*?)\/\/ #endregion/.exec(template)?.[1] ?? "";
  return code.replaceAll("@/app/session/lane", `@/${laneFile.replace(/\.ts$/, "")}`).replaceAll("sessionLane", name);
}

function setUp(pattern: Pattern): string {
  const dir = join(scratch, pattern.name);
  for (const file of pattern.files) copyFileInto(dir, file);
  for (const name of [...pattern.packages, ...TOOLING]) linkPackageInto(dir, name);
  const middleware = middlewareFor(pattern);
  if (middleware) writeFileSync(join(dir, "middleware.ts"), middleware);
  if (pattern.files.some((file) => file.startsWith("app/"))) {
    writeFileSync(join(dir, "app", "layout.tsx"), `export default function RootLayout({ children }: { children: React.ReactNode }) {\n  return <html lang="en"><body>{children}</body></html>;\n}\n`);
  }
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: `copy-of-${pattern.name}`, private: true, type: "module" }));
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({
    compilerOptions: {
      target: "ES2022", lib: ["dom", "dom.iterable", "esnext"], strict: true, noEmit: true, skipLibCheck: true, allowJs: false,
      module: "esnext", moduleResolution: "bundler", jsx: "react-jsx", isolatedModules: true, esModuleInterop: true, resolveJsonModule: true,
      incremental: false, plugins: [{ name: "next" }], paths: { "@/*": ["./*"] },
    },
    include: ["next-env.d.ts", "**/*.ts", "**/*.tsx"],
    exclude: ["node_modules", "tests"],
  }));
  return dir;
}

/** The env a pattern's process gets: PATH and the like, plus test values for the secrets its Env line names. */
function envFor(pattern: Pattern, nodeEnv: "production" | "test"): NodeJS.ProcessEnv {
  const kept = Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => ["PATH", "HOME", "TMPDIR", "LANG"].includes(entry[0]) && entry[1] !== undefined));
  const secrets = Object.fromEntries(pattern.env.filter((name) => name in SECRETS).map((name) => [name, SECRETS[name]()]));
  return { ...kept, ...secrets, NODE_ENV: nodeEnv, NEXT_TELEMETRY_DISABLED: "1" };
}

it("finds every pattern of docs/copying.md", () => {
  expect(copyPatterns().map((p) => p.name)).toEqual(["session", "jwt", "jwtrefresh", "authjs", "betterauth", "third", "redis"]);
});

describe.each(copyPatterns().map((p) => [p.name, p] as const))("the %s pattern, copied", (_name, pattern) => {
  const dir = setUp(pattern);
  const tests = pattern.tests.flatMap(testFilesIn);

  // Webpack: Turbopack compiles nothing outside the project's root, and these node_modules are links.
  if (existsSync(join(dir, "app"))) it("builds with next build", async () => {
    const result = await run(process.execPath, [join(dir, "node_modules", "next", "dist", "bin", "next"), "build", "--webpack"], { cwd: dir, env: envFor(pattern, "production"), encoding: "utf8", maxBuffer: 16 * 1024 * 1024 })
      .then(() => "")
      .catch((error: { stdout?: string; stderr?: string }) => `${error.stdout ?? ""}${error.stderr ?? ""}`);
    expect(result).toBe("");
  });
  // A pattern with no pages is no app to build: its files are typechecked on their own.
  else it("typechecks with tsc", async () => {
    const result = await run(process.execPath, [join(dir, "node_modules", "typescript", "bin", "tsc"), "-p", dir], { cwd: dir, encoding: "utf8" })
      .then(() => "")
      .catch((error: { stdout?: string; stderr?: string }) => `${error.stdout ?? ""}${error.stderr ?? ""}`);
    expect(result).toBe("");
  });

  it(`runs its own unit tests against the copy (${tests.length} files)`, async () => {
    expect(tests.length).toBeGreaterThan(0);
    // The tests' own helpers come along; the code they test must be the copy's.
    const closure = importClosure(ROOT, tests);
    const unlisted = closure.files.filter((file) => !file.startsWith("tests/") && !file.startsWith("scripts/") && !pattern.files.includes(file));
    expect(unlisted, "files the tests reach that the pattern does not list").toEqual([]);
    for (const file of closure.files.filter((f) => f.startsWith("tests/") || f.startsWith("scripts/"))) copyFileInto(dir, file);
    // And the packages only the tests and their helpers import (fast-check, ioredis, …): what the
    // pattern's own files import must already be in its list.
    const helpers = closure.files.filter((f) => f.startsWith("tests/") || f.startsWith("scripts/"));
    for (const name of importClosure(ROOT, helpers).packages.filter((name) => existsSync(join(ROOT, "node_modules", name)))) linkPackageInto(dir, name);
    writeFileSync(join(dir, "vitest.config.mjs"), [
      `import { fileURLToPath } from "node:url";`,
      `const here = (path) => fileURLToPath(new URL(path, import.meta.url));`,
      `export default { resolve: { alias: { "@": here("."), "server-only": here("./tests/support/server-only.ts") } },`,
      `  test: { include: ${JSON.stringify(tests)}, environment: "node", env: { NODE_ENV: "test" }, server: { deps: { inline: ["next-auth"] } } } };`,
      ``,
    ].join("\n"));
    if (!existsSync(join(dir, "tests", "support", "server-only.ts"))) copyFileInto(dir, "tests/support/server-only.ts");
    const report = join(dir, "vitest-report.json");
    const result = await run(process.execPath, [join(dir, "node_modules", "vitest", "vitest.mjs"), "run", "--root", dir, "--reporter=default", "--reporter=json", `--outputFile=${report}`], { cwd: dir, env: envFor(pattern, "test"), encoding: "utf8", maxBuffer: 16 * 1024 * 1024 })
      .then(({ stdout }) => ({ ok: true, stdout }))
      .catch((error: { stdout?: string; stderr?: string }) => ({ ok: false, stdout: `${error.stdout ?? ""}${error.stderr ?? ""}` }));
    expect(result.ok, result.stdout.slice(-4000)).toBe(true);
    const counts = JSON.parse(readFileSync(report, "utf8")) as { numTotalTestSuites: number; numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number; testResults: unknown[] };
    expect(counts.testResults).toHaveLength(tests.length);
    expect(counts.numPassedTests).toBeGreaterThan(0);
    expect({ failed: counts.numFailedTests, skipped: counts.numPendingTests + counts.numTodoTests }).toEqual({ failed: 0, skipped: 0 });
  });
});
