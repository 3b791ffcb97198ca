import { MemoryStore } from "./memory";
import type { KeyValueStore } from "./types";

export type { KeyValueStore, WriteOp, SortedSetEntry } from "./types";

// Kept on globalThis: Next.js may load this module more than once in one server process
// (route handlers and pages are bundled separately), and they must all share one store.
const STORE_KEY = Symbol.for("jwt-vs-session.store");
type GlobalWithStore = typeof globalThis & { [STORE_KEY]?: KeyValueStore };

/** The process-wide store. In-memory for now; Upstash Redis is selected by env (see README). */
export function getStore(): KeyValueStore {
  const g = globalThis as GlobalWithStore;
  g[STORE_KEY] ??= new MemoryStore();
  return g[STORE_KEY];
}
