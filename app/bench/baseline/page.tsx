import type { Metadata } from "next";
import { BenchFixture } from "../fixture";

export const metadata: Metadata = { title: "Benchmark fixture" };

/** The baseline: outside the middleware matcher, so no middleware and no guard. */
export default function Baseline() {
  return <BenchFixture what="not even middleware runs for it" />;
}
