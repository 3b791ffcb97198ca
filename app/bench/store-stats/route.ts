import { getStore } from "@/lib/store";
import { storeKeyCount, storeRoundTrips } from "@/lib/store/counting";

/**
 * For the benchmark and tests only: how many store calls this server process has made, and
 * (memory store) how many live keys it holds. 404 unless the server was started with
 * STORE_ROUND_TRIP_COUNTER=on (bench/run.ts and the storage tests do that).
 */
export function GET() {
  const roundTrips = storeRoundTrips(getStore());
  if (roundTrips === null) return Response.json({ error: "Not found." }, { status: 404 });
  return Response.json({ roundTrips, keys: storeKeyCount(getStore()) }, { headers: { "cache-control": "no-store" } });
}
