import { existsSync, readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { describe, expect, it } from "vitest";
import { LEAK_ROWS } from "@/app/compare/leak-rows";
import { JWT_ROUTES } from "@/app/jwt/routes";
import { SESSION_ROUTES } from "@/app/session/routes";
import { AUTHJS_ROUTES } from "@/app/authjs/routes";
import { BETTER_AUTH_ROUTES } from "@/app/better-auth/routes";
import { ROUTES } from "@/app/routes";

/**
 * Issue #28's rows ("when a token or a key leaks") in the two documents that repeat
 * /compare's table: the README's "At a glance" and docs/choosing.md's hybrids. Each has a
 * row for each, in a table, that names its demo; every link in it leads somewhere that
 * exists (a file, and the heading its #fragment names; a path the app serves).
 * tests/e2e/compare.spec.ts checks the rows on /compare itself.
 */
const ROOT = join(__dirname, "..", "..", "..");
const DOCUMENTS = ["README.md", "docs/choosing.md"];
const APP_PATHS = new Set<string>([
  JWT_ROUTES.dashboard, JWT_ROUTES.admin, SESSION_ROUTES.admin, SESSION_ROUTES.replay, AUTHJS_ROUTES.dashboard, BETTER_AUTH_ROUTES.admin, ROUTES.leakedKeyDrill,
]);
/** The demo each row must point to (a link, or a path in code), in either document. */
const DEMOS: Record<keyof typeof LEAK_ROWS, string[]> = {
  "stolen-token-replay": [`${JWT_ROUTES.dashboard}#dpop`],
  "key-rotation": ["deploying.md#rotating-the-signing-keys", ROUTES.leakedKeyDrill],
  "step-up": [JWT_ROUTES.admin, SESSION_ROUTES.admin, BETTER_AUTH_ROUTES.admin, AUTHJS_ROUTES.dashboard],
};

/** GitHub's heading anchors, as app/docs/docs.ts makes them. */
const anchorsOf = (markdown: string) =>
  new Set([...markdown.matchAll(/^#{1,6}\s+(.+)$/gm)].map(([, text]) => text.replace(/[`*_]/g, "").toLowerCase().replace(/[^\p{L}\p{N}\s-]/gu, "").trim().replace(/\s/g, "-")));

const tableRow = (markdown: string, topic: string) => markdown.split("\n").find((line) => line.startsWith("|") && line.toLowerCase().includes(topic.toLowerCase()));

describe.each(DOCUMENTS)("%s", (document) => {
  const markdown = readFileSync(join(ROOT, document), "utf8");

  it.each(Object.entries(LEAK_ROWS))("has a table row for '%s' that names its demo", (id, topic) => {
    const row = tableRow(markdown, topic);
    expect(row, `no table row says "${topic}"`).toBeDefined();
    for (const demo of DEMOS[id as keyof typeof LEAK_ROWS]) expect(row, `${id}: ${demo}`).toContain(demo);
  });

  it("links from those rows lead to a file and heading that exist, or a page the app serves", () => {
    const rows = Object.values(LEAK_ROWS).map((topic) => tableRow(markdown, topic) ?? "");
    const targets = rows.flatMap((row) => [...row.matchAll(/\]\(([^)]+)\)/g)].map(([, href]) => href));
    expect(targets.length).toBeGreaterThan(0);
    for (const href of targets) {
      const [path, fragment] = href.replace(/^http:\/\/localhost:3000/, "").split("#");
      if (href.startsWith("http")) {
        expect(APP_PATHS.has(path), `${href}: not a path of this app`).toBe(true);
        continue;
      }
      const file = normalize(join(dirname(join(ROOT, document)), path));
      expect(existsSync(file), `${href}: no such file`).toBe(true);
      if (fragment) expect(anchorsOf(readFileSync(file, "utf8")).has(fragment), `${href}: no such heading`).toBe(true);
    }
  });
});

describe("the bench section choosing.md links to", () => {
  it("exists", () => {
    expect(anchorsOf(readFileSync(join(ROOT, "docs/benchmarks.md"), "utf8")).has("dpop-against-bearer")).toBe(true);
  });
});
