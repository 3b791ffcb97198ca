/**
 * The key-value contract the session area needs, shaped after Redis so that the Upstash
 * implementation is a thin mapping: string values with per-key TTLs, sorted sets for
 * per-user indexes, and atomic multi-key writes (MULTI/EXEC). Everything is async because
 * a real store is a network round trip away.
 */

export type WriteOp =
  /** SET key value [EX ttl]: a TTL is always attached in the same write, never as a second call. */
  | { op: "set"; key: string; value: string; ttlSeconds: number }
  | { op: "del"; key: string }
  /** ZADD key score member */
  | { op: "zadd"; key: string; member: string; score: number }
  /** ZREM key member */
  | { op: "zrem"; key: string; member: string }
  /** EXPIRE key ttl */
  | { op: "expire"; key: string; ttlSeconds: number };

export interface SortedSetEntry {
  member: string;
  score: number;
}

export interface KeyValueStore {
  /** "memory" or "upstash": shown on the home page. */
  readonly kind: string;
  get(key: string): Promise<string | null>;
  /** One round trip for many keys (MGET); null where a key is missing. */
  getMany(keys: readonly string[]): Promise<(string | null)[]>;
  /** Seconds until the key expires; null when the key does not exist or never expires. */
  ttlSeconds(key: string): Promise<number | null>;
  /** All members of a sorted set, lowest score first (ZRANGE key 0 -1 WITHSCORES). */
  sortedSetEntries(key: string): Promise<SortedSetEntry[]>;
  /** Applies every op or none, and no reader sees a state in between. */
  write(ops: readonly WriteOp[]): Promise<void>;
}
