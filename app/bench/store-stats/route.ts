import { getStore } from "@/lib/store";
import { storeKeyCount, storeRoundTrips, storeWrites } from "@/lib/store/counting";

/**
 * For the benchmark and tests only: how many store calls this server process has made (and how
 * many of them could write), and
 * (memory store) how many live keys it holds. 404 unless the server was started with
 * STORE_ROUND_TRIP_COUNTER=on (bench/run.ts and the storage tests do that).
 */
export function GET() {
  const roundTrips = storeRoundTrips(getStore());
  if (roundTrips === null) return Response.json({ error: "Not found." }, { status: 404 });
  return Response.json({ roundTrips, writes: storeWrites(getStore()), keys: storeKeyCount(getStore()) }, { headers: { "cache-control": "no-store" } });
}
