import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { jsonError } from "@/lib/http";
import { DOC_IMAGE } from "../../docs";

/** The screenshots in docs/ (PNG only, by plain name), for the README as the app shows it. */
export async function GET(_request: Request, { params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  if (!DOC_IMAGE.test(name)) return jsonError(404, "There is no such picture in the docs.");
  try {
    const bytes = await readFile(join(process.cwd(), "docs", name));
    return new Response(bytes, { headers: { "content-type": "image/png", "cache-control": "public, max-age=300" } });
  } catch {
    return jsonError(404, "There is no such picture in the docs.");
  }
}
