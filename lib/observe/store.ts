import type { CounterIncrement, KeyValueStore, SortedSetEntry, WriteCondition, WriteOp } from "../store/types";
import { recordTiming } from "./trace";

const OBSERVED = Symbol.for("jwt-vs-session.observed-store");

/** How each store's round trips are named: the store and the protocol it speaks ("redis tcp get"). */
const STORE_LABELS: Record<string, string> = { memory: "memory", redis: "redis tcp", upstash: "upstash rest" };

/**
 * The store as the demo watches it: each call is one round trip (a write is one MULTI/EXEC on
 * Redis). It adds a `store` entry to the request being traced (Server-Timing, the timeline)
 * and counts round trips and writes for the benchmark and the flood tests (/bench/store-stats).
 */
class ObservedStore implements KeyValueStore {
  readonly [OBSERVED] = true;
  roundTrips = 0;
  /** Of those, the calls that can change data (write, increment, writeIf, clear). */
  writes = 0;

  constructor(private readonly inner: KeyValueStore, private readonly runtime: string) {}

  get kind() {
    return this.inner.kind;
  }

  private async call<T>(name: string, writes: boolean, work: () => Promise<T>): Promise<T> {
    this.roundTrips++;
    if (writes) this.writes++;
    const startMs = performance.now();
    try {
      return await work();
    } finally {
      recordTiming({ name: "store", description: `${STORE_LABELS[this.inner.kind] ?? this.inner.kind} ${name} (${this.runtime})`, durationMs: performance.now() - startMs, startMs });
    }
  }

  get(key: string) { return this.call("get", false, () => this.inner.get(key)); }
  getMany(keys: readonly string[]) { return this.call("mget", false, () => this.inner.getMany(keys)); }
  ttlSeconds(key: string) { return this.call("ttl", false, () => this.inner.ttlSeconds(key)); }
  sortedSetEntries(key: string): Promise<SortedSetEntry[]> { return this.call("zrange", false, () => this.inner.sortedSetEntries(key)); }
  write(ops: readonly WriteOp[]) { return this.call("write", true, () => this.inner.write(ops)); }
  increment(counters: readonly CounterIncrement[]) { return this.call("increment", true, () => this.inner.increment(counters)); }
  writeIf(condition: WriteCondition, ops: readonly WriteOp[]) { return this.call("write-if", true, () => this.inner.writeIf(condition, ops)); }
  clear() { return this.call("clear", true, () => this.inner.clear()); }

  /** Live keys in the memory store (what flood and rotation tests watch); null for Redis. */
  keyCount(): number | null {
    const inner = this.inner as Partial<{ dump(): unknown[] }>;
    return typeof inner.dump === "function" ? inner.dump().length : null;
  }
}

/** Wraps the process's store once (idempotent). */
export function observeStore(store: KeyValueStore, runtime: string): KeyValueStore {
  return (store as Partial<Record<typeof OBSERVED, boolean>>)[OBSERVED] ? store : new ObservedStore(store, runtime);
}

/** Round trips, writes and live keys so far; null when the store is not observed. Duck-typed: another chunk may have made it. */
export function storeStats(store: KeyValueStore): { roundTrips: number; writes: number; keys: number | null } | null {
  const observed = store as Partial<ObservedStore>;
  if (typeof observed.roundTrips !== "number" || typeof observed.keyCount !== "function") return null;
  return { roundTrips: observed.roundTrips, writes: observed.writes ?? 0, keys: observed.keyCount() };
}
