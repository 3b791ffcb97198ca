import { StoreUnavailableError } from "../store";

/**
 * The store outage inside whatever Better Auth threw (it wraps what its storage throws in its
 * own APIError, as `cause`), or null. Compared by brand, never by class identity.
 */
export function storeOutageIn(error: unknown): StoreUnavailableError | null {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (StoreUnavailableError.is(e)) return e;
  }
  return null;
}

/** Better Auth's APIError, by shape: an HTTP status and its `body` (with a `code`). */
export function apiErrorStatus(error: unknown): number | null {
  const e = error as { statusCode?: unknown; name?: unknown } | null;
  return e?.name === "APIError" && typeof e.statusCode === "number" ? e.statusCode : null;
}
