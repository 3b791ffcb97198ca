import type { KeyValueStore } from "../store";
import { addressCounterKey, pairCounterKey, type LoginLimits } from "./login";

// A file of its own, next to the limiter (lib/security/login.ts): only the login pages ask it,
// no lane's sign-in does, so a reader copying a lane does not carry it.

/** A counter at its limit refuses the next attempt: the time left on it, or null. */
async function lockOf(store: KeyValueStore, key: string, limit: number, windowSeconds: number): Promise<{ retryAfterSeconds: number } | null> {
  const [value, ttlSeconds] = await Promise.all([store.get(key), store.ttlSeconds(key)]);
  // The next attempt is refused once the count reached the limit (it would make it limit + 1).
  if (value === null || Number(value) < limit) return null;
  return { retryAfterSeconds: Math.max(1, ttlSeconds ?? windowSeconds) };
}

/**
 * Whether this client address is locked out, read without counting anything (a page view is no
 * attempt): what a login page can say before any sign-in, when it knows the address and no
 * username yet. Only the address's own counter, so a lock on one (username, address) pair is
 * not seen here. null: not locked (the next attempt from this address would be counted).
 */
export const peekAddressLock = (store: KeyValueStore, limits: LoginLimits, address: string) =>
  lockOf(store, addressCounterKey(address), limits.maxFailuresPerAddress, limits.windowSeconds);

/**
 * Whether this username is locked out from this address (the small per-pair limit), read
 * without counting: what a login form can say once a username is typed. Only this address's own
 * failures: the account-wide counter would tell anyone what other addresses tried.
 */
export const peekUsernameLock = (store: KeyValueStore, limits: LoginLimits, username: string, address: string) =>
  lockOf(store, pairCounterKey(username, address), limits.maxFailuresPerAccountAndAddress, limits.windowSeconds);
