import { storeRoundTrips } from "@/lib/store";

/**
 * For the benchmark only: how many store calls this server process has made. 404 unless the
 * server was started with STORE_ROUND_TRIP_COUNTER=on (bench/run.ts does that).
 */
export function GET() {
  const roundTrips = storeRoundTrips();
  if (roundTrips === null) return Response.json({ error: "Not found." }, { status: 404 });
  return Response.json({ roundTrips }, { headers: { "cache-control": "no-store" } });
}
