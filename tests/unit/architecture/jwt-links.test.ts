import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { JWT_ROUTES } from "@/app/jwt/routes";

/**
 * Links to the JWT lane's protected pages are plain <a> links, never next/link: with an
 * expired access token, middleware sends a request for one of them to the refresh route, and
 * Next.js's router would prefetch them (spending the refresh token unasked) and navigate to
 * them as an RSC fetch and then again as a page load (spending it twice). Its prefetch headers
 * do not reach middleware, so this cannot be refused there (see middleware.ts).
 * tests/e2e/refresh-family.spec.ts shows the effect; this rule keeps new <Link>s from
 * bringing it back. A <Link> whose href is computed must be listed here once checked.
 */
const ROOT = join(__dirname, "..", "..", "..");
const PROTECTED = [JWT_ROUTES.dashboard, JWT_ROUTES.admin, JWT_ROUTES.playground];
const PROTECTED_NAMES = /\bJWT_ROUTES\.(dashboard|admin|playground)\b/;
/** Computed hrefs, checked by hand: the site's section links, the (public) replay pages, the docs. */
const CHECKED_COMPUTED = new Map([
  ["app/ui/site-nav.tsx", ["href"]],
  ["app/ui/replay-panel.tsx", ["`/${lane}/replay`"]],
  ["app/docs/page.tsx", ["`${ROUTES.docs.index}/"]],
  ["app/compare/page.tsx", ["`${ROUTES.docs.index}/"]],
]);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith(".tsx") ? [path] : [];
  });
}

/** Every <Link ...> in a file, with its href as written (an expression or a string). */
function links(source: string): string[] {
  return [...source.matchAll(/<Link\b[^>]*?\bhref=/g)].map((match) => {
    const start = match.index + match[0].length;
    if (source[start] === '"') return source.slice(start, source.indexOf('"', start + 1) + 1);
    let depth = 0; // {…} with braces inside (template literals): up to the brace that closes it
    for (let i = start; i < source.length; i++) {
      depth += source[i] === "{" ? 1 : source[i] === "}" ? -1 : 0;
      if (depth === 0) return source.slice(start, i + 1);
    }
    return source.slice(start);
  });
}

describe("links to the JWT lane's protected pages", () => {
  const files = sources(join(ROOT, "app")).map((path) => ({ file: relative(ROOT, path), hrefs: links(readFileSync(path, "utf8")) }));

  it("finds the app's <Link>s (the rule reads what it should)", () => {
    const all = files.flatMap((f) => f.hrefs);
    expect(all.length).toBeGreaterThan(20);
    expect(all).toContain("{JWT_ROUTES.login}");
  });

  it("are never next/link", () => {
    const offending = files.flatMap(({ file, hrefs }) =>
      hrefs.filter((href) => PROTECTED_NAMES.test(href) || PROTECTED.some((path) => href.includes(path))).map((href) => `${file}: <Link href=${href}>`),
    );
    expect(offending).toEqual([]);
  });

  it("cannot hide behind a computed href that nobody checked", () => {
    const computed = files.flatMap(({ file, hrefs }) =>
      hrefs
        .filter((href) => href.startsWith("{") && !/^\{(JWT_|SESSION_|AUTHJS_|BETTER_AUTH_)?ROUTES\.[\w.]+\}$/.test(href))
        .map((href) => href.slice(1, -1))
        .filter((expression) => !(CHECKED_COMPUTED.get(file) ?? []).some((checked) => expression.startsWith(checked)))
        .map((expression) => `${file}: <Link href={${expression}}>`),
    );
    expect(computed).toEqual([]);
  });
});
