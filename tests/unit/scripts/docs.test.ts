import { afterEach, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { GENERATED_MODULE, REPO_ROOT, RegionIndex, UI_REGIONS, check, parseRegions, write } from "@/scripts/docs";
import { REGIONS } from "@/lib/generated/regions";

describe("snippets in this repository", () => {
  it("README.md, docs/*.md and the generated module match the source regions (run `npm run docs` if not)", () => {
    const result = check(REPO_ROOT);
    expect(result.errors).toEqual([]);
    expect(result.stale).toEqual([]);
  });

  it("the committed module holds exactly the regions the dashboards show, as the source has them now", () => {
    expect(Object.keys(REGIONS)).toEqual([...UI_REGIONS]);
    const index = new RegionIndex(REPO_ROOT);
    for (const name of UI_REGIONS) {
      const { file, startLine, endLine, code } = index.byName(name);
      expect(REGIONS[name], name).toEqual({ file, startLine, endLine, code });
    }
  });
});

const SOURCE = [
  "import { x } from './x';",
  "",
  "export class Example {",
  "  // #region outer",
  "  outer() {",
  "    // #region inner",
  "    return 1;",
  "    // #endregion inner",
  "  }",
  "",
  "  // #endregion outer",
  "}",
  "",
].join("\n");

describe("parseRegions", () => {
  it("a region is the lines between its markers, dedented, with nested marker lines left out", () => {
    const [outer, inner] = parseRegions("lib/example.ts", SOURCE);
    expect(outer).toEqual({ name: "outer", file: "lib/example.ts", startLine: 5, endLine: 9, code: "outer() {\n  return 1;\n}" });
    expect(inner).toEqual({ name: "inner", file: "lib/example.ts", startLine: 7, endLine: 7, code: "return 1;" });
  });

  it("JSX marker comments work too", () => {
    const jsx = ["<div>", "  {/* #region panel */}", "  <p>hi</p>", "  {/* #endregion panel */}", "</div>"].join("\n");
    expect(parseRegions("app/page.tsx", jsx)).toEqual([{ name: "panel", file: "app/page.tsx", startLine: 3, endLine: 3, code: "<p>hi</p>" }]);
  });

  it("`# #region` markers work in files whose comments start with # (deploy/nginx.conf)", () => {
    const conf = ["# #region proxy", "location / {", "    proxy_pass http://app;", "}", "# #endregion proxy"].join("\n");
    expect(parseRegions("deploy/nginx.conf", conf)).toEqual([{ name: "proxy", file: "deploy/nginx.conf", startLine: 2, endLine: 4, code: "location / {\n    proxy_pass http://app;\n}" }]);
  });

  it("an unclosed region is an error naming the file and line", () => {
    expect(() => parseRegions("lib/a.ts", "// #region open\nconst a = 1;\n")).toThrow('lib/a.ts:1: region "open" is never closed');
  });

  it("an #endregion with no #region, and a region defined twice, are errors", () => {
    expect(() => parseRegions("lib/a.ts", "const a = 1;\n// #endregion stray\n")).toThrow('lib/a.ts:2: #endregion "stray" has no matching #region');
    const twice = "// #region a\n1;\n// #endregion a\n// #region a\n2;\n// #endregion a\n";
    expect(() => parseRegions("lib/a.ts", twice)).toThrow('lib/a.ts:4: region "a" is defined twice');
  });

  it("an empty region is an error", () => {
    expect(() => parseRegions("lib/a.ts", "// #region nothing\n\n// #endregion nothing\n")).toThrow('lib/a.ts:3: region "nothing" is empty');
  });

  it("a marker mentioned in the middle of a line is not a marker", () => {
    expect(parseRegions("lib/a.ts", 'const text = "// #region not-one";\n')).toEqual([]);
  });
});

describe("npm run docs on a fixture repository", () => {
  let root: string;
  const file = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  const read = (path: string) => readFileSync(join(root, path), "utf8");
  const fixture = (docs: Record<string, string>) => {
    root = mkdtempSync(join(tmpdir(), "docs-test-"));
    file("lib/example.ts", SOURCE);
    for (const [path, text] of Object.entries(docs)) file(path, text);
  };
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  const options = { uiRegions: ["inner"] };

  it("fills a region block with a caption linking to the lines, relative to the document, and the code", () => {
    fixture({ "README.md": "Intro\n\n<!-- region: lib/example.ts#outer -->\n<!-- /region -->\n", "docs/guide.md": "<!-- region: lib/example.ts#inner -->\n<!-- /region -->\n" });
    expect(check(root, options).stale.map((s) => s.file)).toEqual(["README.md", "docs/guide.md", GENERATED_MODULE]);
    expect(write(root, options)).toEqual({ changed: ["README.md", "docs/guide.md", GENERATED_MODULE], errors: [] });
    expect(read("README.md")).toBe(
      [
        "Intro",
        "",
        "<!-- region: lib/example.ts#outer -->",
        "[`lib/example.ts` lines 5–9](lib/example.ts#L5-L9)",
        "",
        "```ts",
        "outer() {",
        "  return 1;",
        "}",
        "```",
        "<!-- /region -->",
        "",
      ].join("\n"),
    );
    expect(read("docs/guide.md")).toContain("[`lib/example.ts` lines 7–7](../lib/example.ts#L7-L7)");
    expect(read(GENERATED_MODULE)).toContain('"inner": {\n    file: "lib/example.ts",\n    startLine: 7,\n    endLine: 7,\n    code: `return 1;`,');
    expect(check(root, options)).toEqual({ stale: [], errors: [] });
    expect(write(root, options).changed).toEqual([]);
  });

  it("drift is detected: a document whose copy no longer matches the source is stale, from the first differing line", () => {
    fixture({ "README.md": "<!-- region: lib/example.ts#inner -->\n<!-- /region -->\n" });
    write(root, options);
    file("lib/example.ts", SOURCE.replace("return 1;", "return 2;"));
    expect(check(root, options)).toEqual({ stale: [{ file: "README.md", line: 5 }, { file: GENERATED_MODULE, line: expect.any(Number) }], errors: [] });
  });

  it("a stale generated module is caught on its own, even if the documents are fine", () => {
    fixture({});
    write(root, options);
    file(GENERATED_MODULE, read(GENERATED_MODULE).replace("return 1;", "return 0;"));
    expect(check(root, options).stale.map((s) => s.file)).toEqual([GENERATED_MODULE]);
  });

  it("a block naming a missing region or file fails, and nothing is written", () => {
    const readme = "<!-- region: lib/example.ts#nope -->\n<!-- /region -->\n<!-- region: lib/gone.ts#inner -->\n<!-- /region -->\n";
    fixture({ "README.md": readme });
    expect(check(root, options).errors).toEqual([
      'README.md:1: region "nope" does not exist in lib/example.ts',
      'README.md:3: file "lib/gone.ts" does not exist',
    ]);
    expect(write(root, options).changed).toEqual([]);
    expect(read("README.md")).toBe(readme);
  });

  it("a region the dashboards need that does not exist is an error", () => {
    fixture({});
    expect(check(root, { uiRegions: ["gone"] }).errors).toEqual([`${GENERATED_MODULE}: region "gone" does not exist in root-level files or app/, lib/, types/ (UI_REGIONS in scripts/docs.ts)`]);
  });

  it("an unclosed region in any source file, or one name in two files, fails even if no document uses it", () => {
    fixture({});
    file("app/broken.tsx", "// #region dangling\nexport const a = 1;\n");
    file("lib/copy.ts", "// #region inner\nexport const b = 2;\n// #endregion inner\n");
    expect(check(root, options).errors).toEqual([
      'app/broken.tsx:1: region "dangling" is never closed (no "// #endregion dangling")',
      'region "inner" is defined twice: in lib/copy.ts and in lib/example.ts (names are unique in the repository)',
    ]);
  });

  it("an unclosed region block in a document is an error", () => {
    fixture({ "README.md": "<!-- region: lib/example.ts#inner -->\nold\n" });
    expect(check(root, options).errors).toEqual(["README.md:1: <!-- region: lib/example.ts#inner --> is never closed with <!-- /region -->"]);
  });

  it("hand-written ts/tsx/js blocks are refused; shell blocks and examples inside a longer fence are fine", () => {
    const readme = [
      "```sh",
      "npm run docs",
      "```",
      "````md",
      "```ts",
      "<!-- region: lib/example.ts#not-a-real-marker -->",
      "```",
      "````",
      "  ```tsx",
      "  const pasted = <p />;",
      "  ```",
      "",
    ].join("\n");
    fixture({ "README.md": readme });
    expect(check(root, options).errors).toEqual([
      "README.md:9: a hand-written ```tsx block: cut it from the source with <!-- region: file#name --> … <!-- /region --> instead",
    ]);
  });

  it("a ts block of nothing but marker lines and '…' shows the markers' syntax and is fine; one more line of code is refused", () => {
    const markers = ["```ts", "// #region my-function", "…", "// #endregion my-function", "```"];
    fixture({ "README.md": [...markers, "", "```ts", "// #region my-function", "const pasted = 1;", "// #endregion my-function", "```", ""].join("\n") });
    expect(check(root, options).errors).toEqual([
      "README.md:7: a hand-written ```ts block: cut it from the source with <!-- region: file#name --> … <!-- /region --> instead",
    ]);
  });

  it("a region block inside a list keeps the list's indentation", () => {
    fixture({ "README.md": "1. Step:\n\n   <!-- region: lib/example.ts#inner -->\n   <!-- /region -->\n" });
    write(root, options);
    expect(read("README.md")).toBe("1. Step:\n\n   <!-- region: lib/example.ts#inner -->\n   [`lib/example.ts` lines 7–7](lib/example.ts#L7-L7)\n\n   ```ts\n   return 1;\n   ```\n   <!-- /region -->\n");
  });
});
