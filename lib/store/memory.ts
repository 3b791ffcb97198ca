import { checkTtls, type CounterIncrement, type KeyValueStore, type SortedSetEntry, type WriteCondition, type WriteOp } from "./types";
import { secondsUntil } from "../time";

interface Entry {
  value: string | Map<string, number>;
  expiresAtMs: number | null;
}

/** How many writes between sweeps of expired keys (reads expire keys lazily as well). */
const SWEEP_EVERY_WRITES = 1000;

/**
 * The default store: a Map inside this Node.js process. Fine for `npm run dev` and a single
 * server; it is not shared between server instances, and the Edge runtime (middleware)
 * cannot see it. `now` is injectable so tests control expiry.
 */
export class MemoryStore implements KeyValueStore {
  readonly kind = "memory";
  private readonly entries = new Map<string, Entry>();
  private writesSinceSweep = 0;

  constructor(private readonly now: () => number = Date.now) {}

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAtMs !== null && entry.expiresAtMs <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  async get(key: string): Promise<string | null> {
    const entry = this.live(key);
    return typeof entry?.value === "string" ? entry.value : null;
  }

  async getMany(keys: readonly string[]): Promise<(string | null)[]> {
    return Promise.all(keys.map((key) => this.get(key)));
  }

  async ttlSeconds(key: string): Promise<number | null> {
    const entry = this.live(key);
    if (!entry || entry.expiresAtMs === null) return null;
    return secondsUntil(entry.expiresAtMs, this.now());
  }

  async sortedSetEntries(key: string): Promise<SortedSetEntry[]> {
    const entry = this.live(key);
    if (!entry || typeof entry.value === "string") return [];
    return [...entry.value]
      .map(([member, score]) => ({ member, score }))
      .sort((a, b) => a.score - b.score || a.member.localeCompare(b.member));
  }

  async write(ops: readonly WriteOp[]): Promise<void> {
    this.validate(ops);
    // Then apply synchronously: nothing else runs on this thread in between, so the batch is atomic.
    for (const op of ops) this.apply(op);
    if (++this.writesSinceSweep >= SWEEP_EVERY_WRITES) this.sweep();
  }

  async writeIf({ key, expected }: WriteCondition, ops: readonly WriteOp[]): Promise<boolean> {
    this.validate(ops);
    // Compare and apply in one synchronous stretch: no other request can run in between.
    const entry = this.live(key);
    const current = typeof entry?.value === "string" ? entry.value : entry ? undefined : null;
    if (current !== expected) return false;
    for (const op of ops) this.apply(op);
    if (++this.writesSinceSweep >= SWEEP_EVERY_WRITES) this.sweep();
    return true;
  }

  /** Validates a batch before any of it is applied (stricter than Redis: a refused batch changes nothing). */
  private validate(ops: readonly WriteOp[]): void {
    checkTtls(ops);
    for (const op of ops) {
      const entry = this.live(op.key);
      if ((op.op === "zadd" || op.op === "zrem") && typeof entry?.value === "string") {
        throw new Error(`WRONGTYPE ${op.key} holds a string, not a sorted set`);
      }
    }
  }

  async increment(counters: readonly CounterIncrement[]): Promise<{ value: number; ttlSeconds: number }[]> {
    checkTtls(counters);
    for (const { key } of counters) {
      const entry = this.live(key);
      if (entry && (typeof entry.value !== "string" || !/^-?\d+$/.test(entry.value))) throw new Error(`ERR ${key} is not an integer`);
    }
    const now = this.now();
    if (++this.writesSinceSweep >= SWEEP_EVERY_WRITES) this.sweep();
    return counters.map(({ key, by, ttlSeconds }) => {
      const entry = this.live(key) ?? { value: "0", expiresAtMs: now + ttlSeconds * 1000 };
      entry.value = String(Number(entry.value) + by);
      this.entries.set(key, entry);
      const left = entry.expiresAtMs === null ? -1 : secondsUntil(entry.expiresAtMs, now);
      return { value: Number(entry.value), ttlSeconds: left };
    });
  }

  private apply(op: WriteOp): void {
    const now = this.now();
    switch (op.op) {
      case "set":
        if (op.onlyIfExists && !this.live(op.key)) return;
        this.entries.set(op.key, { value: op.value, expiresAtMs: now + op.ttlSeconds * 1000 });
        return;
      case "setPermanent":
        this.entries.set(op.key, { value: op.value, expiresAtMs: null });
        return;
      case "del":
        this.entries.delete(op.key);
        return;
      case "zadd": {
        const entry = this.live(op.key);
        if (entry && entry.value instanceof Map) entry.value.set(op.member, op.score);
        else this.entries.set(op.key, { value: new Map([[op.member, op.score]]), expiresAtMs: null });
        return;
      }
      case "zrem": {
        const entry = this.live(op.key);
        if (entry && entry.value instanceof Map) {
          entry.value.delete(op.member);
          if (entry.value.size === 0) this.entries.delete(op.key); // Redis drops empty sets too
        }
        return;
      }
      case "expire": {
        const entry = this.live(op.key);
        if (entry) entry.expiresAtMs = now + op.ttlSeconds * 1000;
        return;
      }
    }
  }

  async clear(): Promise<void> {
    this.entries.clear();
  }

  private sweep(): void {
    this.writesSinceSweep = 0;
    for (const key of [...this.entries.keys()]) this.live(key);
  }

  /** Every live key with its value, for tests that check what the store holds. */
  dump(): Array<{ key: string; value: string | Array<[string, number]> }> {
    this.sweep();
    return [...this.entries].map(([key, entry]) => ({
      key,
      value: typeof entry.value === "string" ? entry.value : [...entry.value],
    }));
  }
}
