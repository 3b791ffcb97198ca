import "server-only";
import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { Marked, type Token, type Tokens } from "marked";
import { ROUTES } from "@/app/routes";
import { highlight, tokensToHtml } from "@/app/ui/highlight";
import { JWT_ROUTES } from "@/app/jwt/routes";
import { SESSION_ROUTES } from "@/app/session/routes";
import { AUTHJS_ROUTES } from "@/app/authjs/routes";
import { BETTER_AUTH_ROUTES } from "@/app/better-auth/routes";

/**
 * The project's own documentation (README.md and docs/*.md), read from the checkout and
 * rendered in the app, so the docs are one click away from the demo. These files are ours and
 * are read from a fixed folder (never a path from the request), so their HTML is trusted.
 */

const DOCS_DIR = join(process.cwd(), "docs");
const README = join(process.cwd(), "README.md");
const SLUG = /^[a-z][a-z0-9-]*$/;
/** Screenshots the README shows; served by app/docs/image/[name]/route.ts. */
export const DOC_IMAGE = /^[a-z][a-z0-9-]*\.png$/;
/** The bench's latency chart (bench/chart.svg, written by npm run bench), which docs/benchmarks.md shows. */
export const BENCH_CHART = { href: "../bench/chart.svg", name: "bench-chart.svg", file: "bench/chart.svg" } as const;

export interface DocEntry {
  slug: string;
  title: string;
  /** The doc's summary for the index as HTML (its own markdown: links stay links, rewritten as in the doc). */
  summaryHtml: string;
}

/**
 * Markdown outside docs/ that the docs name and the app shows too, by slug: how to take a CPU
 * profile. (bench/results.md is not one: /docs/benchmarks shows the same results, at #results.)
 * Not in the list of docs: a page that a doc links to.
 */
const OTHER_DOCS: Record<string, string> = { "bench-profile": "bench/profile.md" };

async function sourceOf(slug: string): Promise<string | null> {
  if (!SLUG.test(slug)) return null;
  const other = Object.hasOwn(OTHER_DOCS, slug) ? join(process.cwd(), OTHER_DOCS[slug]) : null;
  try {
    return await readFile(other ?? (slug === "readme" ? README : join(DOCS_DIR, `${slug}.md`)), "utf8");
  } catch {
    return null;
  }
}

const titleOf = (markdown: string, slug: string) => /^#\s+(.+)$/m.exec(markdown)?.[1].replace(/[`*_]/g, "").trim() ?? slug;

/**
 * What the index says of a doc, as HTML, its links rewritten as the doc's own are: the one
 * sentence its `<!-- summary: … -->` comment holds (written for the index; GitHub does not
 * show it), else the first paragraph after the title.
 */
async function summaryOf(markdown: string, slug: string): Promise<string> {
  const written = /^<!--\s*summary:\s*([\s\S]*?)\s*-->/m.exec(markdown)?.[1];
  if (written) return (await renderer(slug).parseInline(written.replace(/\s+/g, " "))) as string;
  const body = markdown.replace(/<!--[\s\S]*?-->/g, "").replace(/^#\s+.+$/m, "").trimStart();
  const paragraph = body.split(/\n\s*\n/).find((p) => p.trim() && !/^[#!<|`>-]/.test(p.trim())) ?? "";
  // A paragraph that leads into a list ("…tested in a real browser:") ends as a sentence here: the list is not shown.
  return (await renderer(slug).parseInline(paragraph.replace(/\s+/g, " ").trim().replace(/:$/, "."))) as string;
}

/** In the order a newcomer reads them: what it is, a walk through it, choosing, copying; then the reference. */
const READING_ORDER = ["readme", "walkthrough", "choosing", "copying", "code", "security", "deploying", "architecture", "api", "benchmarks", "testing"];
const rank = (slug: string) => (READING_ORDER.includes(slug) ? READING_ORDER.indexOf(slug) : READING_ORDER.length);

/** Every doc, README first, in READING_ORDER (a doc it does not name comes last, by name). */
export async function listDocs(): Promise<DocEntry[]> {
  const names = (await readdir(DOCS_DIR)).filter((n) => n.endsWith(".md")).map((n) => n.slice(0, -3)).filter((s) => SLUG.test(s))
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const entries: DocEntry[] = [];
  for (const slug of ["readme", ...names]) {
    const markdown = await sourceOf(slug);
    if (markdown) entries.push({ slug, title: titleOf(markdown, slug), summaryHtml: await summaryOf(markdown, slug) });
  }
  return entries;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Where a link in `fromSlug`'s markdown leads inside the app: another doc, a page of the app
 * (the docs write them as http://localhost:3000/...), or null for a file of the repository
 * (source and tests are not served; the link text, usually the path, stays).
 */
export function docHref(href: string, fromSlug: string): string | null {
  const local = /^https?:\/\/localhost:3000(\/[^\s]*)$/.exec(href);
  if (local) return local[1];
  if (/^(https?:|mailto:|#)/.test(href)) return href;
  const [path, hash = ""] = href.split(/(?=#)/);
  // The bench's own markdown: its results are /docs/benchmarks's (marked #results there), its profile guide a page of its own.
  const bench = (fromSlug === "readme" ? /^(?:\.\/)?bench\/(results|profile)\.md$/ : /^\.\.\/bench\/(results|profile)\.md$/).exec(path)?.[1];
  if (bench === "results") return `${ROUTES.docs.index}/benchmarks${hash || "#results"}`;
  if (bench === "profile") return `${ROUTES.docs.index}/bench-profile${hash}`;
  const inDocs = fromSlug === "readme" ? /^(?:\.\/)?docs\/([a-z0-9-]+)\.md$/.exec(path) : /^(?:\.\/)?([a-z0-9-]+)\.md$/.exec(path);
  if (inDocs) return `${ROUTES.docs.index}/${inDocs[1]}${hash}`;
  if (fromSlug !== "readme" && /^\.\.\/README\.md$/.test(path)) return `${ROUTES.docs.index}/readme${hash}`;
  return null;
}

/**
 * The app's own pages (not its API): a doc's `code` that names one exactly (a `#section` may
 * follow) is a link to it, so "Open `/jwt/admin`" can be clicked. On GitHub it stays code.
 */
const PAGE_PATHS = new Set<string>([
  ROUTES.home,
  ROUTES.compare,
  ROUTES.leakedKeyDrill,
  ...[JWT_ROUTES, SESSION_ROUTES, AUTHJS_ROUTES, BETTER_AUTH_ROUTES].flatMap((routes) =>
    Object.values(routes).filter((path): path is string => typeof path === "string" && !path.startsWith("/api/"))),
]);
export const isPagePath = (text: string) => PAGE_PATHS.has(text.split("#")[0]);

function renderer(fromSlug: string) {
  const colored = new WeakMap<Tokens.Code, string>();
  // Code inside a link's text is that link's: never a link of its own (no <a> in an <a>).
  const inLink = new WeakSet<Token>();
  const marked = new Marked({ gfm: true, async: true });
  marked.use({
    hooks: { processAllTokens: foldResults },
    async walkTokens(token) {
      if (token.type === "link") for (const child of (token as Tokens.Link).tokens) inLink.add(child);
      if (token.type === "code") colored.set(token as Tokens.Code, tokensToHtml(await highlight((token as Tokens.Code).text, (token as Tokens.Code).lang?.split(/\s/)[0])));
    },
    renderer: {
      codespan(token: Tokens.Codespan) {
        const code = `<code>${escapeHtml(token.text)}</code>`;
        return isPagePath(token.text) && !inLink.has(token) ? `<a href="${escapeHtml(token.text)}">${code}</a>` : code;
      },
      link(token: Tokens.Link) {
        const inner = this.parser.parseInline(token.tokens);
        // A region block's caption (linkRegionCaptions): a link to the block, titled with the file's lines.
        if (REGION_ANCHOR.test(token.href)) return `<a href="${escapeHtml(token.href)}" title="${escapeHtml(`In the repository: ${token.title ?? ""}`)}">${inner}</a>`;
        const href = docHref(token.href, fromSlug);
        if (href === null) return `<span class="doc-file" title="${escapeHtml(`In the repository: ${token.href}`)}">${inner}</span>`;
        const external = /^https?:/.test(href);
        return `<a href="${escapeHtml(href)}"${external ? ' rel="noreferrer"' : ""}>${inner}</a>`;
      },
      image(token: Tokens.Image) {
        if (fromSlug === "benchmarks" && token.href === BENCH_CHART.href) {
          // Drawn for a wide page: on a phone it is shrunk to fit, and a tap opens it full size.
          const src = `${ROUTES.docs.index}/image/${BENCH_CHART.name}`;
          return `<a href="${src}" class="doc-chart"><img src="${src}" alt="${escapeHtml(token.text)}" loading="lazy"></a>`
            + `<span class="doc-chart-note">Shrunk to fit this screen: <a href="${src}">open the chart full size</a>.</span>`;
        }
        const name = /^(?:\.\/)?(?:docs\/)?([^/]+)$/.exec(fromSlug === "readme" ? token.href.replace(/^docs\//, "") : token.href)?.[1];
        const servable = fromSlug === "readme" ? token.href.startsWith("docs/") : !token.href.includes("/");
        if (name && servable && DOC_IMAGE.test(name)) {
          return `<img src="${ROUTES.docs.index}/image/${name}" alt="${escapeHtml(token.text)}" loading="lazy">`;
        }
        return `<span class="doc-file" title="${escapeHtml(`In the repository: ${token.href}`)}">[picture: ${escapeHtml(token.text)}]</span>`;
      },
      // Wide code scrolls inside its box, and a keyboard can reach it to scroll (tables: below).
      // GitHub's anchors, so that links to a section (deploying#rotating-the-signing-keys) land on it.
      heading(token: Tokens.Heading) {
        const text = this.parser.parseInline(token.tokens);
        const id = token.text.toLowerCase().replace(/[^\p{L}\p{N}\s-]/gu, "").trim().replace(/\s/g, "-");
        return `<h${token.depth} id="${escapeHtml(id)}">${text}</h${token.depth}>\n`;
      },
      // A region block's caption is the block's anchor: /docs/code#region-verify-jwt lands on it.
      paragraph(token: Tokens.Paragraph) {
        const [only] = token.tokens;
        const inner = this.parser.parseInline(token.tokens);
        if (token.tokens.length === 1 && only.type === "link" && REGION_ANCHOR.test((only as Tokens.Link).href)) {
          return `<p class="code-caption" id="${escapeHtml((only as Tokens.Link).href.slice(1))}">${inner}</p>\n`;
        }
        return `<p>${inner}</p>\n`;
      },
      // A table scrolls inside its box when wide; on a phone each row becomes a block whose
      // cells are labelled with their column's header (app/globals.css: .doc table), so no column
      // hides behind a sideways scroll a phone does not show. A table of CARD_TABLE_COLUMNS or
      // more is read that way at every width (its columns do not fit the docs column even at
      // 1280 px), each row a card of labelled cells side by side; a column with long text
      // (a scenario's name) takes the card's full width.
      table(token: Tokens.Table) {
        const cards = token.header.length >= CARD_TABLE_COLUMNS;
        const wide = token.header.map((_, i) => cards && token.rows.some((row) => (row[i]?.text.length ?? 0) > LONG_CELL_CHARACTERS));
        const cell = (c: Tokens.TableCell, label?: string, i = 0) => {
          const tag = c.header ? "th" : "td";
          const attributes = `${c.align ? ` align="${c.align}"` : ""}${label ? ` data-label="${escapeHtml(label)}"` : ""}${!c.header && wide[i] ? ' class="card-wide"' : ""}`;
          return `<${tag}${attributes}>${this.parser.parseInline(c.tokens)}</${tag}>`;
        };
        const labels = token.header.map((c) => c.text.replace(/\\\|/g, "|").replace(/[`*_]/g, "").trim());
        const head = `<thead><tr>${token.header.map((c) => cell(c)).join("")}</tr></thead>`;
        const rows = token.rows.map((row) => `<tr>${row.map((c, i) => cell(c, labels[i], i)).join("")}</tr>`).join("\n");
        return `<div class="table-scroll${cards ? " table-cards" : ""}" tabindex="0" role="region" aria-label="Table"><table>${head}<tbody>${rows}</tbody></table></div>\n`;
      },
      // Coloured by walkTokens below; a copy button that app/ui/copy-button.tsx shows once scripts run.
      code(token: Tokens.Code) {
        // A text diagram (```diagram): its lines are its connectors, so they never wrap; the
        // longest line's length lets the CSS shrink the font until the whole line fits (.doc .diagram).
        if (token.lang?.split(/\s/)[0] === "diagram") {
          const columns = Math.max(1, ...token.text.split("\n").map((line) => [...line].length));
          return `<div class="diagram" style="--columns: ${columns}"><pre><code>${escapeHtml(token.text)}</code></pre></div>\n`;
        }
        const html = colored.get(token) ?? escapeHtml(token.text);
        return `<div class="code-block"><button type="button" class="copy-code" data-copy-code hidden>Copy</button><pre tabindex="0"><code>${html}</code></pre></div>\n`;
      },
    },
  });
  return marked;
}

const REGION_ANCHOR = /^#region-[a-z0-9-]+$/;

/** Where the bench's results start on the page (renderDoc puts it at the <!-- bench:results --> marker). */
const RESULTS_ANCHOR = '<div id="results"></div>';
const html = (text: string): Tokens.HTML => ({ type: "html", raw: "", text, block: true, pre: false });

/**
 * The bench's results (/docs/benchmarks#results) are ten tables of reference figures that the
 * prose around them quotes: each subsection, a heading directly followed by its table, is
 * folded into a closed <details> whose summary is that heading and the table's row count, so
 * the page reads as prose with every table one click away. The heading keeps its id; the
 * page opens the fold a link's #anchor points into (OpenLinkedFold in app/ui/open-linked-fold.tsx, mounted by the root layout).
 * The results end at the first heading above theirs. The markdown stays plain tables, for GitHub.
 */
function foldResults(tokens: Token[]): Token[] {
  const start = tokens.findIndex((t) => t.type === "html" && t.text.trim() === RESULTS_ANCHOR);
  if (start < 0) return tokens;
  const out = tokens.slice(0, start + 1);
  let depth: number | null = null; // the subsections' heading level: the first folded one's
  let ended = false;
  for (let i = start + 1; i < tokens.length; i++) {
    const token = tokens[i];
    let next = i + 1;
    while (tokens[next]?.type === "space") next++;
    const table = tokens[next];
    if (token.type === "heading" && depth !== null && (token as Tokens.Heading).depth < depth) ended = true;
    if (!ended && token.type === "heading" && table?.type === "table" && (depth === null || (token as Tokens.Heading).depth === depth)) {
      depth = (token as Tokens.Heading).depth;
      const rows = (table as Tokens.Table).rows.length;
      out.push(html('<details class="doc-fold"><summary>'), token, html(`<span class="fold-count">${rows} ${rows === 1 ? "row" : "rows"}</span></summary>`), table, html("</details>\n"));
      i = next;
    } else out.push(token);
  }
  return out;
}
/** A doc table with this many columns is read as cards at every width (the benchmarks' paired ratios: 12). */
export const CARD_TABLE_COLUMNS = 10;
/** In such a table, a column with a cell longer than this (characters) spans the card's width. */
const LONG_CELL_CHARACTERS = 24;

/**
 * A region block's caption (scripts/docs.ts writes it: "[`lib/jwt.ts` lines 120–141](../lib/jwt.ts#L120-L141)")
 * links to the file's lines on a repository host. The app serves no source files, so here the
 * caption links to its own block instead (#region-sign-jwt; a region shown twice on a page gets
 * -2), and the file's lines become the link's title: a path that looks like a link is one.
 */
export function linkRegionCaptions(markdown: string): string {
  const seen = new Map<string, number>();
  return markdown.replace(/(<!-- region: [^#\s]+#([a-z0-9-]+) -->\n)\[([^\]\n]+)\]\(([^)\s"]+)\)/g, (_, marker: string, name: string, caption: string, href: string) => {
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    const lines = href.replace(/^(\.\.\/)+/, "").replace(/#L(\d+)-L(\d+)$/, " lines $1–$2");
    return `${marker}[${caption}](#region-${name}${count > 1 ? `-${count}` : ""} "${lines}")`;
  });
}

/** An opening code fence (up to three spaces, then three or more ` or ~) and its marker. */
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * The markdown without its HTML comments (the region markers scripts/docs.ts reads), except
 * inside a fenced code block: there a comment is text the doc shows, such as the two marker
 * lines /docs/code tells a reader to copy. A fence closes on a line of the same character,
 * at least as long, and nothing else (CommonMark).
 */
export function stripCommentsOutsideCode(markdown: string): string {
  const out: string[] = [];
  let prose: string[] = [];
  let fence: string | null = null;
  const flushProse = () => {
    if (prose.length > 0) out.push(prose.join("\n").replace(/<!--[\s\S]*?-->/g, ""));
    prose = [];
  };
  for (const line of markdown.split("\n")) {
    if (fence === null) {
      const open = FENCE.exec(line)?.[1];
      if (open && !(open[0] === "`" && line.slice(line.indexOf(open) + open.length).includes("`"))) {
        flushProse();
        fence = open;
        out.push(line);
      } else prose.push(line);
    } else {
      out.push(line);
      if (new RegExp(`^ {0,3}${fence[0] === "`" ? "`" : "~"}{${fence.length},}\\s*$`).test(line)) fence = null;
    }
  }
  flushProse();
  return out.join("\n");
}

/** The doc's title and its HTML, or null when there is no such doc. */
export async function renderDoc(slug: string): Promise<{ title: string; html: string } | null> {
  const markdown = await sourceOf(slug);
  if (markdown === null) return null;
  // Where the bench's results start (scripts write them between <!-- bench:results --> markers): what bench/results.md links land on.
  const marked = linkRegionCaptions(markdown).replace(/^<!-- bench:results -->\n/m, `$&${RESULTS_ANCHOR}\n\n`);
  const html = (await renderer(slug).parse(stripCommentsOutsideCode(marked)))
    // The README's side-by-side screenshots are HTML <img> tags (for their width on GitHub).
    .replace(/<img src="docs\/([a-z0-9-]+\.png)"/g, (_, name: string) => `<img src="${ROUTES.docs.index}/image/${name}"`);
  return { title: titleOf(markdown, slug), html };
}
