/**
 * Single operations timed in rounds: every task once per round (tinybench), the rounds
 * repeated, and each task's median round reported. One long sample of a task swings with
 * whatever else the machine does at that moment; the median of several rounds, each with
 * every task in it, does not follow one busy second.
 */
import { Bench } from "tinybench";

/** A task as tinybench takes it: a synchronous one stays synchronous (no await timed with it). */
export type TimedTask = readonly [id: string, run: () => unknown];

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** The mean µs per call of each task, one entry per round, in round order. */
export async function timeInRounds(
  tasks: readonly TimedTask[],
  options: { timeMs: number; warmupMs: number; rounds: number },
): Promise<Map<string, number[]>> {
  const rounds = new Map(tasks.map(([id]) => [id, [] as number[]]));
  for (let round = 0; round < options.rounds; round++) {
    const bench = new Bench({ time: options.timeMs, warmupTime: options.warmupMs });
    for (const [id, run] of tasks) bench.add(id, run);
    await bench.run();
    for (const [id] of tasks) {
      const result = bench.getTask(id)?.result;
      if (!result || !("latency" in result)) throw new Error(`micro-benchmark ${id} did not complete`);
      rounds.get(id)!.push(result.latency.mean * 1000);
    }
  }
  return rounds;
}
