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
  /**
   * Or, when warmupSeconds is 0, this many requests (--quick): an autocannon run by duration
   * lasts at least a second, one by count only as long as its requests.
   */
  warmupRequests: 0,
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
  /** tinybench, per operation (ours and the peers'). */
  microTimeMs: 1_000,
  microWarmupMs: 200,
  /** Requests per flood (the target is stated for 20k refused sign-ins). */
  floodSize: 20_000,
  /** Sessions stored when the per-user operations are timed, and the timed iterations at each size. */
  scaleSizes: [10_000, 100_000, 1_000_000],
  scaleIterations: 100,
};

/**
 * Only proves the harness runs end to end (CI); its figures are not read. An autocannon run
 * lasts at least a second whatever its duration (its sampling tick), so the pairs, which run
 * on servers the load scenarios have warmed, skip theirs (three seconds a pair, about 70 s of
 * CI). A load scenario warms with a count of requests instead (a cold page's first answers can
 * miss a run entirely), which saves about a second a scenario.
 */
const QUICK_RUN: typeof FULL_RUN = {
  connections: 10,
  loadSeconds: 0.5,
  warmupSeconds: 0,
  warmupRequests: 20,
  countedRequests: 20,
  pairedRounds: 1,
  pairedSeconds: 0.3,
  pairedWarmupSeconds: 0,
  microTimeMs: 100,
  microWarmupMs: 20,
  floodSize: 500,
  scaleSizes: [1_000, 5_000],
  scaleIterations: 20,
};

export const quick = process.argv.includes("--quick");
export const RUN = quick ? QUICK_RUN : FULL_RUN;

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

