/**
 * The demo's request telemetry: one trace per request (AsyncLocalStorage, which both runtimes
 * provide as a global in Next.js), holding a Server-Timing (W3C) entry per step: `mw`
 * (middleware, with its runtime and verdict), `gate` (the second gate or the route handler)
 * and `store` (one per store round trip).
 *
 * The app attaches it (instrumentation.ts for Node.js, middleware.ts for the Edge); nothing a
 * reader copies imports it, and without it nothing is recorded.
 */

export interface TimingEntry {
  /** A token: `mw`, `mw-store`, `gate`, `store`. */
  name: string;
  description: string;
  durationMs: number;
  /** performance.now() when the step started (this process's clock; not sent in the header). */
  startMs?: number;
}

export interface Trace {
  /** performance.now() when the request reached this process. */
  startedAt: number;
  entries: TimingEntry[];
}

/** Middleware hands its own entries to the page or route in this request header (Server-Timing syntax). */
export const TIMING_HEADER = "x-auth-timing";

interface Als<T> {
  getStore(): T | undefined;
  run<R>(store: T, callback: () => R): R;
}
const AlsConstructor = (globalThis as { AsyncLocalStorage?: new () => Als<Trace> }).AsyncLocalStorage;
const TRACES_KEY = Symbol.for("jwt-vs-session.traces");
type GlobalWithTraces = typeof globalThis & { [TRACES_KEY]?: Als<Trace> | null };

/** One per process (Next.js may load this module once per bundle chunk). */
function traces(): Als<Trace> | null {
  const g = globalThis as GlobalWithTraces;
  if (g[TRACES_KEY] === undefined) g[TRACES_KEY] = AlsConstructor ? new AlsConstructor() : null;
  return g[TRACES_KEY];
}

/** Runs `work` in a fresh trace of its own (an enclosing trace does not see its entries). */
export function runTraced<T>(work: () => T): { result: T; trace: Trace } {
  const trace: Trace = { startedAt: performance.now(), entries: [] };
  const als = traces();
  return { result: als ? als.run(trace, work) : work(), trace };
}

/** The trace of the request being handled, if the app traces it. */
export function currentTrace(): Trace | undefined {
  return traces()?.getStore();
}

/** Adds an entry to the request being traced, if any. */
export function recordTiming(entry: TimingEntry): void {
  currentTrace()?.entries.push(entry);
}

const quote = (text: string) => `"${text.replace(/["\\]/g, "").replace(/[^\x20-\x7e]/g, "?")}"`;

/** `name;desc="…";dur=1.23, …` */
export function serverTimingValue(entries: readonly TimingEntry[]): string {
  return entries.map((e) => `${e.name};desc=${quote(e.description)};dur=${e.durationMs.toFixed(2)}`).join(", ");
}

/** Parses a Server-Timing value back into entries (for the timeline and the tests). */
export function parseServerTiming(value: string | null): TimingEntry[] {
  if (!value) return [];
  return value.split(/,\s*(?=[a-z][\w-]*(?:;|$))/i).flatMap((part) => {
    const [name, ...params] = part.trim().split(";");
    if (!name) return [];
    const param = (key: string) => params.map((p) => p.trim()).find((p) => p.startsWith(`${key}=`))?.slice(key.length + 1);
    return [{ name, description: (param("desc") ?? "").replace(/^"|"$/g, ""), durationMs: Number(param("dur") ?? 0) }];
  });
}

/** What a status says, in the words Server-Timing and the timeline use. */
export function verdictOf(status: number): string {
  if (status < 300) return "accepted";
  if (status < 400) return "redirected";
  if (status === 401) return "refused";
  if (status === 403) return "forbidden";
  if (status === 503) return "store unavailable";
  return `answered ${status}`;
}
