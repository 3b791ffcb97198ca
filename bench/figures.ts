/**
 * Looking a figure up in the results by its id, for the targets (bench/targets.ts) and the
 * prose of docs/benchmarks.md (bench/benchmarks-doc.ts). A figure that is not there throws
 * MissingFigure saying which, never a TypeError further on.
 */
import type { Results } from "./results";

export class MissingFigure extends Error {}

export function need<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new MissingFigure(what);
  return value;
}

export function figuresOf(r: Omit<Results, "targets">) {
  const paired = (id: string) => need(r.paired?.find((p) => p.id === id), `no paired run "${id}"`);
  const load = (id: string) => need(r.load.find((f) => f.id === id), `no load figure "${id}"`);
  return {
    /**
     * What one store round trip costs the app server on a store ("memory", "tcp", "rest"):
     * the round-trip fixture's app-server CPU per request less the same request's without
     * its GETs (same server, paired), per GET.
     */
    roundTripCpuMs: (store: string) => {
      const p = paired(`round-trips-${store}`);
      const scenario = need(p.cpuMsPerRequest.server, `no app-server CPU for "${p.id}"`);
      const reference = need(p.referenceCpuMsPerRequest.server, `no app-server CPU for "${p.reference}"`);
      return (scenario - reference) / need(p.extraRoundTripsPerRequest, `no round-trip count for "${p.id}"`);
    },
    load,
    paired,
    micro: (id: string) => need(r.micro.find((m) => m.id === id), `no per-operation figure "${id}"`),
    peer: (id: string) => need(r.peers.find((p) => p.id === id), `no peer figure "${id}"`),
    flood: (id: string) => need(r.floods.find((f) => f.id === id), `no flood "${id}"`),
    runtime: (scenario: string) => need(r.runtimes.find((x) => x.scenario === scenario), `no Edge vs Node.js figure "${scenario}"`),
  };
}
