import type { Metadata } from "next";
import { BenchFixture } from "../fixture";

export const metadata: Metadata = { title: "Benchmark fixture" };
// Rendered per request: BENCH_FIXTURES is read when the request comes, never at build time.
export const dynamic = "force-dynamic";

/**
 * The passthrough: inside the middleware matcher but in no lane, so middleware's common path
 * runs (ambiguous cookies, the Origin rule, identity headers stripped, the CSP nonce) and no
 * guard. A guarded page against this one is the guard's cost; this one against the baseline
 * is what Next.js's middleware hand-off costs.
 */
export default function Passthrough() {
  return <BenchFixture what="middleware's common path runs, no guard" throughMiddleware />;
}
