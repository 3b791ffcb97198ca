import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { jsonError } from "@/lib/http";
import { BENCH_CHART, DOC_IMAGE } from "../../docs";

/** The screenshots in docs/ (PNG only, by plain name), for the README as the app shows it; and the bench's chart. */
export async function GET(_request: Request, { params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  if (name === BENCH_CHART.name) {
    try {
      const svg = await readFile(join(process.cwd(), BENCH_CHART.file));
      // Our own generated drawing; opened on its own, it may still run nothing and load nothing.
      return new Response(svg, { headers: { "content-type": "image/svg+xml", "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'", "cache-control": "public, max-age=300" } });
    } catch {
      return jsonError(404, "The bench has drawn no chart yet: run npm run bench.");
    }
  }
  if (!DOC_IMAGE.test(name)) return jsonError(404, "There is no such picture in the docs.");
  try {
    const bytes = await readFile(join(process.cwd(), "docs", name));
    return new Response(bytes, { headers: { "content-type": "image/png", "cache-control": "public, max-age=300" } });
  } catch {
    return jsonError(404, "There is no such picture in the docs.");
  }
}
