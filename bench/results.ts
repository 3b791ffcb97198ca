/** What `npm run bench` measures, as bench/results.json holds it (the figures and the targets' verdicts). */

export interface LoadFigure {
  id: string;
  label: string;
  lane: string;
  /** Where middleware ran: the real build (edge) or the scratch copy (nodejs); null: not at all. */
  runtime: "edge" | "nodejs" | null;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  /** HTTP requests to the store (Redis: the stand-in's requests; memory: calls counted). */
  storeRoundTripsPerRequest: number | null;
  /** Store commands (Redis: counted by the stand-in, a pipeline counts each; memory: calls). */
  storeCommandsPerRequest: number | null;
  /** Of those, GET commands (Redis only): the session lookups. */
  storeGetsPerRequest: number | null;
  /** The scenario this one is set against: its server's passthrough (the guard's cost), or the baseline. */
  reference: string | null;
  ratioP50: number | null;
  ratioThroughput: number | null;
  note?: string;
}

/**
 * One scenario set against its reference in rounds: reference, scenario, reference, … Each
 * run of the scenario is divided by the mean of the two reference runs around it; the ratio
 * reported is the median over the rounds, the ones it came from are kept.
 */
export interface PairedFigure {
  id: string;
  label: string;
  reference: string;
  referenceLabel: string;
  rounds: number;
  /** Medians over the runs. */
  requestsPerSecond: number;
  p50Ms: number;
  referenceRequestsPerSecond: number;
  referenceP50Ms: number;
  ratiosP50: number[];
  ratiosThroughput: number[];
  ratioP50: number;
  ratioThroughput: number;
  /** Non-2xx answers and errors over every run of the pair (0 in a sound run). */
  failedRequests: number;
  /** CPU time per request, by process (medians over the runs); null where not measured. */
  cpuMsPerRequest: CpuPerRequest;
  referenceCpuMsPerRequest: CpuPerRequest;
  /** Store round trips each request of the scenario made more than its reference's (the round-trip fixture). */
  extraRoundTripsPerRequest?: number;
  note?: string;
}

/**
 * CPU time (ms) one request cost each process, from /proc (bench/cpu.ts): the app server
 * (next start and its children), redis-server, and the bench's own process (autocannon, and
 * on Redis the Upstash stand-in). All of them share the machine's cores.
 */
export interface CpuPerRequest {
  server: number | null;
  redis: number | null;
  bench: number | null;
}

export interface MicroFigure {
  id: string;
  label: string;
  /** The median of the rounds (bench/rounds.ts); the ratio is each round's against that round's floor. */
  microsPerOp: number;
  ratioToFloor: number | null;
  /** Every round's mean, µs per call (absent in results from before rounds). */
  roundsMicros?: number[];
}

export interface PeerFigure {
  id: string;
  label: string;
  microsPerOp: number;
  roundsMicros?: number[];
  /** Which of our operations it is set against, and ours / theirs. */
  ours: string;
  oursMicrosPerOp: number;
  ratio: number;
}

/** The same request to both builds, measured in pairs (see PairedFigure): medians. */
export interface RuntimeFigure {
  scenario: string;
  edge: { requestsPerSecond: number; p50Ms: number };
  nodejs: { requestsPerSecond: number; p50Ms: number };
  /** Node.js / Edge throughput, each round, and their median. */
  ratiosThroughput: number[];
  ratioThroughput: number;
}

export interface FloodFigure {
  id: string;
  label: string;
  count: number;
  seconds: number;
  /** After a full GC, before and after the flood (the server's own process). */
  rssGrowthBytes: number;
  heapGrowthBytes: number;
  storeKeysGrowth: number;
  answers: Record<string, number>;
}

export interface ScaleFigure {
  sessionsStored: number;
  listMs: number;
  evictAtLoginMs: number;
  seedsKeysScanMs: number;
}

export interface CookieFigure {
  lane: string;
  cookies: string;
  browserBytes: number;
  serverBytesPerSession: number | null;
  /** Why there is no server figure, when there is none. */
  serverNotMeasured?: string;
}

export interface Target {
  name: string;
  figure: string;
  met: boolean;
}

export interface Results {
  date: string;
  quick: boolean;
  machine: Record<string, string | number>;
  versions: Record<string, string>;
  load: LoadFigure[];
  paired: PairedFigure[];
  runtimes: RuntimeFigure[];
  micro: MicroFigure[];
  peers: PeerFigure[];
  floods: FloodFigure[];
  scale: ScaleFigure[];
  cookies: CookieFigure[];
  targets: Target[];
  /** Process ids the run started (servers, redis-server): the harness test checks they are gone. */
  startedPids: number[];
}

