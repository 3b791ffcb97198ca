import type { NextRequest } from "next/server";
import { getStore } from "@/lib/store";
import { benchFixturesEnabled } from "../fixtures-enabled";

/** The most round trips one request may ask for. */
const MAX_ROUND_TRIPS = 32;

/**
 * For the benchmark only (404 without BENCH_FIXTURES=1): `?n=8` makes n GETs of one key on
 * this server's store, one after another, and answers how many it made. The same request
 * with `?n=0` on the same server is the reference, so the difference in the server's CPU per
 * request, divided by n, is what one round trip on that store costs the app server, with
 * nothing else about the request or the server changed (bench/request-scenarios.ts).
 */
export async function GET(request: NextRequest) {
  if (!benchFixturesEnabled()) return Response.json({ error: "Not found." }, { status: 404 });
  const n = Number(request.nextUrl.searchParams.get("n") ?? "0");
  if (!Number.isInteger(n) || n < 0 || n > MAX_ROUND_TRIPS) {
    return Response.json({ error: `n must be a whole number from 0 to ${MAX_ROUND_TRIPS}.` }, { status: 400 });
  }
  const store = getStore();
  for (let i = 0; i < n; i++) await store.get("bench:round-trip");
  return Response.json({ roundTrips: n }, { headers: { "cache-control": "no-store" } });
}
