import { cookieBytes } from "../cookies";
import { getStore, replaceStore, storeReachableFromEdge } from "../store";
import { observeStore } from "./store";
import { runTraced, serverTimingValue, type Trace } from "./trace";
import type { Refusal } from "./refusal";

/** What middleware.ts asks of the demo's telemetry. */

/** Runs a guard in a trace of its own, with this runtime's store observed (Node.js does that in instrumentation.ts). */
export async function traceGuard<T>(runtime: "edge" | "nodejs", guard: () => Promise<T>): Promise<T> {
  if (runtime === "edge" && storeReachableFromEdge()) replaceStore(observeStore(getStore(), runtime));
  return runTraced(guard).result;
}

/** The guard's trace so far (a guard answers from inside it). */
export { currentTrace } from "./trace";

/**
 * Server-Timing for middleware's answer: `mw` (runtime, lane, verdict, duration) and the store
 * round trips it made (`mw-store`). A page's or route's answer carries them first.
 */
export function middlewareTiming(trace: Trace | undefined, description: string): string {
  const startedAt = trace?.startedAt ?? performance.now();
  const stores = (trace?.entries ?? []).map((e) => ({ ...e, name: "mw-store" }));
  return serverTimingValue([{ name: "mw", description, durationMs: performance.now() - startedAt }, ...stores]);
}

/** What the login page needs to draw a request middleware refused (no credential in it). */
export function refusalRecord(input: { path: string; runtime: Refusal["runtime"]; reason: string; trace: Trace | undefined; cookie: { name: string; value: string } | null }): string {
  const refusal: Refusal = {
    path: input.path,
    runtime: input.runtime,
    reason: input.reason,
    ms: performance.now() - (input.trace?.startedAt ?? performance.now()),
    stores: (input.trace?.entries ?? []).map((e) => e.durationMs),
    cookie: input.cookie ? { name: input.cookie.name, bytes: cookieBytes(input.cookie.name, input.cookie.value) } : null,
    at: Date.now(),
  };
  return JSON.stringify(refusal);
}
