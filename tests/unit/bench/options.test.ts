import { describe, expect, it } from "vitest";
import { FULL_RUN, RUN, perSecond, runLength } from "@/bench/options";

describe("how long each autocannon run of the bench lasts", () => {
  it("goes by duration in a full run, on autocannon's own one-second tick, its req/s as autocannon averages them", () => {
    expect(RUN).toBe(FULL_RUN); // no --quick here
    expect(runLength(FULL_RUN.loadRequests, FULL_RUN.loadSeconds)).toEqual({ duration: FULL_RUN.loadSeconds });
    expect(runLength(FULL_RUN.pairedRequests, FULL_RUN.pairedSeconds)).toEqual({ duration: FULL_RUN.pairedSeconds });
    expect(FULL_RUN.sampleMs).toBe(1_000);
    expect(perSecond({ requests: { average: 123.45 } })).toBe(123.45);
  });

  it("goes by count when given one, whatever the seconds", () => {
    expect(runLength(40, 5)).toEqual({ amount: 40 });
  });
});
