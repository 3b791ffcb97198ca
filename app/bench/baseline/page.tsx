import type { Metadata } from "next";
import { BenchFixture } from "../fixture";

export const metadata: Metadata = { title: "Benchmark fixture" };
// Rendered per request: BENCH_FIXTURES is read when the request comes, never at build time.
export const dynamic = "force-dynamic";

/**
 * The baseline: outside the middleware matcher, so no middleware and no guard; the
 * benchmark sets the passthrough against it to measure Next.js's middleware hand-off. With
 * no middleware to strip client-sent `x-user-*` / `x-auth-*` headers, the fixture drops them
 * itself before drawing the request's headers. No CSP either (middleware makes its nonce):
 * it is served only with BENCH_FIXTURES=1, by the benchmark's own servers.
 */
export default function Baseline() {
  return <BenchFixture what="not even middleware runs for it" throughMiddleware={false} />;
}
