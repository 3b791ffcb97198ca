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
