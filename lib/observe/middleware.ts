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
export function firstGateObserver(runtime: Refusal["runtime"], credentialCookieOf: Readonly<Record<string, string>> = {}) {
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
      const cookie = sentCookie(request, credentialCookieOf[lane.name] ?? lane.cookieName);
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

/**
 * The credential cookie the request carried, whole or in the `.0`, `.1`, … chunks a large one
 * is split into (Auth.js), for the picture of a refused request: its name and size in bytes.
 */
function sentCookie(request: NextRequest, name: string | undefined): { name: string; bytes: number } | null {
  if (!name) return null;
  const whole = request.cookies.get(name)?.value;
  if (whole !== undefined) return { name, bytes: cookieBytes(name, whole) };
  let bytes = 0;
  for (let i = 0; request.cookies.has(`${name}.${i}`); i++) bytes += cookieBytes(`${name}.${i}`, request.cookies.get(`${name}.${i}`)!.value);
  return bytes > 0 ? { name, bytes } : null;
}

/** `mw` (runtime, lane, verdict, duration) and the store round trips middleware made (`mw-store`). */
function middlewareTiming(trace: Trace | undefined, description: string): string {
  const startedAt = trace?.startedAt ?? performance.now();
  const stores = (trace?.entries ?? []).map((e) => ({ ...e, name: "mw-store" }));
  return serverTimingValue([{ name: "mw", description, durationMs: performance.now() - startedAt }, ...stores]);
}

/** What the login page needs to draw a request middleware refused (no credential in it). */
function refusalRecord(input: { path: string; runtime: Refusal["runtime"]; reason: string; trace: Trace | undefined; cookie: { name: string; bytes: number } | null }): string {
  const refusal: Refusal = {
    path: input.path,
    runtime: input.runtime,
    reason: input.reason,
    ms: performance.now() - (input.trace?.startedAt ?? performance.now()),
    stores: (input.trace?.entries ?? []).map((e) => e.durationMs),
    cookie: input.cookie,
    at: Date.now(),
  };
  return JSON.stringify(refusal);
}
