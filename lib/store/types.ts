/**
 * The key-value contract the session lane needs, shaped after Redis so that the Upstash
 * implementation is a thin mapping: string values with per-key TTLs, sorted sets for
 * per-user indexes, and atomic multi-key writes (MULTI/EXEC). Everything is async because
 * a real store is a network round trip away.
 */

export type WriteOp =
  /**
   * SET key value EX ttl [XX]: the TTL is attached in the same write, never as a second call.
   * `onlyIfExists` (XX) for updates: a record deleted meanwhile (logout) is not brought back.
   */
  | { op: "set"; key: string; value: string; ttlSeconds: number; onlyIfExists?: boolean }
  /** SET key value, no expiry: only for facts that outlive any token (a user's role). */
  | { op: "setPermanent"; key: string; value: string }
  | { op: "del"; key: string }
  /** ZADD key score member */
  | { op: "zadd"; key: string; member: string; score: number }
  /** ZREM key member */
  | { op: "zrem"; key: string; member: string }
  /** EXPIRE key ttl */
  | { op: "expire"; key: string; ttlSeconds: number };

/** A counter to add to: created at 0 with `ttlSeconds` when missing, its TTL never extended. */
export interface CounterIncrement {
  key: string;
  by: number;
  ttlSeconds: number;
}

export interface SortedSetEntry {
  member: string;
  score: number;
}

export interface KeyValueStore {
  /** "memory", "redis" (over TCP) or "upstash" (Redis over REST). */
  readonly kind: string;
  get(key: string): Promise<string | null>;
  /** One round trip for many keys (MGET); null where a key is missing. */
  getMany(keys: readonly string[]): Promise<(string | null)[]>;
  /** Seconds until the key expires; null when the key does not exist or never expires. */
  ttlSeconds(key: string): Promise<number | null>;
  /** All members of a sorted set, lowest score first (ZRANGE key 0 -1 WITHSCORES). */
  sortedSetEntries(key: string): Promise<SortedSetEntry[]>;
  /**
   * Applies the ops as one step (MULTI/EXEC): no reader sees a state in between. As in Redis,
   * an op that fails at run time (wrong type) makes the call reject but does not undo the
   * others, so callers build batches whose ops cannot fail that way.
   */
  write(ops: readonly WriteOp[]): Promise<void>;
  /**
   * Adds to counters that expire (SET key 0 EX ttl NX, INCRBY, TTL), all in one MULTI/EXEC:
   * a fixed window that starts with the first increment. Answers each counter's new value and
   * the seconds left in its window. What the login rate limiter counts with.
   */
  increment(counters: readonly CounterIncrement[]): Promise<{ value: number; ttlSeconds: number }[]>;
  /**
   * Compare-and-write: applies the ops as one step (like write()) only if `key` still holds
   * exactly `expected` (null: the key must be missing); answers whether it did. Nothing can
   * happen between the comparison and the writes (a Lua script on Redis), so of several
   * callers that read the same value and race to replace it, exactly one wins. What refresh
   * rotation claims a token with.
   */
  writeIf(condition: WriteCondition, ops: readonly WriteOp[]): Promise<boolean>;
  /**
   * Deletes every key (FLUSHDB): the demo's "Reset demo" (app/demo/reset.ts), off in
   * production unless asked for. Only for a store that holds nothing but this app's data.
   */
  clear(): Promise<void>;
}

/** Refuses a TTL Redis would not keep (0, -5, 1.5, NaN) before anything is sent: a `del` before it in the MULTI/EXEC would run, a counter would start with no expiry (a lockout that never ends). Every store runs it first; the message names no key (a key can hold a session token). */
export function checkTtls(items: readonly (WriteOp | CounterIncrement)[]): void {
  const bad = items.findIndex((item) => "ttlSeconds" in item && !(Number.isSafeInteger(item.ttlSeconds) && item.ttlSeconds > 0));
  if (bad >= 0) throw new Error(`invalid TTL in op ${bad + 1}: ${(items[bad] as { ttlSeconds: number }).ttlSeconds} (whole seconds, at least 1)`);
}

/** The value `key` must hold for writeIf to write; null means the key must not exist. */
export interface WriteCondition {
  key: string;
  expected: string | null;
}

/** Longest wait for one store round trip before it counts as an outage (503). */
export const STORE_TIMEOUT_MS = 2000;

/**
 * The store could not answer (network down, Redis stopped, an error reply). Callers turn
 * this into a 503: never into "signed out", and never into deleting cookies or records.
 */
const STORE_UNAVAILABLE = Symbol.for("jwt-vs-session.StoreUnavailableError");

/** What a page's error boundary sees of this error in production (Next.js keeps a thrown error's own digest). */
export const STORE_UNAVAILABLE_DIGEST = "STORE_UNAVAILABLE";

export class StoreUnavailableError extends Error {
  readonly [STORE_UNAVAILABLE] = true;
  readonly digest = STORE_UNAVAILABLE_DIGEST;
  /** False when the call was never sent (no connection, the eviction check): it cannot land later. */
  readonly sent: boolean;

  constructor(operation: string, cause: unknown, { sent = true }: { sent?: boolean } = {}) {
    super(`session store unavailable during ${operation}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = "StoreUnavailableError";
    this.sent = sent;
  }

  /**
   * Use this, not `instanceof`: Next.js can bundle this module into more than one chunk
   * (route handlers, pages, middleware), each with its own copy of the class.
   */
  static is(error: unknown): error is StoreUnavailableError {
    return typeof error === "object" && error !== null && (error as Record<symbol, unknown>)[STORE_UNAVAILABLE] === true;
  }
}

/** JSON.parse that answers null instead of throwing: store values are parsed, then validated with zod. */
export function parseJsonOrNull(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
