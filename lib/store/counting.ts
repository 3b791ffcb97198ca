import type { CounterIncrement, KeyValueStore, SortedSetEntry, WriteCondition, WriteOp } from "./types";

/**
 * Counts calls to a store: each call is one round trip for the Redis store (writes are one
 * MULTI/EXEC). Only the benchmark turns it on
 * (STORE_ROUND_TRIP_COUNTER=on), to count the memory store's round trips the way the Upstash
 * stand-in counts Redis's.
 */
export class CountingStore implements KeyValueStore {
  roundTrips = 0;
  /** Of those, the calls that can change data (write, increment, writeIf, clear). */
  writes = 0;

  constructor(private readonly inner: KeyValueStore) {}

  get kind() {
    return this.inner.kind;
  }
  /** Live keys in the memory store (what flood and rotation tests watch); null for Redis. */
  keyCount(): number | null {
    const inner = this.inner as Partial<{ dump(): unknown[] }>;
    return typeof inner.dump === "function" ? inner.dump().length : null;
  }
  get(key: string) {
    this.roundTrips++;
    return this.inner.get(key);
  }
  getMany(keys: readonly string[]) {
    this.roundTrips++;
    return this.inner.getMany(keys);
  }
  ttlSeconds(key: string) {
    this.roundTrips++;
    return this.inner.ttlSeconds(key);
  }
  sortedSetEntries(key: string): Promise<SortedSetEntry[]> {
    this.roundTrips++;
    return this.inner.sortedSetEntries(key);
  }
  write(ops: readonly WriteOp[]) {
    this.roundTrips++;
    this.writes++;
    return this.inner.write(ops);
  }
  increment(counters: readonly CounterIncrement[]) {
    this.roundTrips++;
    this.writes++;
    return this.inner.increment(counters);
  }
  writeIf(condition: WriteCondition, ops: readonly WriteOp[]) {
    this.roundTrips++;
    this.writes++;
    return this.inner.writeIf(condition, ops);
  }
  clear() {
    this.roundTrips++;
    this.writes++;
    return this.inner.clear();
  }
}

/** Store calls made so far, when the counter is on (STORE_ROUND_TRIP_COUNTER=on); otherwise null. */
export function storeRoundTrips(store: KeyValueStore): number | null {
  // Duck-typed, not `instanceof`: the store may have been made by another bundle chunk's copy of the class.
  const counting = store as Partial<CountingStore>;
  return typeof counting.roundTrips === "number" ? counting.roundTrips : null;
}

/** Store calls that can change data, when the counter is on; otherwise null. */
export function storeWrites(store: KeyValueStore): number | null {
  const counting = store as Partial<CountingStore>;
  return typeof counting.writes === "number" ? counting.writes : null;
}

/** Live keys in the memory store, when the counter is on; otherwise null (Redis: ask Redis). */
export function storeKeyCount(store: KeyValueStore): number | null {
  const counting = store as Partial<CountingStore>;
  return typeof counting.keyCount === "function" ? counting.keyCount() : null;
}
