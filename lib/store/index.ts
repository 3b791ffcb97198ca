import { storeConfig, type StoreConfig } from "../config";
import { MemoryStore } from "./memory";
import { UpstashStore } from "./upstash";
import type { KeyValueStore } from "./types";

export type { CounterIncrement, KeyValueStore, WriteCondition, WriteOp, SortedSetEntry } from "./types";
export { StoreUnavailableError, parseJsonOrNull } from "./types";

// Kept on globalThis: Next.js may load this module more than once in one server process
// (route handlers and pages are bundled separately), and they must all share one store.
const STORE_KEY = Symbol.for("jwt-vs-session.store");
type GlobalWithStore = typeof globalThis & { [STORE_KEY]?: KeyValueStore };

function createStore(config: StoreConfig): KeyValueStore {
  return config.kind === "upstash" ? UpstashStore.connect(config.url, config.token) : new MemoryStore();
}

/**
 * The process-wide store: Redis through Upstash's HTTP API when UPSTASH_REDIS_REST_URL and
 * UPSTASH_REDIS_REST_TOKEN are set, otherwise an in-memory map in this process.
 */
export function getStore(): KeyValueStore {
  const g = globalThis as GlobalWithStore;
  g[STORE_KEY] ??= createStore(storeConfig());
  return g[STORE_KEY];
}

/** Puts another store in place of this process's store (the benchmark's counter wraps the real one). */
export function replaceStore(store: KeyValueStore): void {
  (globalThis as GlobalWithStore)[STORE_KEY] = store;
}

/**
 * Whether middleware (Edge runtime) can see the same sessions as the Node server. Redis over
 * HTTP: yes. The memory store: no, it lives in the Node process's heap, which the Edge
 * sandbox does not share.
 */
export function storeReachableFromEdge(): boolean {
  return storeConfig().kind === "upstash";
}

/** One line for logs and the home page; never includes the token. */
export function describeStore(): string {
  const config = storeConfig();
  return config.kind === "upstash"
    ? `Redis via Upstash REST at ${new URL(config.url).origin}`
    : "in-memory (this Node.js process only; not shared between instances or with the Edge runtime)";
}
