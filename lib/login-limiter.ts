import { createHash } from "node:crypto";
import type { KeyValueStore } from "./store";

/**
 * Failed sign-ins are limited per account and per client address, in the store, so every
 * server instance shares the counts. One limiter for every lane (/jwt, /session and Auth.js's
 * authorize()).
 *
 * - Each attempt is counted *before* the password is checked (one MULTI/EXEC), so a burst of
 *   parallel guesses cannot all slip in under the limit; a success gives its attempt back.
 * - Over the limit the password is not checked at all: a correct one is refused too, and a
 *   locked unknown username answers exactly like a locked real one (same status, body and
 *   timing, since neither runs scrypt).
 * - A success clears that account's failures.
 * - Windows are fixed: they start at the first failure and are never extended.
 * - The store being down makes the attempt fail (StoreUnavailableError → 503): the limiter is
 *   never skipped silently.
 */

export interface LoginLimits {
  maxFailuresPerAccount: number;
  maxFailuresPerAddress: number;
  windowSeconds: number;
}

export type LoginReservation =
  | { ok: true; settle(outcome: "success" | "failure"): Promise<void> }
  | { ok: false; retryAfterSeconds: number };

export const RATE_LIMITED_MESSAGE = "Too many failed sign-in attempts. Wait before trying again.";

/**
 * Usernames are compared case-insensitively after NFKC, so `ＡＬＩＣＥ` or `ａlice` (full-width)
 * count against alice's budget instead of opening a fresh one.
 */
export function normalizeUsername(username: string): string {
  return username.normalize("NFKC").trim().toLowerCase();
}

const hash = (text: string) => createHash("sha256").update(text).digest("base64url");
export const accountCounterKey = (username: string) => `login-failures:account:${hash(normalizeUsername(username))}`;
export const addressCounterKey = (address: string) => `login-failures:address:${hash(address)}`;

// #region login-limiter
export async function reserveLoginAttempt(
  store: KeyValueStore,
  limits: LoginLimits,
  attempt: { username: string; address: string },
): Promise<LoginReservation> {
  const account = accountCounterKey(attempt.username);
  const address = addressCounterKey(attempt.address);
  const ttlSeconds = limits.windowSeconds;
  const [perAccount, perAddress] = await store.increment([
    { key: account, by: 1, ttlSeconds },
    { key: address, by: 1, ttlSeconds },
  ]);
  // Over is decided by the counts alone; the wait is the longest window left (at least 1 s).
  const over = [
    perAccount.value > limits.maxFailuresPerAccount && perAccount,
    perAddress.value > limits.maxFailuresPerAddress && perAddress,
  ].filter((counter) => counter !== false);
  if (over.length > 0) return { ok: false, retryAfterSeconds: Math.max(1, ...over.map((counter) => counter.ttlSeconds)) };
  return {
    ok: true,
    // A failure is already counted; a success clears the account and gives the address its attempt back.
    settle: async (outcome) => {
      if (outcome === "failure") return;
      const [, [addressLeft]] = await Promise.all([
        store.write([{ op: "del", key: account }]),
        store.increment([{ key: address, by: -1, ttlSeconds }]),
      ]);
      // At 0 or below (the window ended meanwhile, and the give-back opened a new one below
      // zero): no counter at all, so successes can never bank extra tries for later.
      if (addressLeft.value <= 0) await store.write([{ op: "del", key: address }]);
    },
  };
}
// #endregion login-limiter
