/**
 * Paired measurements, for every ratio a target judges: reference, scenario, reference, …
 * (A/B/A), each run of the scenario set against the mean of the two reference runs around
 * it, the median over the rounds reported and every round kept. Also the CPU time each
 * request cost each process, read from /proc around each run.
 */
import autocannon from "autocannon";
import { cpuMs } from "./cpu";
import { RUN, log, perSecond, runLength } from "./options";
import type { CpuPerRequest, PairedFigure } from "./results";
import { redisPids, serverPids } from "./servers";
import { median } from "./rounds";

/** What a paired measurement runs: a load scenario's request, or a peer route's. */
export interface PairSide {
  id: string;
  label: string;
  url: string;
  headers?: Record<string, string>;
  /** Headers made just before each run, instead of `headers` (bench/requests.ts LoadScenario.fresh). */
  fresh?: () => Promise<Record<string, string>>;
  /**
   * Headers of their own for every request (a DPoP proof is good once: bench/dpop.ts): made
   * ready just before each run, then asked for synchronously as autocannon builds each request.
   */
  perRequest?: () => Promise<() => Record<string, string>>;
}

/** One run of one side: its throughput, latency, failures and CPU time per request. */
async function once(side: PairSide) {
  const headers = side.fresh ? await side.fresh() : side.headers;
  const own = side.perRequest ? await side.perRequest() : null;
  // autocannon builds the request again before each send when it has a setupRequest.
  const requests = own ? [{ setupRequest: (request: autocannon.Request) => ({ ...request, headers: { ...request.headers, ...own() } }) }] : undefined;
  const options = { url: side.url, connections: RUN.connections, headers, requests, sampleInt: RUN.sampleMs } as const;
  if (RUN.pairedWarmupSeconds > 0) await autocannon({ ...options, duration: RUN.pairedWarmupSeconds });
  const server = serverPids.get(new URL(side.url).port);
  const read = () => ({ server: server ? cpuMs([server]) : null, redis: redisPids.length ? cpuMs(redisPids) : null, bench: process.cpuUsage() });
  const before = read();
  const result = await autocannon({ ...options, ...runLength(RUN.pairedRequests, RUN.pairedSeconds) });
  const after = read();
  const n = Math.max(result.requests.total, 1);
  const perRequest = (a: number | null, b: number | null) => (a === null || b === null ? null : (b - a) / n);
  const benchUsage = process.cpuUsage(before.bench);
  return {
    requestsPerSecond: perSecond(result),
    p50Ms: result.latency.p50,
    failed: result.non2xx + result.errors,
    cpu: { server: perRequest(before.server, after.server), redis: perRequest(before.redis, after.redis), bench: (benchUsage.user + benchUsage.system) / 1000 / n },
  };
}

type Run = Awaited<ReturnType<typeof once>>;

function cpuMedian(runs: Run[]): CpuPerRequest {
  const of = (key: keyof CpuPerRequest) => {
    const values = runs.map((run) => run.cpu[key]).filter((v): v is number => v !== null);
    return values.length === runs.length ? median(values) : null;
  };
  return { server: of("server"), redis: of("redis"), bench: of("bench") };
}

export async function runPaired(scenario: PairSide, reference: PairSide, note?: string): Promise<PairedFigure> {
  const references = [await once(reference)];
  const runs: Run[] = [];
  for (let round = 0; round < RUN.pairedRounds; round++) {
    runs.push(await once(scenario));
    references.push(await once(reference));
  }
  const around = (i: number, key: "requestsPerSecond" | "p50Ms") => (references[i][key] + references[i + 1][key]) / 2;
  const ratiosP50 = runs.map((run, i) => run.p50Ms / Math.max(around(i, "p50Ms"), 0.001));
  const ratiosThroughput = runs.map((run, i) => run.requestsPerSecond / around(i, "requestsPerSecond"));
  log(`${scenario.label} vs ${reference.label}: p50 ×${ratiosP50.map((r) => r.toFixed(2)).join(" ")}, throughput ×${ratiosThroughput.map((r) => r.toFixed(2)).join(" ")}`);
  return {
    id: scenario.id,
    label: scenario.label,
    reference: reference.id,
    referenceLabel: reference.label,
    rounds: RUN.pairedRounds,
    requestsPerSecond: median(runs.map((run) => run.requestsPerSecond)),
    p50Ms: median(runs.map((run) => run.p50Ms)),
    referenceRequestsPerSecond: median(references.map((run) => run.requestsPerSecond)),
    referenceP50Ms: median(references.map((run) => run.p50Ms)),
    ratiosP50,
    ratiosThroughput,
    ratioP50: median(ratiosP50),
    ratioThroughput: median(ratiosThroughput),
    failedRequests: [...runs, ...references].reduce((n, run) => n + run.failed, 0),
    cpuMsPerRequest: cpuMedian(runs),
    referenceCpuMsPerRequest: cpuMedian(references),
    note,
  };
}
