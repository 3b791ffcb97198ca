import { describe, expect, it } from "vitest";
import { readFile } from "node:fs/promises";
import { docHref, listDocs, renderDoc } from "@/app/docs/docs";

/** The docs as the app shows them (app/docs/): every markdown link that leads somewhere works. */
describe("app/docs", () => {
  it("lists the README first, then every file in docs/, each with its own title", async () => {
    const docs = await listDocs();
    expect(docs[0]).toMatchObject({ slug: "readme", title: "jwt-vs-session" });
    expect(docs.map((d) => d.slug)).toEqual(expect.arrayContaining(["architecture", "copying", "security", "benchmarks"]));
    for (const doc of docs) expect(doc.title).not.toBe(doc.slug);
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

  it("every doc renders; each in-app link it has points at a doc that exists", async () => {
    const docs = await listDocs();
    const slugs = new Set(docs.map((d) => d.slug));
    for (const { slug } of docs) {
      const doc = await renderDoc(slug);
      expect(doc?.html.length).toBeGreaterThan(100);
      for (const [, target] of doc!.html.matchAll(/href="\/docs\/([a-z0-9-]+)/g)) expect(slugs, `${slug} links to ${target}`).toContain(target);
      expect(doc!.html).not.toContain("<!--"); // the copy markers of docs/copying.md stay out of the page
    }
  });

  it("the README's screenshots are served pictures; paths outside docs/ are not", async () => {
    const readme = await renderDoc("readme");
    expect(readme!.html).toContain('<img src="/docs/image/home.png"');
    expect(readme!.html).toContain('<img src="/docs/image/home-phone.png"');
    expect(readme!.html).not.toMatch(/src="docs\//);
    expect(await readFile("docs/home.png")).toBeTruthy();
    expect(await renderDoc("../README")).toBeNull();
    expect(await renderDoc("nope")).toBeNull();
  });
});
