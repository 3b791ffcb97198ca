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

/**
 * Redis over TCP needs Node.js's sockets, which the Edge runtime lacks: its client must never
 * be bundled into middleware. So this module does not import it; on the Node.js runtime,
 * instrumentation.ts hands the connector in (attachRedisOverTcp) before the first request.
 */
const TCP_CONNECTOR_KEY = Symbol.for("jwt-vs-session.redis-tcp-connector");
type TcpConnector = (url: string) => KeyValueStore;
type GlobalWithConnector = typeof globalThis & { [TCP_CONNECTOR_KEY]?: TcpConnector };

export function attachRedisOverTcp(connect: TcpConnector): void {
  (globalThis as GlobalWithConnector)[TCP_CONNECTOR_KEY] = connect;
}

function createStore(config: StoreConfig): KeyValueStore {
  switch (config.kind) {
    case "memory":
      return new MemoryStore();
    case "upstash":
      return UpstashStore.connect(config.url, config.token);
    case "redis": {
      const connect = (globalThis as GlobalWithConnector)[TCP_CONNECTOR_KEY];
      if (!connect) throw new Error("REDIS_URL is set, but Redis over TCP is reachable only from the Node.js runtime, where instrumentation.ts attaches it.");
      return connect(config.url);
    }
  }
}

/**
 * The process-wide store: Redis over TCP when REDIS_URL is set, Redis through Upstash's HTTP
 * API when UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN are, otherwise an in-memory
 * map in this process.
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
 * HTTP (Upstash): yes. Redis over TCP: no, the Edge runtime has no TCP sockets. The memory
 * store: no, it lives in the Node process's heap, which the Edge sandbox does not share.
 */
export function storeReachableFromEdge(): boolean {
  return storeConfig().kind === "upstash";
}
