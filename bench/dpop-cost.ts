/**
 * What a DPoP-checked request costs against a Bearer one, worked out from a run's results
 * (bench/dpop.ts measures them): for the report (bench/report.ts) and docs/benchmarks.md
 * (bench/benchmarks-doc.ts). Dependency-free, so the docs generator can import it.
 */
import type { MicroFigure, PairedFigure } from "./results";

/** The per-operation figures' ids (MicroFigure.id) and the pair's (PairedFigure.id). */
export const DPOP_IDS = {
  bearerVerify: "lib-jwt",
  dpopVerify: "jwt-dpop",
  jtiSpend: "dpop-jti-spend",
  request: "jwt-api-dpop",
  bearerRequest: "jwt-api-bearer-checked",
} as const;

/** What a DPoP check adds to a Bearer one: µs per operation, and app-server CPU ms per request. */
export interface DpopCost {
  perOperation: { bearerMicros: number; dpopMicros: number; jtiSpendMicros: number; extraMicros: number } | null;
  perRequest: { bearerCpuMs: number; dpopCpuMs: number; extraCpuMs: number; ratioThroughput: number; failedRequests: number } | null;
}

/** The DPoP figures of a run, or null for each part the run did not measure (results from before DPoP was benched). */
export function dpopCost(micro: readonly MicroFigure[], paired: readonly PairedFigure[] | undefined): DpopCost {
  const op = (id: string) => micro.find((m) => m.id === id)?.microsPerOp;
  const [bearerMicros, dpopMicros, jtiSpendMicros] = [op(DPOP_IDS.bearerVerify), op(DPOP_IDS.dpopVerify), op(DPOP_IDS.jtiSpend)];
  const pair = paired?.find((p) => p.id === DPOP_IDS.request);
  const [dpopCpuMs, bearerCpuMs] = [pair?.cpuMsPerRequest.server, pair?.referenceCpuMsPerRequest.server];
  return {
    perOperation:
      bearerMicros !== undefined && dpopMicros !== undefined && jtiSpendMicros !== undefined
        ? { bearerMicros, dpopMicros, jtiSpendMicros, extraMicros: dpopMicros + jtiSpendMicros - bearerMicros }
        : null,
    perRequest:
      pair && typeof dpopCpuMs === "number" && typeof bearerCpuMs === "number"
        ? { bearerCpuMs, dpopCpuMs, extraCpuMs: dpopCpuMs - bearerCpuMs, ratioThroughput: pair.ratioThroughput, failedRequests: pair.failedRequests }
        : null,
  };
}

/** The cost in one sentence each (the report's section, docs/benchmarks.md's figures). */
export function describeDpopCost(cost: DpopCost): { perOperation: string; perRequest: string } {
  const notMeasured = "not measured yet (run npm run bench)";
  const o = cost.perOperation;
  const r = cost.perRequest;
  return {
    perOperation: o
      ? `${o.dpopMicros.toFixed(0)} µs to verify a DPoP-bound token and its proof, and ${o.jtiSpendMicros.toFixed(0)} µs to spend the proof's jti (memory store), against ${o.bearerMicros.toFixed(0)} µs for the Bearer token alone: +${o.extraMicros.toFixed(0)} µs per check`
      : notMeasured,
    perRequest: r
      ? `${r.dpopCpuMs.toFixed(2)} vs ${r.bearerCpuMs.toFixed(2)} ms of app-server CPU per request (${r.extraCpuMs >= 0 ? "+" : "−"}${Math.abs(r.extraCpuMs).toFixed(2)} ms), ${r.ratioThroughput.toFixed(2)}× the Bearer requests' throughput, paired${r.failedRequests > 0 ? `, ${r.failedRequests} failed requests` : ""}; proofs signed before each run (the dpop package), one per request`
      : notMeasured,
  };
}
