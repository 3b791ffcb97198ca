import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * docs/copying.md's patterns, as the copy tests read them (tests/copies/ builds or typechecks
 * each list, and runs its tests), and the two moves they make: a listed file into a copy, a
 * package into the copy's node_modules (a link to ours).
 */
export const REPO_ROOT = join(__dirname, "..", "..");

export interface Pattern {
  name: string;
  /** The packages its block names. */
  packages: string[];
  /** The files its block lists. */
  files: string[];
  /** The `tests/unit/` entries of its "Tests:" line (files or folders). */
  tests: string[];
  /** The variables its "Env:" line names. */
  env: string[];
}

export function copyPatterns(): Pattern[] {
  const doc = readFileSync(join(REPO_ROOT, "docs", "copying.md"), "utf8");
  return [...doc.matchAll(/<!-- copy: (\S+) packages: ([^>]*?) -->([\s\S]*?)<!-- \/copy -->([\s\S]*?)(?=\n## |$)/g)].map(([, name, packages, body, rest]) => {
    const after = `${rest}\n\n`;
    const line = (label: string) => new RegExp(`^${label}: ([\\s\\S]*?)\\n\\n`, "m").exec(after)?.[1] ?? "";
    return {
      name,
      packages: packages.trim().split(/\s+/).filter(Boolean),
      files: [...body.matchAll(/^- `([^`]+)`$/gm)].map(([, file]) => file),
      tests: [...line("Tests").matchAll(/`(tests\/unit\/[^`]+)`/g)].map(([, path]) => path),
      env: [...new Set([...line("Env").matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map(([, variable]) => variable))],
    };
  });
}

/** Copies one of this repository's files into `dir`, at the same path. */
export function copyFileInto(dir: string, file: string): void {
  mkdirSync(dirname(join(dir, file)), { recursive: true });
  cpSync(join(REPO_ROOT, file), join(dir, file));
}

/** Links one of our installed packages into `dir`'s node_modules (once). */
export function linkPackageInto(dir: string, name: string): void {
  const target = join(dir, "node_modules", name);
  if (existsSync(target)) return;
  mkdirSync(dirname(target), { recursive: true });
  symlinkSync(join(REPO_ROOT, "node_modules", name), target, "dir");
}
