import { describe, expect, it } from "vitest";
import { cpuMs } from "@/bench/cpu";

describe("bench/cpu.ts", () => {
  it("reads this process's CPU time from /proc as Node's own accounting does", () => {
    const before = { proc: cpuMs([process.pid])!, node: process.cpuUsage() };
    let spin = 0;
    const node = () => {
      const used = process.cpuUsage(before.node);
      return (used.user + used.system) / 1000;
    };
    while (node() < 300) spin += Math.sqrt(spin + 1); // 300 ms of CPU, however long that takes
    const proc = cpuMs([process.pid])! - before.proc;
    expect(spin).toBeGreaterThan(0);
    // Clock ticks are 10 ms; the two readings are not taken at the same instant.
    expect(proc).toBeGreaterThan(node() - 50);
    expect(proc).toBeLessThan(node() + 50);
  });

  it("counts nothing for an id no process has", () => {
    expect(cpuMs([2 ** 30])).toBe(0);
  });
});
