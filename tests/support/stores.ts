import { StoreUnavailableError, replaceStore, type KeyValueStore } from "@/lib/store";

/**
 * Stores for tests that are about the store misbehaving, shared by every suite:
 * - `downStore()`: every call fails as an outage does (StoreUnavailableError);
 * - `untouchableStore()`: every call fails the test (proves a code path never asks the store);
 * - `withAppStore(store, fn)`: runs `fn` with the app's process-wide store replaced.
 */
const METHODS = ["get", "getMany", "ttlSeconds", "sortedSetEntries", "write", "increment", "writeIf", "clear"] as const;

function storeWhere(kind: string, call: (method: string) => Promise<never>): KeyValueStore {
  return Object.fromEntries([["kind", kind], ...METHODS.map((method) => [method, () => call(method)])]) as unknown as KeyValueStore;
}

export function downStore(): KeyValueStore {
  return storeWhere("down", (method) => Promise.reject(new StoreUnavailableError(method.toUpperCase(), new Error("connection refused"))));
}

export function untouchableStore(): KeyValueStore {
  return storeWhere("untouchable", (method) => Promise.reject(new Error(`the store was asked (${method}) where it must not be`)));
}

const STORE_KEY = Symbol.for("jwt-vs-session.store");

export async function withAppStore<T>(store: KeyValueStore, fn: () => Promise<T>): Promise<T> {
  const g = globalThis as unknown as Record<symbol, KeyValueStore | undefined>;
  const real = g[STORE_KEY];
  replaceStore(store);
  try {
    return await fn();
  } finally {
    g[STORE_KEY] = real;
  }
}
