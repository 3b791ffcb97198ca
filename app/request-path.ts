import "server-only";
import { cache } from "react";
import { headers } from "next/headers";
import { safeNextPath } from "@/lib/http";
import { PATHNAME_HEADER } from "./routes";

/** The page being rendered, as middleware recorded it (only used as the `next` target after login). */
export async function currentPath(fallback: string): Promise<string> {
  return safeNextPath((await headers()).get(PATHNAME_HEADER), fallback);
}

/**
 * When this request is being rendered: one instant for every component of the render (React
 * `cache`), so "in 30 days" and a countdown agree with each other.
 */
export const renderTimeMs = cache((): number => Date.now());
