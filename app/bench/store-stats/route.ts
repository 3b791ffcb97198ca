import type { NextRequest } from "next/server";
import { getStore } from "@/lib/store";
import { storeStats } from "@/lib/observe/store";
import { storeStatsEnabled } from "../fixtures-enabled";

/**
 * For the benchmark and tests only: how many store calls this server process has made (and how
 * many of them could write), (memory store) how many live keys it holds, and this process's
 * memory (after a full garbage collection with `?gc=1` when Node runs with --expose-gc, as the
 * benchmark's flood server does). 404 unless the server was started with
 * STORE_ROUND_TRIP_COUNTER=on (bench/run.ts and the storage tests do that).
 */
export function GET(request: NextRequest) {
  const stats = storeStatsEnabled() ? storeStats(getStore()) : null;
  if (stats === null) return Response.json({ error: "Not found." }, { status: 404 });
  const gc = (globalThis as { gc?: () => void }).gc;
  const collected = request.nextUrl.searchParams.get("gc") === "1" && typeof gc === "function";
  if (collected) gc();
  const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
  return Response.json(
    { ...stats, memory: { rss, heapUsed, heapTotal, external, arrayBuffers, collected } },
    { headers: { "cache-control": "no-store" } },
  );
}
