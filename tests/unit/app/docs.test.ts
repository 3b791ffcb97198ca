import { describe, expect, it } from "vitest";
import { readFile } from "node:fs/promises";
import { CARD_TABLE_COLUMNS, docHref, listDocs, renderDoc, stripCommentsOutsideCode } from "@/app/docs/docs";

/** The docs as the app shows them (app/docs/): every markdown link that leads somewhere works. */
describe("app/docs", () => {
  it("lists the README first, then every file in docs/, each with its own title", async () => {
    const docs = await listDocs();
    expect(docs[0]).toMatchObject({ slug: "readme", title: "jwt-vs-session" });
    expect(docs.map((d) => d.slug)).toEqual(expect.arrayContaining(["architecture", "copying", "security", "benchmarks"]));
    for (const doc of docs) expect(doc.title).not.toBe(doc.slug);
  });

  it("headings carry GitHub's anchors, so a link to a section lands on it", async () => {
    const doc = await renderDoc("deploying");
    expect(doc!.html).toContain('<h2 id="rotating-the-signing-keys">Rotating the signing keys</h2>');
    expect(doc!.html).toContain('<h2 id="which-redis-tcp-or-rest">Which Redis: TCP or REST</h2>');
  });

  it("each doc's summary on the index keeps its links as links, to the doc or the page they name", async () => {
    const docs = await listDocs();
    const summary = (slug: string) => docs.find((d) => d.slug === slug)!.summaryHtml;
    expect(summary("benchmarks")).toContain('<a href="/compare"><code>/compare</code></a>');
    expect(summary("benchmarks")).toContain('<a href="/docs/choosing">choosing.md</a>');
    expect(summary("walkthrough")).toContain('<a href="/compare"><code>/compare</code></a>');
  });

  it("lists them in reading order: the walkthrough, choosing and copying before the reference", async () => {
    const slugs = (await listDocs()).map((d) => d.slug);
    expect(slugs.slice(0, 4)).toEqual(["readme", "walkthrough", "choosing", "copying"]);
    expect(slugs.indexOf("api")).toBeGreaterThan(slugs.indexOf("security"));
  });

  it("keeps HTML comments inside a fenced code block as text, and drops them everywhere else", async () => {
    const markdown = "a <!-- gone --> b\n\n````md\n<!-- region: lib/jwt.ts#verify-jwt -->\n<!-- /region -->\n````\n<!-- gone -->\n~~~\n<!-- kept -->\n~~~\nend";
    expect(stripCommentsOutsideCode(markdown)).toBe("a  b\n\n````md\n<!-- region: lib/jwt.ts#verify-jwt -->\n<!-- /region -->\n````\n\n~~~\n<!-- kept -->\n~~~\nend");
    // /docs/code's "Adding a snippet" shows the two marker lines a reader copies, coloured as markdown's comments.
    const html = (await renderDoc("code"))!.html;
    expect(html).toContain('<code><span style="color:#8B949E">&#60;!-- region: lib/jwt.ts#verify-jwt --&#62;</span>\n<span style="color:#8B949E">&#60;!-- /region --&#62;</span></code>');
  });

  it("each region block's caption is a link to the block itself, titled with the file's lines (no path that only looks like a link)", async () => {
    const doc = await renderDoc("code");
    const markdown = await readFile("docs/code.md", "utf8");
    const captions = [...doc!.html.matchAll(/<p class="code-caption" id="([^"]+)"><a href="#([^"]+)" title="([^"]+)">([\s\S]*?)<\/a><\/p>/g)];
    expect(captions.length).toBe(markdown.match(/<!-- region: \S+ -->\n\[/g)!.length); // not the example inside a fence
    for (const [, id, href] of captions) expect(href).toBe(id);
    expect(new Set(captions.map(([, id]) => id)).size).toBe(captions.length); // verify-jwt is shown twice: -2
    expect(captions[0].slice(1)).toEqual(["region-sign-jwt", "region-sign-jwt", expect.stringMatching(/^In the repository: lib\/jwt\.ts lines \d+–\d+$/), expect.stringMatching(/^<code>lib\/jwt\.ts<\/code> lines \d+–\d+$/)]);
    expect(doc!.html).not.toMatch(/<span class="doc-file"[^>]*><code>[^<]+<\/code> lines/);
  });

  it("colours code blocks on the server and gives each a copy button, keeping the code's text exactly", async () => {
    const doc = await renderDoc("copying");
    const blocks = [...doc!.html.matchAll(/<div class="code-block"><button type="button" class="copy-code" data-copy-code hidden>Copy<\/button><pre tabindex="0"><code>([\s\S]*?)<\/code><\/pre><\/div>/g)];
    expect(blocks.length).toBeGreaterThan(0);
    // The first ts block (the generated middleware) as the markdown has it, and as the page's text gives it back.
    const markdown = await readFile("docs/copying.md", "utf8");
    const source = /```ts\n([\s\S]*?)\n```/.exec(markdown)![1];
    const html = blocks[0][1];
    expect(html).toMatch(/<span style="color:#[0-9a-f]{6}">import<\/span>/i);
    const text = html.replace(/<[^>]+>/g, "").replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
    expect(text).toBe(source);
  });

  it("turns links between docs into app links, app URLs into paths, and leaves repository files as text", () => {
    expect(docHref("docs/security.md", "readme")).toBe("/docs/security");
    expect(docHref("security.md#csrf", "architecture")).toBe("/docs/security#csrf");
    expect(docHref("../README.md", "copying")).toBe("/docs/readme");
    expect(docHref("http://localhost:3000/jwt/replay", "walkthrough")).toBe("/jwt/replay");
    expect(docHref("https://github.com/panva/jose", "benchmarks")).toBe("https://github.com/panva/jose");
    expect(docHref("../tests/security/jwt.spec.ts", "security")).toBeNull();
    expect(docHref("lib/jwt", "readme")).toBeNull();
  });

  it("every doc renders; each in-app link it has points at a doc that exists, and at a section it has", async () => {
    const docs = await listDocs();
    const slugs = new Set(docs.map((d) => d.slug));
    const ids = async (slug: string) => new Set([...((await renderDoc(slug))?.html ?? "").matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
    for (const { slug } of docs) {
      const doc = await renderDoc(slug);
      expect(doc?.html.length).toBeGreaterThan(100);
      // A listed doc, or one a doc links to without listing it (bench/profile.md).
      // (A picture's link, /docs/image/…, is a picture: checked below.)
      for (const [, target, section] of doc!.html.matchAll(/href="\/docs\/(?!image\/)([a-z0-9-]+)(?:#([^"]+))?"/g)) {
        expect(slugs.has(target) || (await renderDoc(target)) !== null, `${slug} links to ${target}`).toBe(true);
        // #results is the bench results' own mark, not a heading (checked below).
        if (section && section !== "results") expect((await ids(target)).has(section), `${slug} links to ${target}#${section}`).toBe(true);
      }
      for (const [, section] of doc!.html.matchAll(/href="#([^"]+)"/g)) expect((await ids(slug)).has(section), `${slug} links to #${section}`).toBe(true);
      expect(doc!.html).not.toContain("<!--"); // the copy markers of docs/copying.md stay out of the page
    }
  });

  it("the README's screenshots are served pictures; paths outside docs/ are not", async () => {
    const readme = await renderDoc("readme");
    expect(readme!.html).toContain('<img src="/docs/image/home.png"');
    // The bench's chart, served by name (bench/chart.svg): a picture, not a placeholder.
    expect((await renderDoc("benchmarks"))!.html).toContain('<img src="/docs/image/bench-chart.svg"');
    expect(readme!.html).toContain('<img src="/docs/image/home-phone.png"');
    expect(readme!.html).not.toMatch(/src="docs\//);
    expect(await readFile("docs/home.png")).toBeTruthy();
    expect(await renderDoc("../README")).toBeNull();
    expect(await renderDoc("nope")).toBeNull();
  });

  it("a table with many columns is marked to read as cards at every width, its long-text columns across the card", async () => {
    const html = (await renderDoc("benchmarks"))!.html;
    const tables = [...html.matchAll(/<div class="(table-scroll[^"]*)"[^>]*><table><thead><tr>([\s\S]*?)<\/tr><\/thead><tbody><tr>([\s\S]*?)<\/tr>/g)];
    const columns = (head: string) => head.match(/<th/g)!.length;
    expect(tables.length).toBeGreaterThan(5);
    for (const [, classes, head] of tables) expect(classes, head).toBe(columns(head) >= CARD_TABLE_COLUMNS ? "table-scroll table-cards" : "table-scroll");
    const paired = tables.find(([, , head]) => head.includes("reference req/s"))!;
    expect(paired[1]).toBe("table-scroll table-cards");
    // scenario and set against span the card; the figures sit side by side.
    expect([...paired[3].matchAll(/<td([^>]*)>/g)].map(([, a]) => a.includes('class="card-wide"'))).toEqual([true, true, ...Array<boolean>(10).fill(false)]);
  });

  it("a ```diagram block keeps its lines (no colouring, no copy button) and says its longest line for the CSS", async () => {
    const html = (await renderDoc("deploying"))!.html;
    const diagram = /<div class="diagram" style="--columns: (\d+)"><pre><code>([\s\S]*?)<\/code><\/pre><\/div>/.exec(html)!;
    const markdown = await readFile("docs/deploying.md", "utf8");
    const source = /```diagram\n([\s\S]*?)\n```/.exec(markdown)![1];
    expect(Number(diagram[1])).toBe(Math.max(...source.split("\n").map((line) => [...line].length)));
    expect(diagram[2]).toContain("nginx (TLS, app.test:443)"); // the text as written, escaped only
    expect(diagram[2].split("\n")).toHaveLength(source.split("\n").length);
  });

  it("bench/results.md links land on the results /docs/benchmarks shows; bench/profile.md is a page of its own", async () => {
    expect(docHref("../bench/results.md", "choosing")).toBe("/docs/benchmarks#results");
    expect(docHref("bench/results.md", "readme")).toBe("/docs/benchmarks#results");
    expect(docHref("../bench/profile.md", "benchmarks")).toBe("/docs/bench-profile");
    expect((await renderDoc("benchmarks"))!.html).toMatch(/<div id="results"><\/div>\s*<p>Run on /);
    expect((await renderDoc("choosing"))!.html).toContain('<a href="/docs/benchmarks#results"><code>bench/results.md</code></a>');
    const benchmarks = (await renderDoc("benchmarks"))!.html;
    expect(benchmarks).toContain('<a href="/docs/bench-profile">bench/profile.md</a>');
    expect(benchmarks).toContain('<a href="/docs/benchmarks#results"><code>bench/results.md</code></a>');
    expect((await renderDoc("bench-profile"))!.title).toBe("A CPU profile of `next start` under the bench's load".replace(/`/g, ""));
    expect((await listDocs()).map((d) => d.slug)).not.toContain("bench-profile");
  });
  it("each doc says on the index, in one sentence written for it, what a reader finds there", async () => {
    const markdown = await readFile("docs/deploying.md", "utf8");
    const summary = (await listDocs()).find((d) => d.slug === "deploying")!.summaryHtml;
    expect(summary).toBe(/^<!-- summary: (.*) -->$/m.exec(markdown)![1]);
    for (const doc of await listDocs()) {
      const words = doc.summaryHtml.replace(/<[^>]+>/g, "").split(/\s+/);
      expect(words.length, doc.slug).toBeLessThanOrEqual(25);
      expect(doc.summaryHtml, doc.slug).not.toMatch(/^(The setup below|Below)|:$/);
    }
  });

  it("folds each of the bench's result tables, under its heading and row count, into a closed <details>", async () => {
    const html = (await renderDoc("benchmarks"))!.html;
    const folds = [...html.matchAll(/<details class="doc-fold"><summary><h4 id="([^"]+)">[\s\S]*?<\/h4>\s*<span class="fold-count">(\d+) rows?<\/span><\/summary><div class="table-scroll[^"]*"[^>]*><table>[\s\S]*?<\/table><\/div>\s*<\/details>/g)];
    expect(folds.map(([, id]) => id)).toEqual(expect.arrayContaining(["requests-autocannon-against-next-start", "cookie-bytes", "targets"]));
    expect(folds.length).toBe((html.match(/<details/g) ?? []).length);
    const requests = folds.find(([, id]) => id === "requests-autocannon-against-next-start")!;
    expect(Number(requests[2])).toBe((requests[0].match(/<tr>/g) ?? []).length - 1); // the header row is not counted
    // What follows the results is prose again: the section after them is not folded, nor are other docs' tables.
    expect(html).toMatch(/<h2 id="redis-over-tcp-and-over-rest">[^<]*<\/h2>\s*<p>/);
    expect((await renderDoc("security"))!.html).not.toContain("<details");
  });

  it("a page of the app named as `code` is a link to it (an API path is not; code inside a link is not linked again)", async () => {
    const walkthrough = (await renderDoc("walkthrough"))!.html;
    expect(walkthrough).toContain('<a href="/jwt/admin"><code>/jwt/admin</code></a>');
    expect(walkthrough).toContain('<a href="/"><code>/</code></a>');
    expect(walkthrough).toContain('<a href="/compare/leaked-key"><code>/compare/leaked-key</code></a>');
    expect((await renderDoc("choosing"))!.html).toContain('<a href="/jwt/dashboard#dpop"><code>/jwt/dashboard#dpop</code></a>');
    for (const { slug } of await listDocs()) {
      const html = (await renderDoc(slug))!.html;
      expect(html, `${slug}: an API path stays code`).not.toMatch(/<a href="\/api\/[^"]*"><code>/);
      expect(html, `${slug}: no link inside a link`).not.toMatch(/<a [^>]*>(?:(?!<\/a>)[\s\S])*<a /);
    }
  });
});
