import { z } from "zod";
// Relative import: env.ts (loaded by next.config.ts, outside the app's bundler) imports this file.
import { defineSection } from "../../lib/config";

/**
 * The benchmark's fixture pages (/bench/baseline, /bench/passthrough) are a measuring
 * instrument, not part of the app: 404 unless the server runs with BENCH_FIXTURES=1, read
 * when a request comes (one build serves both; `npm run bench` sets it, bench/server-env.ts).
 */
export const benchFixturesSection = defineSection(
  z.object({
    BENCH_FIXTURES: z.enum(["0", "1"], { error: 'BENCH_FIXTURES must be "1" (serve the benchmark\'s fixture pages) or "0".' }).optional(),
    // `on`: /bench/store-stats answers with this process's store call counts (the benchmark and the storage tests).
    STORE_ROUND_TRIP_COUNTER: z.enum(["on", "off"], { error: 'STORE_ROUND_TRIP_COUNTER must be "on" (serve /bench/store-stats) or "off".' }).optional(),
  }).transform((e) => ({ fixturesEnabled: e.BENCH_FIXTURES === "1", storeStatsEnabled: e.STORE_ROUND_TRIP_COUNTER === "on" })),
  () => ({ BENCH_FIXTURES: process.env.BENCH_FIXTURES || undefined, STORE_ROUND_TRIP_COUNTER: process.env.STORE_ROUND_TRIP_COUNTER || undefined }),
);

export const benchFixturesEnabled = () => benchFixturesSection.get().fixturesEnabled;
export const storeStatsEnabled = () => benchFixturesSection.get().storeStatsEnabled;
