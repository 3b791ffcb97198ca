import { storeKeyCount, storeRoundTrips } from "@/lib/store";

/**
 * For the benchmark and tests only: how many store calls this server process has made, and
 * (memory store) how many live keys it holds. 404 unless the server was started with
 * STORE_ROUND_TRIP_COUNTER=on (bench/run.ts and the storage tests do that).
 */
export function GET() {
  const roundTrips = storeRoundTrips();
  if (roundTrips === null) return Response.json({ error: "Not found." }, { status: 404 });
  return Response.json({ roundTrips, keys: storeKeyCount() }, { headers: { "cache-control": "no-store" } });
}
