import type { NextRequest } from "next/server";
import { cookieBytes } from "../cookies";
import { isBackgroundFetch } from "../fetch-metadata";
import { getStore, replaceStore, storeReachableFromEdge } from "../store";
import { observeStore } from "./store";
import { REFUSAL_COOKIE, REFUSAL_COOKIE_OPTIONS, type Refusal } from "./refusal";
import { TIMING_HEADER, currentTrace, runTraced, serverTimingValue, type Trace } from "./trace";

/**
 * The demo's observer of the first gate (app/first-gate.ts's FirstGateObserver): Server-Timing
 * on middleware's answers (`mw` with the runtime, lane and verdict, `mw-store` per round trip),
 * the same entries handed on to the page or route (the dashboards draw them), and the
 * refused-request cookie the login page draws.
 */
export function firstGateObserver(runtime: Refusal["runtime"]) {
  return {
    trace<T>(guard: () => Promise<T>): Promise<T> {
      // This runtime's store, observed (Node.js does that in instrumentation.ts); only one the Edge can reach.
      if (runtime === "edge" && storeReachableFromEdge()) replaceStore(observeStore(getStore(), runtime));
      return runTraced(guard).result;
    },
    observe(
      lane: { name: string; cookieName?: string },
      verdict: { ok: true; forward: Record<string, string> } | { ok: false; reason: string },
      request: NextRequest,
    ) {
      const trace = currentTrace();
      const outcome = verdict.ok ? (verdict.forward["x-auth-session-check"] === "optimistic" ? "accepted (shape only)" : "accepted") : `refused (${verdict.reason})`;
      const timing = middlewareTiming(trace, `middleware (${runtime}) ${lane.name}: ${outcome}`);
      const sent = lane.cookieName ? request.cookies.get(lane.cookieName)?.value : undefined;
      const cookie = lane.cookieName && sent !== undefined ? { name: lane.cookieName, value: sent } : null;
      return {
        forward: { [TIMING_HEADER]: timing },
        headers: { "server-timing": timing },
        // A prefetch or a client-side fetch is no visit: its refusal must not be drawn on a login
        // page opened later (a full page load, or curl, records one).
        loginCookie: verdict.ok || isBackgroundFetch(request.headers)
          ? undefined
          : { name: REFUSAL_COOKIE, value: refusalRecord({ path: request.nextUrl.pathname, runtime, reason: verdict.reason, trace, cookie }), options: REFUSAL_COOKIE_OPTIONS },
      };
    },
  };
}

/** `mw` (runtime, lane, verdict, duration) and the store round trips middleware made (`mw-store`). */
function middlewareTiming(trace: Trace | undefined, description: string): string {
  const startedAt = trace?.startedAt ?? performance.now();
  const stores = (trace?.entries ?? []).map((e) => ({ ...e, name: "mw-store" }));
  return serverTimingValue([{ name: "mw", description, durationMs: performance.now() - startedAt }, ...stores]);
}

/** What the login page needs to draw a request middleware refused (no credential in it). */
function refusalRecord(input: { path: string; runtime: Refusal["runtime"]; reason: string; trace: Trace | undefined; cookie: { name: string; value: string } | null }): string {
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
