import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/** Every source file that can run on a request path. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

describe("request paths", () => {
  it("never use KEYS or SCAN to find sessions (the per-user index does that)", () => {
    const files = [...sourceFiles("lib"), ...sourceFiles("app"), "middleware.ts", "auth.ts", "auth.config.ts", "instrumentation.ts"];
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      expect(text, file).not.toMatch(/\.(scan|scanIterator|sscan|zscan|hscan)\s*\(/i);
      expect(text, file).not.toMatch(/\b(redis|store|client)\w*\.keys\s*\(/i); // Map#keys() in the memory store is fine
      expect(text, file).not.toMatch(/["'](KEYS|SCAN)["']/);
    }
  });
});
