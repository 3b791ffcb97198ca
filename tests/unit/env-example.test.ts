import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(__dirname, "..", "..");

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return name === "generated" ? [] : sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

/**
 * Every variable the app reads: a key of a config section's zod schema (`NAME: z…`,
 * `NAME: positiveSeconds(…)`, `NAME: secret(…)`), one a section's transform reads (`e.NAME`), or a
 * `process.env.NAME`, in the app's code.
 * Next.js's own (NODE_ENV, NEXT_RUNTIME) are not the app's to document.
 */
function variablesRead(): string[] {
  const files = ["app", "lib"].flatMap(sourceFiles).concat(["env.ts", "auth.ts", "auth.config.ts", "middleware.ts", "instrumentation.ts"]);
  const names = new Set<string>();
  for (const file of files) {
    const text = readFileSync(join(ROOT, file), "utf8");
    for (const [, name] of text.matchAll(/^\s*([A-Z][A-Z0-9_]{2,}):\s*(?:z\.|positiveSeconds\(|secret\()/gm)) names.add(name);
    for (const [, name] of text.matchAll(/\b(?:process\.env|e|env)\.([A-Z][A-Z0-9_]+)/g)) names.add(name); // read from the environment, or from a section's parsed variables
  }
  for (const own of ["NODE_ENV", "NEXT_RUNTIME"]) names.delete(own);
  return [...names].sort();
}

describe(".env.example", () => {
  const example = readFileSync(join(ROOT, ".env.example"), "utf8");
  const read = variablesRead();

  it("finds the variables the config sections read (the scan itself works)", () => {
    expect(read).toEqual(expect.arrayContaining(["JWT_SECRET", "REDIS_URL", "LOGIN_FAILURE_WINDOW_SECONDS", "THIRD_PARTY_TOKEN_TTL_SECONDS", "STEP_UP_MAX_AGE_SECONDS"]));
  });

  // One the app reads only to refuse it (BETTER_AUTH_SECRETS, …) is named in a sentence that says so.
  const refused = (name: string) => new RegExp(`\\b${name}\\b[^\\n]*\\bis refused|\\b${name}\\b[^\\n]*\\n#[^\\n]*\\brefused`).test(example);

  it("names every variable the app reads, as a `# NAME=` line a reader can uncomment (or says it is refused)", () => {
    expect(read.filter((name) => !new RegExp(`^# ${name}=`, "m").test(example) && !refused(name))).toEqual([]);
  });

  it("each of them has a row in README.md's configuration table", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const rows = readme.split("\n").filter((line) => line.startsWith("| `")).map((line) => line.split("|")[1]); // a row's first cell names one or more
    expect(read.filter((name) => !refused(name) && !rows.some((cell) => cell.includes(`\`${name}\``)))).toEqual([]);
  });
});
