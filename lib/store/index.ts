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

/**
 * The store in one line. Anyone may see its kind; where it is (`withAddress`) is for the
 * server's log and signed-in users at most. Never the token, and never credentials written
 * into the URL (`https://user:password@host`): only the origin is shown.
 */
export function describeStore({ withAddress = false }: { withAddress?: boolean } = {}): string {
  return describeStoreConfig(storeConfig(), { withAddress });
}

export function describeStoreConfig(config: StoreConfig, { withAddress }: { withAddress: boolean }): string {
  if (config.kind === "memory") return "in-memory (this Node.js process only; not shared between instances or with the Edge runtime)";
  // URL#origin has no userinfo, path or query.
  return withAddress ? `Redis via Upstash REST at ${new URL(config.url).origin}` : "Redis via Upstash REST";
}
