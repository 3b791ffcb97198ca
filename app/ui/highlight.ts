import "server-only";
import { createHighlighterCore, type HighlighterCore } from "shiki/core";
import { createJavaScriptRegexEngine } from "shiki/engine/javascript";
import type { Token } from "./code-lines";

export type { Token };

/**
 * Syntax colours for the code the app shows (the "How this works" panels, the docs), done on
 * the server with Shiki: the page receives coloured spans, no highlighting script. One dark
 * theme, because code blocks are dark in both colour schemes (--code-bg). Each text is
 * highlighted once per process: the panels show the same regions on every request.
 */
const THEME = "github-dark-default";
const LANGUAGES: Record<string, string> = { ts: "typescript", typescript: "typescript", tsx: "tsx", sh: "bash", bash: "bash", nginx: "nginx", json: "json", http: "http", md: "markdown", markdown: "markdown" };

let highlighter: Promise<HighlighterCore> | undefined;
const highlighted = new Map<string, Token[][]>();

function load(): Promise<HighlighterCore> {
  return (highlighter ??= createHighlighterCore({
    themes: [import("shiki/themes/github-dark-default.mjs")],
    langs: [import("shiki/langs/typescript.mjs"), import("shiki/langs/tsx.mjs"), import("shiki/langs/bash.mjs"), import("shiki/langs/nginx.mjs"), import("shiki/langs/json.mjs"), import("shiki/langs/http.mjs"), import("shiki/langs/markdown.mjs")],
    // Shiki's JavaScript regex engine: no WebAssembly to load.
    engine: createJavaScriptRegexEngine(),
  }));
}

/** The code's lines as coloured tokens; a language Shiki is not given here comes back uncoloured. */
export async function highlight(code: string, language: string | undefined): Promise<Token[][]> {
  const lang = LANGUAGES[language ?? ""];
  if (!lang) return code.split("\n").map((line) => [{ text: line }]);
  const key = `${lang}\n${code}`;
  const known = highlighted.get(key);
  if (known) return known;
  const lines = (await load()).codeToTokensBase(code, { lang, theme: THEME }).map((line) => line.map(({ content, color }) => ({ text: content, color })));
  highlighted.set(key, lines);
  return lines;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The same tokens as an HTML string, for markdown rendered to HTML (app/docs/docs.ts). */
export function tokensToHtml(lines: Token[][]): string {
  return lines
    .map((line) => line.map(({ text, color }) => (color && /^#[0-9a-f]{3,8}$/i.test(color) ? `<span style="color:${color}">${escapeHtml(text)}</span>` : escapeHtml(text))).join(""))
    .join("\n");
}
