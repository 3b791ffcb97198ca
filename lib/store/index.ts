import { getConfig, type StoreConfig } from "../config";
import { MemoryStore } from "./memory";
import { UpstashStore } from "./upstash";
import { CountingStore } from "./counting";
import type { KeyValueStore } from "./types";

export type { CounterIncrement, KeyValueStore, WriteCondition, WriteOp, SortedSetEntry } from "./types";
export { StoreUnavailableError } from "./types";

// Kept on globalThis: Next.js may load this module more than once in one server process
// (route handlers and pages are bundled separately), and they must all share one store.
const STORE_KEY = Symbol.for("jwt-vs-session.store");
type GlobalWithStore = typeof globalThis & { [STORE_KEY]?: KeyValueStore };

function createStore(config: StoreConfig): KeyValueStore {
  const store = config.kind === "upstash" ? UpstashStore.connect(config.url, config.token) : new MemoryStore();
  // The benchmark's round-trip counter (off unless asked for; see app/bench/store-stats).
  return process.env.STORE_ROUND_TRIP_COUNTER === "on" ? new CountingStore(store) : store;
}

/** Store calls made so far, when STORE_ROUND_TRIP_COUNTER=on; otherwise null. */
export function storeRoundTrips(): number | null {
  // Duck-typed, not `instanceof`: the store may have been made by another bundle chunk's copy of the class.
  const store = getStore() as Partial<CountingStore>;
  return typeof store.roundTrips === "number" ? store.roundTrips : null;
}

/** Live keys in the memory store, when STORE_ROUND_TRIP_COUNTER=on; otherwise null (Redis: ask Redis). */
export function storeKeyCount(): number | null {
  const store = getStore() as Partial<CountingStore>;
  return typeof store.keyCount === "function" ? store.keyCount() : null;
}

/**
 * The process-wide store: Redis through Upstash's HTTP API when UPSTASH_REDIS_REST_URL and
 * UPSTASH_REDIS_REST_TOKEN are set, otherwise an in-memory map in this process.
 */
export function getStore(): KeyValueStore {
  const g = globalThis as GlobalWithStore;
  g[STORE_KEY] ??= createStore(getConfig().store);
  return g[STORE_KEY];
}

/**
 * Whether middleware (Edge runtime) can see the same sessions as the Node server. Redis over
 * HTTP: yes. The memory store: no, it lives in the Node process's heap, which the Edge
 * sandbox does not share.
 */
export function storeReachableFromEdge(): boolean {
  return getConfig().store.kind === "upstash";
}

/**
 * Whether middleware looks sessions up itself: only when it can (Redis), and unless
 * SESSION_EDGE_LOOKUP=off (the benchmark compares both; the page always looks it up).
 */
export function sessionLookupAtEdge(): boolean {
  return storeReachableFromEdge() && getConfig().session.edgeLookup;
}

/** One line for logs and the home page; never includes the token. */
export function describeStore(): string {
  const config = getConfig().store;
  return config.kind === "upstash"
    ? `Redis via Upstash REST at ${new URL(config.url).origin}`
    : "in-memory (this Node.js process only; not shared between instances or with the Edge runtime)";
}
