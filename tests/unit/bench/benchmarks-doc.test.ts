import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { BENCHMARKS_DOC, FIGURES, RESULTS_FILE, renderBenchFigures } from "@/bench/benchmarks-doc";
import type { Results } from "@/bench/results";
import { documents } from "@/scripts/docs";

const committedDoc = () => readFileSync(BENCHMARKS_DOC, "utf8");
const committedResults = () => JSON.parse(readFileSync(RESULTS_FILE, "utf8")) as Results;
/** Every document `npm run docs` fills bench regions in. */
const figureDocs = () => documents(".").filter((doc) => readFileSync(doc, "utf8").includes("<!-- bench:"));
const withoutRegions = (text: string) => text.replace(/<!-- bench:([a-z0-9-]+) -->[\s\S]*?<!-- \/bench:\1 -->/g, "");
/** The part of `text` from the line starting with `heading` to the next heading of its level or above. */
function section(text: string, heading: string): string {
  const start = text.indexOf(`\n${heading}`);
  if (start < 0) throw new Error(`no "${heading}"`);
  const level = /^#*/.exec(heading)![0];
  const next = level ? text.slice(start + 1).search(new RegExp(`\n#{1,${level.length}} `)) : text.slice(start + 1).search(/\n#+ /);
  return next < 0 ? text.slice(start) : text.slice(start, start + 1 + next);
}
const region = (text: string, name: string) => text.match(new RegExp(`<!-- bench:${name} -->([\\s\\S]*?)<!-- /bench:${name} -->`))?.[1];

describe("docs/benchmarks.md", () => {
  it("is exactly what regenerating it from the committed bench/results.json gives (run `npm run docs` if not)", () => {
    const doc = committedDoc();
    const { text, errors } = renderBenchFigures(doc, committedResults());
    expect(errors).toEqual([]);
    expect(text).toBe(doc);
  });

  it("shows every figure the generator knows, or another document does", () => {
    const docs = figureDocs().map((doc) => readFileSync(doc, "utf8")).join("\n");
    for (const name of Object.keys(FIGURES)) expect(docs, name).toContain(`<!-- bench:${name} -->`);
  });

  it("types no measured figure by hand: outside the generated regions, no number carries a unit", () => {
    // The targets' own names may be quoted ("verify (in full) ≤ 50 µs"): a threshold, not a figure.
    const prose = committedDoc()
      .replace(/<!-- bench:([a-z0-9-]+) -->[\s\S]*?<!-- \/bench:\1 -->/g, "")
      .replace(/"[^"\n]*"/g, "");
    expect(prose.match(/\d[\d.,]*\s*(µs|ms|MB|GiB|×|%|req\/s|k\b|s\b|cores\b|rounds\b)/g)).toBeNull();
  });
});

describe("the bench figures in the other documents", () => {
  it("are what regenerating them from the committed bench/results.json gives (run `npm run docs` if not)", () => {
    expect(figureDocs()).toEqual(expect.arrayContaining(["README.md", "docs/choosing.md", "docs/walkthrough.md"]));
    for (const doc of figureDocs()) {
      const text = readFileSync(doc, "utf8");
      const rendered = renderBenchFigures(text, committedResults());
      expect(rendered.errors, doc).toEqual([]);
      expect(rendered.text, doc).toBe(text);
    }
  });

  it("are not typed by hand: no timing, ratio, rate or byte count outside a generated region", () => {
    const handTyped = /\d[\d.,]*\s*(µs|ms|×|%|req\/s|bytes\b|KB\b)|~\s*\d/g;
    const parts = {
      "docs/choosing.md": readFileSync("docs/choosing.md", "utf8"),
      "README.md, why middleware.ts": section(readFileSync("README.md", "utf8"), "## Why `middleware.ts` and not `proxy.ts`"),
      "docs/walkthrough.md, JWS vs JWE": section(readFileSync("docs/walkthrough.md", "utf8"), "**JWS vs JWE, measured.**"),
    };
    for (const [where, text] of Object.entries(parts)) expect(withoutRegions(text).match(handTyped), where).toBeNull();
  });

  it("follow the results: the cookie table shows the bench's cookie bytes", () => {
    const results = committedResults();
    results.cookies.find((c) => c.cookies === "__Host-sid")!.browserBytes = 60;
    const { text, errors } = renderBenchFigures(readFileSync("docs/walkthrough.md", "utf8"), results);
    expect(errors).toEqual([]);
    expect(region(text, "cookie-table")).toContain("| `__Host-sid` | random token | 1 | 49 | 60 |");
  });
});

describe("the bench figures in a document", () => {
  it("follow the results: a changed figure changes the text that shows it", () => {
    const results = committedResults();
    const api = results.paired.find((p) => p.id === "jwt-api-cookie")!;
    Object.assign(api, { ratioThroughput: 0.9, ratiosThroughput: [0.9, 0.88, 0.93] });
    results.targets.find((t) => t.name.startsWith("/api/jwt/me (plain JWT) throughput"))!.met = false;
    const { text, errors } = renderBenchFigures(committedDoc(), results);
    expect(errors).toEqual([]);
    expect(region(text, "api-throughput")).toBe("0.90× the throughput, paired (rounds 0.90, 0.88, 0.93; MISSED)");
  });

  it("refuse prose the results no longer bear out: an error naming the region, which is left as it was", () => {
    const results = committedResults();
    // The doc says Better Auth's cookie cache is slower than its lookup; here it is faster.
    results.paired.find((p) => p.id === "peer-better-auth-cookie-cache")!.ratioThroughput = 0.8;
    const doc = committedDoc();
    const { text, errors } = renderBenchFigures(doc, results);
    expect(errors).toEqual([
      "<!-- bench:better-auth-cache-request -->: the text around it says Better Auth's cookie cache is slower here than its lookup, which bench/results.json no longer shows: reword it",
    ]);
    expect(region(text, "better-auth-cache-request")).toBe(region(doc, "better-auth-cache-request"));
  });

  it("name a figure missing from the results instead of failing on it", () => {
    const results = committedResults();
    results.floods = results.floods.filter((f) => f.id !== "refresh-rotations");
    const { errors } = renderBenchFigures(committedDoc(), results);
    expect(errors).toEqual([
      '<!-- bench:flood-rotations -->: no flood "refresh-rotations" in bench/results.json',
      '<!-- bench:flood-rss -->: no flood "refresh-rotations" in bench/results.json',
    ]);
  });

  it("must be known to the generator and closed", () => {
    const results = committedResults();
    expect(renderBenchFigures("a <!-- bench:nope -->1<!-- /bench:nope --> b", results).errors).toEqual(["<!-- bench:nope -->: no such figure (FIGURES in bench/benchmarks-doc.ts)"]);
    expect(renderBenchFigures("a <!-- bench:cores -->1 b", results).errors).toEqual(["<!-- bench:cores --> is never closed with <!-- /bench:cores -->"]);
    expect(renderBenchFigures("a 1<!-- /bench:cores --> b", results).errors).toEqual(["<!-- /bench:cores --> closes no <!-- bench:cores -->"]);
    expect(renderBenchFigures("On <!-- bench:cores -->?<!-- /bench:cores --> cores", results)).toEqual({ text: "On <!-- bench:cores -->2<!-- /bench:cores --> cores", errors: [] });
  });
});
