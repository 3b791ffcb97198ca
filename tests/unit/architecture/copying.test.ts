import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT as ROOT, copyFileInto, copyPatterns, linkPackageInto, type Pattern } from "@/tests/support/copy-patterns";

/**
 * docs/copying.md lists, per pattern, exactly the files to copy and the packages to install.
 * Each list is copied into an empty folder with a minimal tsconfig.json and package.json,
 * next to a node_modules holding only those packages (and the type packages every
 * TypeScript project has), and typechecked there: a missing file or an import from another
 * lane is a compile error.
 */
const TYPE_PACKAGES = ["@types/node", "@types/react", "@types/react-dom"];

const scratch = mkdtempSync(join(tmpdir(), "copy-pattern-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function copyPattern(pattern: Pattern): string {
  const dir = join(scratch, pattern.name);
  for (const file of pattern.files) copyFileInto(dir, file);
  for (const name of [...pattern.packages, ...TYPE_PACKAGES]) linkPackageInto(dir, name);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: `copy-of-${pattern.name}`, private: true, type: "module" }));
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({
    compilerOptions: {
      target: "ES2022", lib: ["dom", "dom.iterable", "esnext"], strict: true, noEmit: true, skipLibCheck: true,
      module: "esnext", moduleResolution: "bundler", jsx: "react-jsx", isolatedModules: true, esModuleInterop: true,
      types: ["node"], paths: { "@/*": ["./*"] },
    },
    include: ["**/*.ts", "**/*.tsx"],
  }));
  return dir;
}

describe("docs/copying.md", () => {
  const all = copyPatterns();

  it("lists the seven patterns, each with files", () => {
    expect(all.map((p) => p.name)).toEqual(["session", "jwt", "jwtrefresh", "authjs", "betterauth", "third", "redis"]);
    for (const pattern of all) expect(pattern.files.length).toBeGreaterThan(0);
  });

  it.concurrent.each(all.map((p) => [p.name, p] as const))("the %s pattern typechecks on its own, with only its listed files and packages", async (_name, pattern) => {
    const dir = copyPattern(pattern);
    let output = "";
    try {
      await promisify(execFile)(process.execPath, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", dir], { encoding: "utf8" });
    } catch (error) {
      output = String((error as { stdout?: string }).stdout ?? error);
    }
    expect(output).toBe("");
  }, 240_000);
});
