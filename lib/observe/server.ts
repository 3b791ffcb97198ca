import { tracingChannel } from "node:diagnostics_channel";
import type { ServerResponse } from "node:http";
import { aroundEachRequest } from "../server-requests";
import { currentTrace, parseServerTiming, recordTiming, runTraced, serverTimingValue, verdictOf, type TimingEntry } from "./trace";

/**
 * Node.js side of the demo's telemetry, installed once by instrumentation.ts:
 * - every request this process serves runs in a trace of its own, so the store round trips
 *   it makes are attributed to it (lib/observe/store.ts records them);
 * - an API route's answer gets Server-Timing: middleware's entries (which middleware set on
 *   the response), then `gate` (the route handler, with the answer it gave) and one `store`
 *   entry per round trip. Answers middleware gave itself (`x-auth-gate`) carry middleware's only;
 * - the pages' second gates, which publish on the diagnostics channel GATE_CHANNEL (free when
 *   nobody listens), leave a `gate` entry in the trace, which the dashboards' timeline draws.
 */
export function installRequestTracing(): void {
  const g = globalThis as typeof globalThis & { [INSTALLED]?: true };
  if (g[INSTALLED]) return;
  g[INSTALLED] = true;
  aroundEachRequest((request, response, serve) =>
    runTraced(() => {
      if (request.url?.startsWith("/api/")) appendTimingOnWriteHead(response);
      return serve();
    }).result,
  );
  subscribeToGates();
}

const INSTALLED = Symbol.for("jwt-vs-session.request-tracing");

/** The channel name app/<lane>/gate.ts writes out (a copied gate needs nothing from here). */
export const GATE_CHANNEL = "auth:gate";

function appendTimingOnWriteHead(response: ServerResponse): void {
  const trace = currentTrace();
  if (!trace) return;
  const writeHead = response.writeHead;
  response.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    if (!this.headersSent && !this.hasHeader("x-auth-gate")) {
      const before = [this.getHeader("server-timing")].flat().filter((value) => value !== undefined).join(", ");
      const middlewareMs = parseServerTiming(before).find((e) => e.name === "mw")?.durationMs ?? 0;
      const gate: TimingEntry = {
        name: "gate",
        // writeHead(status, …) sets statusCode itself, after this.
        description: `route handler (nodejs): ${verdictOf(typeof args[0] === "number" ? args[0] : this.statusCode)}`,
        durationMs: Math.max(0, performance.now() - trace.startedAt - middlewareMs),
      };
      const stores = trace.entries.filter((e) => e.name === "store");
      this.setHeader("server-timing", [before, serverTimingValue([gate, ...stores])].filter(Boolean).join(", "));
    }
    return Reflect.apply(writeHead, this, args) as ServerResponse;
  } as typeof response.writeHead;
}

function subscribeToGates(): void {
  const startedAt = new WeakMap<object, number>();
  tracingChannel<object, object>(GATE_CHANNEL).subscribe({
    start: (context) => void startedAt.set(context, performance.now()),
    end: () => {},
    asyncStart: () => {},
    asyncEnd: (context) => {
      const startMs = startedAt.get(context);
      if (startMs === undefined) return;
      recordTiming({ name: "gate", description: "second gate (nodejs)", durationMs: performance.now() - startMs, startMs });
    },
    error: () => {},
  });
}
