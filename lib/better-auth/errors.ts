import { AsyncLocalStorage } from "node:async_hooks";
import { StoreUnavailableError } from "../store";

/**
 * The store outage Better Auth met during one call into it (askBetterAuth), as this app's
 * storage threw it. Better Auth does not hand that error back: it redacts what its
 * secondaryStorage throws (redactSecondaryStorageErrors in @better-auth/core), and an error it
 * cannot prove free of keys and values, which under Next.js is every Error (Next gives
 * Error.prototype a util.inspect hook it will not run), becomes a bare
 * `Error("Secondary storage operation failed")`: the outage's brand is gone. So the storage
 * adapter also notes the outage here (noteStoreOutage), on the call's own async context: one
 * request's outage is never another's.
 */
const outageMet = new AsyncLocalStorage<{ outage: StoreUnavailableError | null }>();

/** For the secondaryStorage adapter (storeAsSecondaryStorage): notes a store outage for the call that asked Better Auth. */
export function noteStoreOutage(error: unknown): void {
  const met = outageMet.getStore();
  if (met && !met.outage && StoreUnavailableError.is(error)) met.outage = error;
}

/**
 * Runs a call into Better Auth (`auth.api.*`, its internal adapter); if it fails after its
 * storage met a store outage, the StoreUnavailableError is what is thrown (a 503 for the
 * routes, the outage page for pages, the STORE_UNAVAILABLE digest for actions), whatever
 * Better Auth made of it.
 */
export async function askBetterAuth<T>(call: () => Promise<T>): Promise<T> {
  const met: { outage: StoreUnavailableError | null } = { outage: null };
  try {
    return await outageMet.run(met, call);
  } catch (error) {
    throw met.outage ?? error;
  }
}

/**
 * The store outage in what a call into Better Auth threw, or null: askBetterAuth throws it
 * itself; where Better Auth kept it, it is the `cause` of its own APIError. Compared by brand,
 * never by class identity.
 */
export function storeOutageIn(error: unknown): StoreUnavailableError | null {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (StoreUnavailableError.is(e)) return e;
  }
  return null;
}

/**
 * Whether Better Auth refused a sign-in (an APIError's status): 401 for a wrong password or an
 * unknown user, 400 or 422 for input its rules reject (a username with characters it does not
 * allow). A refusal is counted by the login limiter and answered "incorrect"; any other error
 * is not an answer about the password, and goes on as an error.
 */
export const refusedSignIn = (status: number | null) => status === 400 || status === 401 || status === 422;

/** Better Auth's APIError, by shape: an HTTP status and its `body` (with a `code`). */
export function apiErrorStatus(error: unknown): number | null {
  const e = error as { statusCode?: unknown; name?: unknown } | null;
  return e?.name === "APIError" && typeof e.statusCode === "number" ? e.statusCode : null;
}

/**
 * Whether getSession failed on something other than the store: Better Auth answers a cookie
 * cache it cannot decode (`session_data=%`, `!!!!`: not base64url) with a 500,
 * FAILED_TO_GET_SESSION, though the session cookie beside it is fine. Asked again with the
 * cache off, it reads the session from the store.
 */
export function failedToGetSession(error: unknown): boolean {
  return apiErrorStatus(error) === 500 && (error as { body?: { code?: unknown } }).body?.code === "FAILED_TO_GET_SESSION" && storeOutageIn(error) === null;
}
