/**
 * `npm run docs`: every code snippet this project shows is cut from the source, so none can
 * drift from the code that the tests run.
 *
 * In the source, a region is a run of lines between two marker comments (the JSX form is for
 * markers inside JSX, where `//` is not a comment; `# #region name` for files whose comments
 * start with `#`, such as deploy/nginx.conf):
 *
 *     // #region verify-jwt            {/* #region name *\/}
 *     …code…
 *     // #endregion verify-jwt         {/* #endregion name *\/}
 *
 * A region name is unique in the repository; regions may nest (the inner marker lines are left
 * out of the outer region's text); the common indentation and blank lines at either end are
 * removed.
 *
 * In README.md and docs/*.md, a region block is everything from an opening marker to a closing
 * one. This script owns what lies between them (a caption linking to the exact lines, and the
 * fenced code) and rewrites it:
 *
 *     <!-- region: lib/jwt.ts#verify-jwt -->
 *     [`lib/jwt.ts` lines 140–170](lib/jwt.ts#L140-L170)
 *
 *     ```ts
 *     …the region's code…
 *     ```
 *     <!-- /region -->
 *
 * To add a snippet, write the two marker lines and run `npm run docs`. Every ts/tsx/js code
 * block in those documents must be a region block: a hand-pasted one is an error (except a
 * block of nothing but marker lines and "…", which shows the markers themselves).
 *
 * The "How this works" panels on the dashboards show regions too. They cannot read source
 * files at run time (a deployment carries the compiled app, not lib/*.ts), so this script also
 * writes a generated module, lib/generated/regions.ts, holding the regions listed in
 * UI_REGIONS. The module is committed, so `tsc`, `next dev` and a fresh clone work without a
 * generation step, and the panel's region names are type-checked against it. `npm run build`
 * regenerates it first (`prebuild`, with --module-only: a build never rewrites the docs), so a
 * build always shows the code it was built from, even from a tree where someone forgot to run
 * `npm run docs`. That regeneration must not hide drift in what is committed: `--check`
 * (and tests/unit/scripts/docs.test.ts, which `npm test` runs before any build) compares the committed
 * module with what would be generated, and fails when they differ.
 *
 *     npm run docs                 rewrite the region blocks and the generated module
 *     npm run docs -- --check      change nothing; exit 1 listing every stale file and every error
 *     npm run docs -- --module-only   only the generated module (what `prebuild` runs)
 */
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join, posix, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { renderBenchFiguresIn } from "../bench/benchmarks-doc";

/** The regions the dashboards' "How this works" panels show (app/ui/how-it-works.tsx). */
export const UI_REGIONS = [
  "jwt-guard",
  "require-jwt-user",
  "verify-jwt",
  "sign-jwt",
  "session-guard",
  "require-session-user",
  "validate-session",
  "create-session",
  "authjs-guard",
  "require-authjs-user",
  "authjs-callbacks",
  "better-auth-guard",
  "require-better-auth-user",
  "better-auth-get-session",
  "better-auth-options",
  "better-auth-storage",
  "better-auth-sign-in-action",
] as const;

export const GENERATED_MODULE = "lib/generated/regions.ts";

/** Where source regions are looked for (every region must be well-formed, referenced or not). */
const SOURCE_DIRS = ["app", "lib", "types"];
const SKIPPED_DIRS = new Set(["node_modules", ".next", "generated"]);
const SOURCE_EXTENSIONS = [".ts", ".tsx"];

export interface Region {
  name: string;
  /** Repository-relative, with forward slashes. */
  file: string;
  /** 1-based, inclusive: the lines between the two markers. */
  startLine: number;
  endLine: number;
  /** The lines, nested marker lines removed, common indentation removed, no final newline. */
  code: string;
}

/** A problem the author must fix by hand (as opposed to a stale file, which `npm run docs` fixes). */
export class DocsError extends Error {}

const MARKER = /^\s*(?:(?:\/\/|#)\s*#(region|endregion)\b\s*(\S*)\s*|\{\/\*\s*#(region|endregion)\b\s*(\S*?)\s*\*\/\}\s*)$/;

/** `{ kind, name }` if this line is a region marker comment, else null. */
function regionMarker(line: string): { kind: "region" | "endregion"; name: string } | null {
  const match = MARKER.exec(line);
  if (!match) return null;
  const kind = (match[1] ?? match[3]) as "region" | "endregion";
  return { kind, name: match[2] ?? match[4] ?? "" };
}

function dedent(lines: string[]): string[] {
  const indents = lines.filter((line) => line.trim() !== "").map((line) => /^[ \t]*/.exec(line)![0].length);
  const common = indents.length ? Math.min(...indents) : 0;
  return lines.map((line) => (line.trim() === "" ? "" : line.slice(common)));
}

/** Every region of one source file. Throws DocsError on an unclosed, unopened, unnamed or repeated region. */
export function parseRegions(file: string, text: string): Region[] {
  const lines = text.split(/\r?\n/);
  const open = new Map<string, number>(); // name → index of its #region line
  const regions: Region[] = [];
  const seen = new Set<string>();
  lines.forEach((line, index) => {
    const marker = regionMarker(line);
    if (!marker) return;
    const where = `${file}:${index + 1}`;
    if (!marker.name) throw new DocsError(`${where}: #${marker.kind} needs a name`);
    if (marker.kind === "region") {
      if (seen.has(marker.name) || open.has(marker.name)) throw new DocsError(`${where}: region "${marker.name}" is defined twice in ${file}`);
      open.set(marker.name, index);
      seen.add(marker.name);
      return;
    }
    const start = open.get(marker.name);
    if (start === undefined) throw new DocsError(`${where}: #endregion "${marker.name}" has no matching #region`);
    open.delete(marker.name);
    // Blank lines (and nested markers) at either end are not part of the snippet.
    const skip = (inner: string) => inner.trim() === "" || regionMarker(inner) !== null;
    let first = start + 1;
    let last = index - 1;
    while (first <= last && skip(lines[first])) first++;
    while (last >= first && skip(lines[last])) last--;
    if (first > last) throw new DocsError(`${where}: region "${marker.name}" is empty`);
    const body = lines.slice(first, last + 1).filter((inner) => !regionMarker(inner));
    regions.push({ name: marker.name, file, startLine: first + 1, endLine: last + 1, code: dedent(body).join("\n") });
  });
  for (const [name, start] of open) throw new DocsError(`${file}:${start + 1}: region "${name}" is never closed (no "// #endregion ${name}")`);
  return regions.sort((a, b) => a.startLine - b.startLine);
}

function listSourceFiles(root: string, dir: string): string[] {
  const full = join(root, dir);
  if (!existsSync(full)) return [];
  return readdirSync(full, { withFileTypes: true }).flatMap((entry) => {
    const path = posix.join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : listSourceFiles(root, path);
    return SOURCE_EXTENSIONS.some((ext) => entry.name.endsWith(ext)) && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

/** The files whose regions are collected: root-level .ts/.tsx (middleware.ts, auth.ts, …) and app/, lib/, types/. */
export function sourceFiles(root: string): string[] {
  const top = readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isFile() && SOURCE_EXTENSIONS.some((ext) => entry.name.endsWith(ext)) && !entry.name.endsWith(".d.ts"))
    .map((entry) => entry.name);
  return [...top, ...SOURCE_DIRS.flatMap((dir) => listSourceFiles(root, dir))].sort();
}

/** Region index for a repository; files outside the scanned set are parsed when a document names them. */
export class RegionIndex {
  /** undefined: the file's markers are malformed (the error is in `errors`). */
  private readonly byFile = new Map<string, Region[] | undefined>();
  readonly errors: string[] = [];

  constructor(private readonly root: string) {
    const owner = new Map<string, string>();
    for (const file of sourceFiles(root)) {
      for (const region of this.regionsOf(file) ?? []) {
        const other = owner.get(region.name);
        if (other) this.errors.push(`region "${region.name}" is defined twice: in ${other} and in ${file} (names are unique in the repository)`);
        else owner.set(region.name, file);
      }
    }
  }

  /** The file's regions; undefined (with the error recorded) if it cannot be read or parsed. */
  private regionsOf(file: string): Region[] | undefined {
    if (this.byFile.has(file)) return this.byFile.get(file);
    let regions: Region[] | undefined;
    try {
      regions = parseRegions(file, readFileSync(join(this.root, file), "utf8"));
    } catch (error) {
      if (!(error instanceof DocsError)) throw error;
      this.errors.push(error.message);
    }
    this.byFile.set(file, regions);
    return regions;
  }

  /** Looks up `file#name`; throws DocsError saying what is missing. */
  get(file: string, name: string): Region {
    const normalized = posix.normalize(file);
    if (normalized.startsWith("../") || posix.isAbsolute(normalized)) throw new DocsError(`"${file}" is outside the repository`);
    const full = join(this.root, normalized);
    if (!existsSync(full) || !statSync(full).isFile()) throw new DocsError(`file "${file}" does not exist`);
    const regions = this.regionsOf(normalized);
    if (!regions) throw new DocsError(`the regions of ${file} cannot be read until its marker error is fixed`);
    const region = regions.find((r) => r.name === name);
    if (!region) throw new DocsError(`region "${name}" does not exist in ${file}`);
    return region;
  }

  /** Looks a region up by its (repository-unique) name alone. */
  byName(name: string): Region {
    for (const regions of this.byFile.values()) {
      const region = regions?.find((r) => r.name === name);
      if (region) return region;
    }
    throw new DocsError(`region "${name}" does not exist in ${sourceDirsDescription()}`);
  }
}

const sourceDirsDescription = () => `root-level files or ${SOURCE_DIRS.map((d) => `${d}/`).join(", ")}`;

const LANGUAGES: Record<string, string> = { ".ts": "ts", ".tsx": "tsx", ".js": "js", ".mjs": "js", ".cjs": "js", ".sh": "sh", ".css": "css", ".json": "json", ".conf": "nginx" };
/** Fence languages that may only appear inside region blocks. */
const CODE_LANGUAGES = new Set(["ts", "tsx", "typescript", "js", "jsx", "javascript", "mjs", "cjs"]);

const OPEN_BLOCK = /^(\s*)<!--\s*region:\s*(\S+?)#(\S+)\s*-->\s*$/;
const CLOSE_BLOCK = /^\s*<!--\s*\/region\s*-->\s*$/;
const FENCE = /^(\s*)(`{3,}|~{3,})\s*([^`\s]*)[^`]*$/;

/**
 * A hand-written block of nothing but region markers (and "…" for the code between them) shows
 * the markers' own syntax, as docs/code.md does: it holds no code that could drift, and may keep
 * its language so that it is coloured like the source it describes.
 */
function onlyRegionMarkers(lines: string[], from: number, fence: { char: string; length: number }): boolean {
  for (let j = from; j < lines.length; j++) {
    const close = FENCE.exec(lines[j]);
    if (close && close[2][0] === fence.char && close[2].length >= fence.length && !close[3]) return j > from;
    if (!MARKER.test(lines[j]) && !/^\s*(?:…|\.\.\.)?\s*$/.test(lines[j])) return false;
  }
  return false;
}

/** The lines of a region block, as this script writes them (`doc` is the document's path, for relative links). */
export function renderBlock(doc: string, region: Region, indent = ""): string[] {
  const link = posix.relative(posix.dirname(doc), region.file);
  const extension = /\.[^./]+$/.exec(region.file)?.[0] ?? "";
  const longestTicks = Math.max(0, ...(region.code.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(Math.max(3, longestTicks + 1));
  const lines = [
    `<!-- region: ${region.file}#${region.name} -->`,
    `[\`${region.file}\` lines ${region.startLine}–${region.endLine}](${link}#L${region.startLine}-L${region.endLine})`,
    "",
    `${fence}${LANGUAGES[extension] ?? ""}`,
    ...region.code.split("\n"),
    fence,
    "<!-- /region -->",
  ];
  return lines.map((line) => (line === "" ? "" : indent + line));
}

/**
 * What a document should contain: every region block rewritten from the source. Problems
 * (unknown file or region, unclosed block, hand-written ts/tsx/js block) are returned, not thrown,
 * so one run lists them all.
 */
export function renderDocument(doc: string, text: string, index: Pick<RegionIndex, "get">): { text: string; errors: string[] } {
  const lines = text.split("\n");
  const out: string[] = [];
  const errors: string[] = [];
  let fence: { char: string; length: number } | null = null; // a hand-written fenced block we are in
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const where = `${doc}:${i + 1}`;
    const fenceMatch = FENCE.exec(line);
    if (fence) {
      // CommonMark: the closing fence uses the same character, at least as many, and no info string.
      if (fenceMatch && fenceMatch[2][0] === fence.char && fenceMatch[2].length >= fence.length && !fenceMatch[3]) fence = null;
      out.push(line);
      continue;
    }
    if (fenceMatch) {
      fence = { char: fenceMatch[2][0], length: fenceMatch[2].length };
      const language = fenceMatch[3].toLowerCase();
      if (CODE_LANGUAGES.has(language) && !onlyRegionMarkers(lines, i + 1, fence)) {
        errors.push(`${where}: a hand-written \`\`\`${language} block: cut it from the source with <!-- region: file#name --> … <!-- /region --> instead`);
      }
      out.push(line);
      continue;
    }
    if (CLOSE_BLOCK.test(line)) {
      errors.push(`${where}: <!-- /region --> without an opening <!-- region: … -->`);
      out.push(line);
      continue;
    }
    const open = OPEN_BLOCK.exec(line);
    if (!open) {
      out.push(line);
      continue;
    }
    const [, indent, file, name] = open;
    let end = i + 1;
    while (end < lines.length && !CLOSE_BLOCK.test(lines[end]) && !OPEN_BLOCK.test(lines[end])) end++;
    if (end >= lines.length || !CLOSE_BLOCK.test(lines[end])) {
      errors.push(`${where}: <!-- region: ${file}#${name} --> is never closed with <!-- /region -->`);
      out.push(...lines.slice(i, end));
      i = end - 1;
      continue;
    }
    try {
      out.push(...renderBlock(doc, index.get(file, name), indent));
    } catch (error) {
      if (!(error instanceof DocsError)) throw error;
      errors.push(`${where}: ${error.message}`);
      out.push(...lines.slice(i, end + 1));
    }
    i = end;
  }
  if (fence) errors.push(`${doc}: a code fence is never closed`);
  return { text: out.join("\n"), errors };
}

/** The text as a template literal, one source line per line, so the generated file diffs readably. */
const templateLiteral = (text: string) => `\`${text.replace(/\\/g, "\\\\").replace(/`/g, "\\`").replace(/\$\{/g, "\\${")}\``;

/** The generated module's source: the UI regions, keyed by name. */
export function renderRegionsModule(regions: Region[]): string {
  const entries = regions.map(
    (r) => `  ${JSON.stringify(r.name)}: {\n    file: ${JSON.stringify(r.file)},\n    startLine: ${r.startLine},\n    endLine: ${r.endLine},\n    code: ${templateLiteral(r.code)},\n  },`,
  );
  return [
    "// Generated by scripts/docs.ts (`npm run docs`) from the `// #region` markers in the source.",
    "// Do not edit: change the source and run `npm run docs`; `npm run docs -- --check` and",
    "// tests/unit/scripts/docs.test.ts fail while this file is out of date.",
    "",
    "export interface SourceRegion {",
    "  /** Repository-relative path. */",
    "  file: string;",
    "  /** 1-based, inclusive. */",
    "  startLine: number;",
    "  endLine: number;",
    "  code: string;",
    "}",
    "",
    "export const REGIONS = {",
    ...entries,
    "} as const satisfies Record<string, SourceRegion>;",
    "",
    "export type RegionName = keyof typeof REGIONS;",
    "",
  ].join("\n");
}

/** README.md and docs/*.md, repository-relative. */
export function documents(root: string): string[] {
  const docs = existsSync(join(root, "docs"))
    ? readdirSync(join(root, "docs")).filter((name) => name.endsWith(".md")).sort().map((name) => `docs/${name}`)
    : [];
  return [...(existsSync(join(root, "README.md")) ? ["README.md"] : []), ...docs];
}

export interface DocsPlan {
  /** Repository-relative path → what the file should contain. */
  files: Map<string, string>;
  errors: string[];
}

export interface DocsOptions {
  /** Only the generated module (what `prebuild` runs): a build never rewrites the docs. */
  moduleOnly?: boolean;
  /** The regions the generated module holds (UI_REGIONS; tests pass their own). */
  uiRegions?: readonly string[];
}

/** Everything this script would write, and every problem that needs a human. */
export function plan(root: string, { moduleOnly = false, uiRegions = UI_REGIONS }: DocsOptions = {}): DocsPlan {
  const index = new RegionIndex(root);
  const files = new Map<string, string>();
  const errors: string[] = [];
  if (!moduleOnly) {
    for (const doc of documents(root)) {
      const rendered = renderDocument(doc, readFileSync(join(root, doc), "utf8"), index);
      // docs/benchmarks.md's figures, from bench/results.json (bench/benchmarks-doc.ts).
      const figures = renderBenchFiguresIn(root, rendered.text);
      files.set(doc, figures.text);
      errors.push(...rendered.errors, ...figures.errors.map((error) => `${doc}: ${error}`));
    }
  }
  const moduleRegions: Region[] = [];
  for (const name of uiRegions) {
    try {
      moduleRegions.push(index.byName(name));
    } catch (error) {
      if (!(error instanceof DocsError)) throw error;
      errors.push(`${GENERATED_MODULE}: ${error.message} (UI_REGIONS in scripts/docs.ts)`);
    }
  }
  files.set(GENERATED_MODULE, renderRegionsModule(moduleRegions));
  // Index errors last: they were recorded while the documents were rendered, too.
  return { files, errors: [...new Set([...index.errors, ...errors])] };
}

export interface DocsCheck {
  /** Files that differ from what `npm run docs` would write, with the first differing line. */
  stale: Array<{ file: string; line: number }>;
  errors: string[];
}

/** `--check`: compares the repository with the plan, changing nothing. */
export function check(root: string, options: Omit<DocsOptions, "moduleOnly"> = {}): DocsCheck {
  const { files, errors } = plan(root, options);
  const stale: DocsCheck["stale"] = [];
  for (const [file, expected] of files) {
    const actual = existsSync(join(root, file)) ? readFileSync(join(root, file), "utf8") : null;
    if (actual === expected) continue;
    const [a, b] = [(actual ?? "").split("\n"), expected.split("\n")];
    let line = 0;
    while (line < a.length && a[line] === b[line]) line++;
    stale.push({ file, line: line + 1 });
  }
  return { stale, errors };
}

/** Writes the plan; returns the files it changed. Writes nothing if there are errors. */
export function write(root: string, options: DocsOptions = {}): { changed: string[]; errors: string[] } {
  const { files, errors } = plan(root, options);
  if (errors.length) return { changed: [], errors };
  const changed: string[] = [];
  for (const [file, text] of files) {
    const full = join(root, file);
    if (existsSync(full) && readFileSync(full, "utf8") === text) continue;
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
    changed.push(file);
  }
  return { changed, errors };
}

/** The repository this script lives in. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

function main(args: string[]): number {
  const root = REPO_ROOT;
  if (args.includes("--check")) {
    const { stale, errors } = check(root);
    for (const error of errors) console.error(`error: ${error}`);
    for (const { file, line } of stale) console.error(`stale: ${file} (from line ${line}): run \`npm run docs\``);
    if (!errors.length && !stale.length) console.log(`docs: ${documents(root).length} documents and ${GENERATED_MODULE} are up to date`);
    return errors.length || stale.length ? 1 : 0;
  }
  const { changed, errors } = write(root, { moduleOnly: args.includes("--module-only") });
  for (const error of errors) console.error(`error: ${error}`);
  if (errors.length) {
    console.error("docs: nothing written");
    return 1;
  }
  console.log(changed.length ? `docs: wrote ${changed.join(", ")}` : "docs: everything up to date");
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
