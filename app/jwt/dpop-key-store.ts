/**
 * The browser's DPoP key, kept in IndexedDB. A CryptoKeyPair is structured-cloneable, so
 * IndexedDB stores the key objects themselves: a non-extractable private key goes in and comes
 * back out still non-extractable, usable for signing and never readable as bytes, not even by
 * this page's own scripts. (localStorage holds only strings: it would need an exportable key.)
 * Browser only: called from event handlers, never during a render.
 */

export const DPOP_KEY_DATABASE = "jwt-vs-session-dpop";
export const DPOP_KEY_OBJECT_STORE = "keys";
/** One key per origin: the record's id in the object store. */
export const DPOP_KEY_ID = "dpop-key";

export interface StoredDpopKey {
  keyPair: CryptoKeyPair;
  createdAtMs: number;
}

function openKeyDatabase(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DPOP_KEY_DATABASE, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(DPOP_KEY_OBJECT_STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error("IndexedDB could not be opened."));
  });
}

/** Runs one request in its own transaction and closes the database once the transaction is done. */
async function withKeyStore<T>(mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const database = await openKeyDatabase();
  try {
    return await new Promise<T>((resolve, reject) => {
      const transaction = database.transaction(DPOP_KEY_OBJECT_STORE, mode);
      const request = run(transaction.objectStore(DPOP_KEY_OBJECT_STORE));
      transaction.oncomplete = () => resolve(request.result);
      transaction.onerror = () => reject(transaction.error ?? new Error("IndexedDB transaction failed."));
      transaction.onabort = () => reject(transaction.error ?? new Error("IndexedDB transaction aborted."));
    });
  } finally {
    database.close();
  }
}

/** The key this browser made before (on an earlier visit), if any. */
export async function loadDpopKey(): Promise<StoredDpopKey | undefined> {
  const stored = (await withKeyStore("readonly", (store) => store.get(DPOP_KEY_ID))) as StoredDpopKey | undefined;
  return stored?.keyPair?.privateKey instanceof CryptoKey ? stored : undefined;
}

/** Keeps `key` for the next visit, replacing the one before. */
export async function saveDpopKey(key: StoredDpopKey): Promise<void> {
  await withKeyStore("readwrite", (store) => store.put(key, DPOP_KEY_ID));
}

/**
 * A new P-256 key pair for ES256 proofs. `extractable: false`: the private key can sign, and
 * nothing (exportKey, wrapKey) can read it out. The public key is always extractable (WebCrypto
 * makes it so): each proof carries it, as a JWK in its header.
 */
export function generateDpopKeyPair(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, ["sign", "verify"]);
}
