/**
 * How long and how hard `npm run bench` measures, in one place: a full run, and `--quick`
 * (seconds: the CI smoke test, rough figures). docs/benchmarks.md quotes the full run's
 * settings from here. Dependency-free, so the docs generator can import it.
 */

export const FULL_RUN = {
  /** autocannon connections, for every load and paired run. */
  connections: 10,
  /** Each load scenario: warmed, then measured (req/s, latency). */
  loadSeconds: 10,
  /**
   * Load before measuring, for each scenario: without it the first lanes measured are the
   * ones still being compiled by V8 (the JWT lanes run jose both in the Edge sandbox and on
   * Node.js, so they warm up last), and a cold JWT API looked like half a session API.
   */
  warmupSeconds: 3,
  /** Or, when warmupSeconds is 0, this many requests (--quick). */
  warmupRequests: 0,
  /**
   * Or, when above 0 (--quick), each scenario is measured on this many requests, every one
   * answered, instead of for loadSeconds; one that counts its store traffic is then measured
   * on its counting pass (countedRequests), not run a second time.
   */
  loadRequests: 0,
  /** Requests in each scenario's store-counting pass (a fixed number, every one answered). */
  countedRequests: 200,
  /**
   * Ratios that targets judge are measured again, paired: reference, scenario, reference, …
   * (A/B/A), each scenario run set against the mean of the two reference runs around it, and
   * the median over the rounds reported. One run of each, minutes apart, moved ±20–30% on
   * this 2-core machine; adjacent runs of the same server drift together.
   */
  pairedRounds: 3,
  pairedSeconds: 5,
  pairedWarmupSeconds: 1,
  /** Or, when above 0 (--quick), each paired run is this many requests instead of pairedSeconds. */
  pairedRequests: 0,
  /**
   * autocannon's sampling tick (ms; 1,000 is its default): a run ends only on a tick, so every
   * run, by duration or by count, lasts at least one, and each sample counts the requests
   * answered in one tick (requestsPerSecond scales them to a second).
   */
  sampleMs: 1_000,
  /** tinybench, per operation (ours and the peers'). */
  microTimeMs: 1_000,
  microWarmupMs: 200,
  /** Rounds of every operation; each figure is its median round (bench/rounds.ts). */
  microRounds: 5,
  /** Requests per flood (the target is stated for 20k refused sign-ins). */
  floodSize: 20_000,
  /** Sessions stored when the per-user operations are timed, and the timed iterations at each size. */
  scaleSizes: [10_000, 100_000, 1_000_000],
  scaleIterations: 100,
};

/**
 * Only proves the harness runs end to end (CI); its figures are not read. Every run goes by a
 * count of requests (a cold page's first answers can miss a run by duration entirely), and on
 * a 25 ms tick a run lasts about as long as its requests, not a second or more (autocannon's
 * default tick cost about two minutes of CI over the scenarios and pairs). The pairs run on
 * servers the load scenarios have warmed, and skip their warm-up. The cheapest request paired
 * costs its app server about a millisecond of CPU, so a paired run's 40 requests keep that
 * server's CPU time a few clock ticks (10 ms each) above zero.
 */
export const QUICK_RUN: typeof FULL_RUN = {
  connections: 10,
  loadSeconds: 0,
  warmupSeconds: 0,
  warmupRequests: 20,
  loadRequests: 20,
  countedRequests: 20,
  pairedRounds: 1,
  pairedSeconds: 0,
  pairedWarmupSeconds: 0,
  pairedRequests: 40,
  sampleMs: 25,
  microTimeMs: 100,
  microWarmupMs: 20,
  microRounds: 2,
  floodSize: 500,
  scaleSizes: [1_000, 5_000],
  scaleIterations: 20,
};

export const quick = process.argv.includes("--quick");
export const RUN = quick ? QUICK_RUN : FULL_RUN;

/** How long one autocannon run lasts: this many requests if above 0, or else these seconds. */
export function runLength(requests: number, seconds: number): { amount: number } | { duration: number } {
  return requests > 0 ? { amount: requests } : { duration: seconds };
}

/** Requests a second from an autocannon result (its samples count the requests of one tick each). */
export function perSecond(result: { requests: { average: number } }): number {
  return result.requests.average * (1_000 / RUN.sampleMs);
}

/** Progress goes to stderr; stdout is the results table. */
export function log(message: string) {
  console.error(`[bench] ${message}`);
}

/**
 * Store GETs per request in the round-trip fixture (/bench/round-trips?n=…), set against the
 * same request with none on the same server: the CPU difference divided by this is what one
 * round trip costs the app server.
 */
export const FIXTURE_ROUND_TRIPS = 8;

