import "server-only";
import { headers } from "next/headers";
import { safeNextPath } from "@/lib/http";
import { PATHNAME_HEADER } from "./lane";

/** The page being rendered, as middleware recorded it (only used as the `next` target after login). */
export async function currentPath(fallback: string): Promise<string> {
  return safeNextPath((await headers()).get(PATHNAME_HEADER), fallback);
}
