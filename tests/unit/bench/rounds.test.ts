import { describe, expect, it } from "vitest";
import { median, timeInRounds } from "@/bench/rounds";

describe("single operations timed in rounds (bench/rounds.ts)", () => {
  it("the median is the middle value, or the mean of the two middle ones", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });

  it("times every task in every round, and keeps each round's mean per task", async () => {
    // Which task ran, in order, a run of calls to one task written once.
    const order: string[] = [];
    const ran = (id: string) => {
      if (order.at(-1) !== id) order.push(id);
    };
    const rounds = await timeInRounds(
      [
        ["sync", () => ran("sync")],
        ["async", async () => ran("async")],
      ],
      { timeMs: 5, warmupMs: 0, rounds: 3 },
    );
    expect([...rounds.keys()]).toEqual(["sync", "async"]);
    for (const values of rounds.values()) {
      expect(values).toHaveLength(3);
      for (const value of values) expect(value).toBeGreaterThan(0);
    }
    // Each round ran both tasks (tinybench warms each up, then times each): no round timed one task alone.
    expect(order.length).toBeGreaterThanOrEqual(6);
    expect(order.every((id, i) => id === (i % 2 ? "async" : "sync"))).toBe(true);
  });

  it("a task that throws stops the run with its name, never a figure", async () => {
    await expect(timeInRounds([["broken", () => { throw new Error("no"); }]], { timeMs: 5, warmupMs: 0, rounds: 2 })).rejects.toThrow(/broken/);
  });
});
