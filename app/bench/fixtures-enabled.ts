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
  }).transform((e) => ({ fixturesEnabled: e.BENCH_FIXTURES === "1" })),
  () => ({ BENCH_FIXTURES: process.env.BENCH_FIXTURES || undefined }),
);

export const benchFixturesEnabled = () => benchFixturesSection.get().fixturesEnabled;
