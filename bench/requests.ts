/**
 * Throughput and latency of one request, under load: autocannon against `next start`, a
 * warm-up and then a timed run, and the store traffic each request causes, counted exactly
 * on a pass of its own.
 */
import autocannon from "autocannon";
import { RUN, log, perSecond, runLength } from "./options";
import type { LoadFigure } from "./results";

/** Running totals of store round trips and commands (the stand-in's, or the memory server's counter). */
export type StoreCounter = () => Promise<{ roundTrips: number; commands: number; gets?: number }>;

export interface LoadScenario {
  id: string;
  label: string;
  lane: "baseline" | "jwt" | "session" | "authjs" | "better-auth";
  runtime: LoadFigure["runtime"];
  url: string;
  headers?: Record<string, string>;
  /** Headers made just before the scenario runs, instead of `headers` (a credential that ages, such as a cookie cache). */
  fresh?: () => Promise<Record<string, string>>;
  method?: "GET" | "POST";
  body?: string;
  store?: StoreCounter;
  /**
   * For an exact count whatever the timed run left in flight: signs in afresh just before
   * the counting pass and counts only the traffic that names that credential's own key.
   */
  counting?: () => Promise<{ headers: Record<string, string>; store: StoreCounter }>;
  /** The scenario this one is set against (see LoadFigure.reference). */
  reference?: string;
  note?: string;
}

/** A load figure before its ratios to its reference are worked out. */
export type Measured = Omit<LoadFigure, "ratioP50" | "ratioThroughput">;

/**
 * A store counter read once the server is quiet: requests a timed run left in flight (cut
 * off when its time was up) may still reach the store after it returned.
 */
async function settledCount(store: StoreCounter) {
  let last = await store();
  let quiet = 0;
  for (let i = 0; i < 200; i++) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    const now = await store();
    quiet = now.roundTrips === last.roundTrips && now.commands === last.commands && now.gets === last.gets ? quiet + 1 : 0;
    if (quiet === 8) return now; // 200 ms without a command
    last = now;
  }
  throw new Error("the store counter never settled: is something else loading the server?");
}

export async function runLoad(s: LoadScenario): Promise<Measured> {
  const options = { url: s.url, connections: RUN.connections, method: s.method ?? "GET", headers: s.fresh ? await s.fresh() : s.headers, body: s.body, sampleInt: RUN.sampleMs } as const;
  if (RUN.warmupSeconds > 0) await autocannon({ ...options, duration: RUN.warmupSeconds });
  else if (RUN.warmupRequests > 0) await autocannon({ ...options, amount: RUN.warmupRequests });
  // Measured by count (--quick), a scenario that counts its store traffic is measured on its
  // counting pass: every one of its requests answered, so it serves as both.
  const onCountingPass = RUN.loadRequests > 0 && s.store !== undefined;
  let result = onCountingPass ? undefined : await autocannon({ ...options, ...runLength(RUN.loadRequests, RUN.loadSeconds) });
  // Store traffic is counted on a pass of its own, a fixed number of requests that all get
  // their answer, between two quiet readings: an exact count, not a rate.
  let perRequest: Pick<Measured, "storeRoundTripsPerRequest" | "storeCommandsPerRequest" | "storeGetsPerRequest"> = { storeRoundTripsPerRequest: null, storeCommandsPerRequest: null, storeGetsPerRequest: null };
  if (s.store) {
    const own = s.counting ? await s.counting() : null;
    const store = own?.store ?? s.store;
    const before = await settledCount(store);
    const counted = await autocannon({ ...options, headers: own?.headers ?? options.headers, amount: RUN.countedRequests });
    const after = await settledCount(store);
    const n = counted.requests.total;
    perRequest = {
      storeRoundTripsPerRequest: (after.roundTrips - before.roundTrips) / n,
      storeCommandsPerRequest: (after.commands - before.commands) / n,
      storeGetsPerRequest: before.gets !== undefined && after.gets !== undefined ? (after.gets - before.gets) / n : null,
    };
    result ??= counted;
  }
  if (!result) throw new Error(`${s.id}: measured on a counting pass, but it counts no store traffic`);
  log(`${s.label}: ${perSecond(result).toFixed(0)} req/s, p50 ${result.latency.p50} ms`);
  return {
    id: s.id,
    label: s.label,
    lane: s.lane,
    runtime: s.runtime,
    requestsPerSecond: perSecond(result),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    ...perRequest,
    reference: s.reference ?? null,
    note: s.note,
  };
}

/** The guarded scenarios of one server, each set against that server's passthrough. */
export function pageAndApi(prefix: string, label: string, base: string, runtime: LoadFigure["runtime"], store: LoadScenario["store"], extra: Omit<LoadScenario, "runtime" | "store" | "reference">[]): LoadScenario[] {
  const passthrough = `${prefix}passthrough`;
  return [
    { id: passthrough, label: `passthrough: middleware, no guard${label}`, lane: "baseline", runtime, url: `${base}/bench/passthrough`, store },
    ...extra.map((s) => ({ ...s, runtime, store, reference: s.id.startsWith("login-") ? undefined : passthrough })),
  ];
}

/** Each figure's ratios to the figure it is set against (a single run each: see bench/pairs.ts for the judged ones). */
export function withRatios(raw: Measured[]): LoadFigure[] {
  const byId = (id: string) => raw.find((f) => f.id === id)!;
  return raw.map((f) => {
    const reference = f.reference ? byId(f.reference) : null;
    return {
      ...f,
      ratioP50: reference ? f.p50Ms / Math.max(reference.p50Ms, 0.001) : null,
      ratioThroughput: reference ? f.requestsPerSecond / reference.requestsPerSecond : null,
    };
  });
}
