import { TIMING_HEADER, currentTrace, parseServerTiming, type TimingEntry } from "@/lib/observe/trace";
import type { TimelineStep } from "./request-timeline";

const sum = (entries: TimingEntry[]) => entries.reduce((total, e) => total + e.durationMs, 0);
const trips = (n: number) => (n === 0 ? "no round trip" : n === 1 ? "1 round trip" : `${n} round trips`);

/** "middleware (edge) jwt: accepted" → { title: "middleware (edge)", detail: "accepted" } */
function splitMiddleware(entry: TimingEntry): { title: string; detail: string } {
  const match = /^(middleware \([a-z]+\)) [a-z]+: (.+)$/.exec(entry.description);
  return match ? { title: match[1], detail: match[2] } : { title: "middleware", detail: entry.description };
}

/** Middleware's own entries, as it handed them to this request (TIMING_HEADER). */
export function middlewareTimings(headers: Headers): { middleware: TimingEntry | null; stores: TimingEntry[] } {
  const entries = parseServerTiming(headers.get(TIMING_HEADER));
  return { middleware: entries.find((e) => e.name === "mw") ?? null, stores: entries.filter((e) => e.name === "mw-store") };
}

/**
 * This render's second gate, from this request's trace (lib/observe/server.ts records the
 * gate's entry and each store round trip): when it started, how long it took, the round trips
 * it made. A page with no gate (the bench fixture) gets an empty one.
 */
function gateTiming(): { startedAt: number; gateMs: number; stores: TimingEntry[] } {
  const entries = currentTrace()?.entries ?? [];
  const gate = entries.find((e) => e.name === "gate" && e.startMs !== undefined);
  if (gate?.startMs === undefined) return { startedAt: performance.now(), gateMs: 0, stores: [] };
  const { startMs, durationMs } = gate;
  const stores = entries.filter((e) => e.name === "store" && e.startMs !== undefined && e.startMs >= startMs && e.startMs <= startMs + durationMs);
  return { startedAt: startMs, gateMs: durationMs, stores };
}

/**
 * This page's own request, from its own measurements: the cookie it carried, middleware's
 * entry (handed over in a request header), the store round trips middleware made, the second
 * gate's time and round trips, and the render so far.
 */
export function dashboardTimeline(input: {
  headers: Headers;
  cookie: { name: string; bytes: number } | null;
  gate: string;
}): TimelineStep[] {
  const { middleware, stores: edgeStores } = middlewareTimings(input.headers);
  const timing = gateTiming();
  const steps: TimelineStep[] = [
    input.cookie
      ? { kind: "browser", title: "browser", detail: `${input.cookie.name}, ${input.cookie.bytes} bytes` }
      : { kind: "browser", title: "browser", detail: "no credential cookie" },
  ];
  if (middleware) steps.push({ kind: "middleware", ...splitMiddleware(middleware), ms: middleware.durationMs });
  else steps.push({ kind: "middleware", title: "middleware", detail: "did not run (matcher)" });
  if (edgeStores.length > 0) steps.push({ kind: "store", title: "store (edge)", detail: trips(edgeStores.length), ms: sum(edgeStores) });
  steps.push({ kind: "gate", title: "second gate", detail: `${input.gate}: accepted`, short: "accepted", ms: timing.gateMs });
  steps.push({ kind: "store", title: "store", detail: trips(timing.stores.length), ms: sum(timing.stores) });
  steps.push({ kind: "answer", title: "render", detail: "this page, so far", ms: performance.now() - timing.startedAt - timing.gateMs });
  return steps;
}
