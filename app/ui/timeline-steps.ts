import { elapsedSince, middlewareTimings, type GateTiming, type TimingEntry } from "@/app/server-timing";
import type { TimelineStep } from "./request-timeline";

const sum = (entries: TimingEntry[]) => entries.reduce((total, e) => total + e.durationMs, 0);
const trips = (n: number) => (n === 0 ? "no round trip" : n === 1 ? "1 round trip" : `${n} round trips`);

/** "middleware (edge) jwt: accepted" → { title: "middleware (edge)", detail: "accepted" } */
function splitMiddleware(entry: TimingEntry): { title: string; detail: string } {
  const match = /^(middleware \([a-z]+\)) [a-z]+: (.+)$/.exec(entry.description);
  return match ? { title: match[1], detail: match[2] } : { title: "middleware", detail: entry.description };
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
  timing: GateTiming;
}): TimelineStep[] {
  const { middleware, stores: edgeStores } = middlewareTimings(input.headers);
  const steps: TimelineStep[] = [
    input.cookie
      ? { kind: "browser", title: "browser", detail: `${input.cookie.name}, ${input.cookie.bytes} bytes`, short: `cookie: ${input.cookie.bytes} bytes` }
      : { kind: "browser", title: "browser", detail: "no credential cookie" },
  ];
  if (middleware) steps.push({ kind: "middleware", ...splitMiddleware(middleware), ms: middleware.durationMs });
  else steps.push({ kind: "middleware", title: "middleware", detail: "did not run (matcher)" });
  if (edgeStores.length > 0) steps.push({ kind: "store", title: "store (edge)", detail: trips(edgeStores.length), ms: sum(edgeStores) });
  steps.push({ kind: "gate", title: "second gate", detail: `${input.gate}: accepted`, short: "accepted", ms: input.timing.gateMs });
  steps.push({ kind: "store", title: "store", detail: trips(input.timing.stores.length), ms: sum(input.timing.stores) });
  steps.push({ kind: "answer", title: "render", detail: "this page, so far", ms: elapsedSince(input.timing.startedAt) - input.timing.gateMs });
  return steps;
}
