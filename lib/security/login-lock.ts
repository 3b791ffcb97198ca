import type { KeyValueStore } from "../store";
import { addressCounterKey, type LoginLimits } from "./login";

// A file of its own, next to the limiter (lib/security/login.ts): only the login pages ask it,
// no lane's sign-in does, so a reader copying a lane does not carry it.

/**
 * Whether this client address is locked out, read without counting anything (a page view is no
 * attempt): what a login page can say before any sign-in, when it knows the address and no
 * username yet. Only the address's own counter, so a lock on one (username, address) pair is
 * not seen here. null: not locked (the next attempt from this address would be counted).
 */
export async function peekAddressLock(
  store: KeyValueStore,
  limits: LoginLimits,
  address: string,
): Promise<{ retryAfterSeconds: number } | null> {
  const key = addressCounterKey(address);
  const [value, ttlSeconds] = await Promise.all([store.get(key), store.ttlSeconds(key)]);
  // The next attempt is refused once the count reached the limit (it would make it limit + 1).
  if (value === null || Number(value) < limits.maxFailuresPerAddress) return null;
  return { retryAfterSeconds: Math.max(1, ttlSeconds ?? limits.windowSeconds) };
}
