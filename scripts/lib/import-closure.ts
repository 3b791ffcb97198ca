import { readFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import ts from "typescript";

/**
 * The files a set of entry files needs: their imports, followed through the repository (not
 * into node_modules), as TypeScript resolves them with the project's tsconfig (so `@/`
 * works). `packages` are the npm packages reached. Used by the lane tests and the copy test
 * (tests/unit/architecture/).
 */
export interface Closure {
  /** Repository-relative paths, sorted. */
  files: string[];
  /** npm package names imported by those files, sorted. */
  packages: string[];
}

export function importClosure(root: string, entries: readonly string[]): Closure {
  const configPath = resolve(root, "tsconfig.json");
  const { config } = ts.readConfigFile(configPath, ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, root);
  const seen = new Set<string>();
  const packages = new Set<string>();
  const queue = entries.map((entry) => resolve(root, entry));
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const { importedFiles } = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
    for (const { fileName: specifier } of importedFiles) {
      const resolved = ts.resolveModuleName(specifier, file, options, ts.sys).resolvedModule;
      if (!resolved || resolved.isExternalLibraryImport || resolved.resolvedFileName.includes("/node_modules/")) {
        if (!specifier.startsWith(".") && !specifier.startsWith("@/") && !specifier.startsWith("node:")) {
          packages.add(specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0]);
        }
        continue;
      }
      if (resolved.resolvedFileName.endsWith(".d.ts") && !resolved.resolvedFileName.startsWith(root)) continue;
      queue.push(resolved.resolvedFileName);
    }
  }
  return {
    files: [...seen].map((file) => relative(root, file).split("\\").join("/")).sort(),
    packages: [...packages].sort(),
  };
}
