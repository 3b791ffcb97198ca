import { z } from "zod";
import { authCookieOptions, cookieName } from "@/lib/cookies";
import { parseJsonOrNull, type CounterIncrement, type KeyValueStore, type SortedSetEntry, type WriteCondition, type WriteOp } from "@/lib/store/types";

/**
 * Server-Timing (W3C) on every guarded answer, so DevTools' Timing tab and `curl -i` show
 * where a request spent its time: `mw` (middleware, with its runtime and verdict), `gate`
 * (the route handler, with its answer), and one `store` entry per store round trip.
 *
 * Store calls are attributed to the request that made them through AsyncLocalStorage (both
 * runtimes provide it as a global in Next.js), by a store wrapper installed once per runtime
 * (instrumentation.ts for Node.js, middleware.ts for the Edge). Route handlers opt in with
 * `withServerTiming`. Pages cannot set response headers, so a page's answer carries the
 * middleware's entries only.
 *
 * Optional for a copied pattern: without the wrapper installed, nothing is recorded.
 */

export interface TimingEntry {
  /** A token: `mw`, `gate`, `store`. */
  name: string;
  description: string;
  durationMs: number;
}

/** Middleware hands its own entries to route handlers in this request header (already Server-Timing syntax). */
export const TIMING_HEADER = "x-auth-timing";

interface Trace { entries: TimingEntry[] }
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

const now = () => performance.now();

/** Runs `work`, collecting the entries recorded inside it; an enclosing trace gets them too. */
export async function traced<T>(work: () => Promise<T>): Promise<{ result: T; entries: TimingEntry[] }> {
  const trace: Trace = { entries: [] };
  const als = traces();
  if (!als) return { result: await work(), entries: [] };
  const parent = als.getStore();
  try {
    return { result: await als.run(trace, work), entries: trace.entries };
  } finally {
    parent?.entries.push(...trace.entries);
  }
}

/** Adds an entry to the request being traced, if any. */
export function recordTiming(entry: TimingEntry): void {
  traces()?.getStore()?.entries.push(entry);
}

/** The entries of the request being traced so far (middleware reads its own before answering). */
export function currentTimings(): TimingEntry[] {
  return [...(traces()?.getStore()?.entries ?? [])];
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

function verdictOf(status: number): string {
  if (status < 300) return "accepted";
  if (status < 400) return "redirected";
  if (status === 401) return "refused";
  if (status === 403) return "forbidden";
  if (status === 503) return "store unavailable";
  return `answered ${status}`;
}

/**
 * Wraps a route handler: its answer carries Server-Timing with middleware's entries, the
 * handler's own (`gate`, with the answer it gave) and each store round trip it made.
 */
export function withServerTiming<Args extends [Request, ...unknown[]]>(handler: (...args: Args) => Promise<Response>) {
  return async (...args: Args): Promise<Response> => {
    const started = now();
    const { result, entries } = await traced(() => handler(...args));
    const gate: TimingEntry = { name: "gate", description: `route handler (nodejs): ${verdictOf(result.status)}`, durationMs: now() - started };
    const value = [args[0].headers.get(TIMING_HEADER), serverTimingValue([gate, ...entries])].filter(Boolean).join(", ");
    try {
      result.headers.append("server-timing", value);
      return result;
    } catch {
      // Response.redirect() and friends have immutable headers: copy.
      const copy = new Response(result.body, result);
      copy.headers.append("server-timing", value);
      return copy;
    }
  };
}

// ---------------------------------------------------------------------------------------
// The store wrapper: one `store` entry per round trip, named after the call.

const TIMED = Symbol.for("jwt-vs-session.timed-store");

class TimedStore implements KeyValueStore {
  readonly [TIMED] = true;
  constructor(private readonly inner: KeyValueStore, private readonly runtime: string) {}
  get kind() {
    return this.inner.kind;
  }
  private async time<T>(call: string, work: () => Promise<T>): Promise<T> {
    const started = now();
    try {
      return await work();
    } finally {
      recordTiming({ name: "store", description: `${this.inner.kind} ${call} (${this.runtime})`, durationMs: now() - started });
    }
  }
  get(key: string) { return this.time("get", () => this.inner.get(key)); }
  getMany(keys: readonly string[]) { return this.time("mget", () => this.inner.getMany(keys)); }
  ttlSeconds(key: string) { return this.time("ttl", () => this.inner.ttlSeconds(key)); }
  sortedSetEntries(key: string): Promise<SortedSetEntry[]> { return this.time("zrange", () => this.inner.sortedSetEntries(key)); }
  write(ops: readonly WriteOp[]) { return this.time("write", () => this.inner.write(ops)); }
  increment(counters: readonly CounterIncrement[]) { return this.time("increment", () => this.inner.increment(counters)); }
  writeIf(condition: WriteCondition, ops: readonly WriteOp[]) { return this.time("write-if", () => this.inner.writeIf(condition, ops)); }
  clear() { return this.time("clear", () => this.inner.clear()); }
  /** What the benchmark's counter and the flood tests read through (lib/store/counting.ts duck-types these). */
  get roundTrips() { return (this.inner as { roundTrips?: number }).roundTrips; }
  get writes() { return (this.inner as { writes?: number }).writes; }
  keyCount() { return (this.inner as { keyCount?: () => number | null }).keyCount?.() ?? null; }
}

/** Wraps the process's store once (idempotent): store calls made inside a traced request are recorded. */
export function timedStore(store: KeyValueStore, runtime: string): KeyValueStore {
  return (store as Partial<Record<typeof TIMED, boolean>>)[TIMED] ? store : new TimedStore(store, runtime);
}

// ---------------------------------------------------------------------------------------
// For the request timeline on the dashboards (app/ui/request-timeline.tsx).

export interface GateTiming {
  /** performance.now() when the gate started (a render's own clock). */
  startedAt: number;
  gateMs: number;
  /** The store round trips the gate made. */
  stores: TimingEntry[];
}

/** Runs a second gate, measuring it and the store round trips it makes. */
export async function timedGate<T>(gate: () => Promise<T>): Promise<{ result: T; timing: GateTiming }> {
  const startedAt = now();
  const { result, entries } = await traced(gate);
  return { result, timing: { startedAt, gateMs: now() - startedAt, stores: entries.filter((e) => e.name === "store") } };
}

/** Middleware's own entries, as it handed them to this request (TIMING_HEADER). */
export function middlewareTimings(headers: Headers): { middleware: TimingEntry | null; stores: TimingEntry[] } {
  const entries = parseServerTiming(headers.get(TIMING_HEADER));
  return { middleware: entries.find((e) => e.name === "mw") ?? null, stores: entries.filter((e) => e.name === "mw-store") };
}

export const elapsedSince = (startedAt: number) => now() - startedAt;

// ---------------------------------------------------------------------------------------
// A request middleware refused, for the login page's picture of it. Middleware redirects to
// login with this short-lived cookie (no credential in it: names, sizes, times); the login
// page draws it when it is about the page the user was sent from.

/**
 * Named and flagged like the credential cookies (lib/cookies.ts): `__Host-` and Secure in
 * production, so no sibling subdomain or plain-http page can plant one for the login page to
 * draw; plain `auth-refusal` in development over http://localhost.
 */
export const REFUSAL_COOKIE = cookieName("auth-refusal");
export const REFUSAL_COOKIE_OPTIONS = authCookieOptions(60);

export interface Refusal {
  /** The page middleware refused. */
  path: string;
  runtime: "edge" | "nodejs";
  reason: string;
  /** Middleware's time, and each store round trip it made. */
  ms: number;
  stores: number[];
  /** The credential cookie it was sent (name and size, never the value). */
  cookie: { name: string; bytes: number } | null;
  at: number;
}

/** What the login page of one lane accepts: its own reasons and credential cookie. */
export interface RefusalLane {
  reasons: readonly string[];
  cookieName: string;
}

/**
 * The cookie comes back from the browser, so it is checked like any client input: only the
 * lane's own reasons, the runtimes and cookie name middleware writes, bounded numbers and
 * strings, nothing else. A forged one with text of its own draws nothing.
 */
function refusalSchema(lane: RefusalLane) {
  const duration = z.number().nonnegative().max(60_000);
  return z.strictObject({
    path: z.string().startsWith("/").max(2048),
    runtime: z.enum(["edge", "nodejs"]),
    reason: z.string().refine((reason) => lane.reasons.includes(reason)),
    ms: duration,
    stores: z.array(duration).max(32),
    cookie: z.strictObject({ name: z.literal(lane.cookieName), bytes: z.number().int().nonnegative().max(1_000_000) }).nullable(),
    at: z.number().int().nonnegative(),
  });
}

/** The refusal cookie's record, if it is one this lane's middleware could have written (anything else: null). */
export function readRefusal(value: string | undefined, lane: RefusalLane): Refusal | null {
  const parsed = refusalSchema(lane).safeParse(parseJsonOrNull(value ?? null));
  return parsed.success ? parsed.data : null;
}
