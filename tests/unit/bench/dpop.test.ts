import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { DPOP_IDS, describeDpopCost, dpopCost } from "@/bench/dpop-cost";
import { PROOFS_PER_SECOND, dpopOperations, proofSupply, proofsForRun } from "@/bench/dpop";
import { FIGURES, RESULTS_FILE } from "@/bench/benchmarks-doc";
import { renderMarkdown } from "@/bench/report";
import { benchJwtSettings } from "@/bench/settings";
import type { MicroFigure, PairedFigure, Results } from "@/bench/results";
import { passingResults } from "./fixture-results";

const micro = (id: string, microsPerOp: number): MicroFigure => ({ id, label: id, microsPerOp, ratioToFloor: null });
const pair = (serverMs: number, referenceServerMs: number, failedRequests = 0): PairedFigure => ({
  ...passingResults().paired[0],
  id: DPOP_IDS.request,
  reference: DPOP_IDS.bearerRequest,
  ratioThroughput: 0.8,
  failedRequests,
  cpuMsPerRequest: { server: serverMs, redis: null, bench: 0.1 },
  referenceCpuMsPerRequest: { server: referenceServerMs, redis: null, bench: 0.1 },
});
const measured = () => ({
  micro: [micro(DPOP_IDS.bearerVerify, 45), micro(DPOP_IDS.dpopVerify, 260), micro(DPOP_IDS.jtiSpend, 12)],
  paired: [pair(4.1, 3.3)],
});

describe("the DPoP proofs a paired run sends", () => {
  it("are enough for the run's seconds at PROOFS_PER_SECOND, autocannon's one-second floor and a second to spare", () => {
    expect(proofsForRun({ pairedSeconds: 5, pairedWarmupSeconds: 1, pairedRequests: 0 })).toBe(7 * PROOFS_PER_SECOND);
    expect(proofsForRun({ pairedSeconds: 0.3, pairedWarmupSeconds: 0, pairedRequests: 0 })).toBe(2 * PROOFS_PER_SECOND); // no warm-up, a run lasts a second anyway
  });

  it("are twice the requests of a run by count (--quick), none of them signed for seconds it does not run", () => {
    expect(proofsForRun({ pairedSeconds: 0, pairedWarmupSeconds: 0, pairedRequests: 100 })).toBe(200);
    expect(proofsForRun({ pairedSeconds: 0, pairedWarmupSeconds: 1, pairedRequests: 100 })).toBe(2 * PROOFS_PER_SECOND + 200);
  });

  it("are handed out once each, in order, and running out is an error, never a proof sent twice", () => {
    const next = proofSupply(["a", "b"]);
    expect([next(), next()]).toEqual(["a", "b"]);
    expect(() => next()).toThrow(/all 2 DPoP proofs signed for this run are spent/);
  });
});

describe("the per-operation tasks", () => {
  it("verify a bound token and its proof, and spend a new jti each time (each answer checked)", async () => {
    const tasks = await dpopOperations(benchJwtSettings());
    expect(tasks.map((t) => t.id)).toEqual([DPOP_IDS.dpopVerify, DPOP_IDS.jtiSpend]);
    for (const task of tasks) {
      expect(await task.check(), task.id).toBe(true);
      expect(await task.check(), `${task.id} again`).toBe(true); // the spend uses a new jti each call
    }
  });
});

describe("what a DPoP check costs against Bearer", () => {
  it("adds the proof's verify and the jti's write to the token's verify, and the CPU per request to Bearer's", () => {
    const { micro: ops, paired } = measured();
    const cost = dpopCost(ops, paired);
    expect(cost.perOperation).toEqual({ bearerMicros: 45, dpopMicros: 260, jtiSpendMicros: 12, extraMicros: 227 });
    expect(cost.perRequest?.extraCpuMs).toBeCloseTo(0.8);
    expect(describeDpopCost(cost)).toEqual({
      perOperation: "260 µs to verify a DPoP-bound token and its proof, and 12 µs to spend the proof's jti (memory store), against 45 µs for the Bearer token alone: +227 µs per check",
      perRequest: "4.10 vs 3.30 ms of app-server CPU per request (+0.80 ms), 0.80× the Bearer requests' throughput, paired; proofs signed before each run (the dpop package), one per request",
    });
    expect(describeDpopCost(dpopCost(ops, [pair(4.1, 3.3, 7)])).perRequest).toContain(", 7 failed requests;");
  });

  it("says 'not measured yet' for results from before it was measured, in the report and in docs/benchmarks.md", () => {
    const old = JSON.parse(readFileSync(RESULTS_FILE, "utf8")) as Results;
    const stripped = { ...old, micro: old.micro.filter((m) => m.id !== DPOP_IDS.dpopVerify), paired: old.paired.filter((p) => p.id !== DPOP_IDS.request) };
    expect(describeDpopCost(dpopCost(stripped.micro, stripped.paired))).toEqual({ perOperation: "not measured yet (run npm run bench)", perRequest: "not measured yet (run npm run bench)" });
    expect(FIGURES["dpop-request"](stripped)).toBe("not measured yet (run npm run bench)");
  });

  it("reaches the report and the document's figures from the results", () => {
    const results = { ...passingResults(), targets: [], ...measured() };
    results.micro.push(micro("floor", 5));
    expect(renderMarkdown(results as Results)).toContain("| per request (/api/jwt/me, paired) | 4.10 vs 3.30 ms of app-server CPU per request (+0.80 ms)");
    expect(FIGURES["dpop-operation"](results as Results)).toMatch(/^260 µs to verify/);
  });
});
