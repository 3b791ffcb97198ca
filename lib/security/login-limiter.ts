import { createHash } from "node:crypto";
import type { KeyValueStore } from "../store";

/**
 * Failed sign-ins are limited in the store, so every server instance shares the counts. One
 * limiter for every lane (/jwt, /session and Auth.js's authorize()). Three counters:
 *
 * - per (account, client address) pair, small (default 5): the guesser at one address is
 *   stopped, and nobody else is: one address cannot lock an account for everyone;
 * - per account across all addresses, much higher (default 100): against guessing spread
 *   over many addresses (a botnet could use it to lock the account; that is the price of
 *   stopping distributed guessing at all, and why it is 20 times the pair limit);
 * - per client address across accounts (default 20): one address trying many usernames.
 *
 * How:
 * - Counters are checked one after the other (address, then pair, then account), each an
 *   atomic increment made *before* the password is checked, the next only if this one let
 *   the attempt through: a flood from an address over its limit only adds to that address's
 *   existing counter (no key for any username it makes up), a burst of parallel guesses
 *   cannot all slip in under a limit, and one address adds at most its pair limit to an
 *   account. A success gives its attempt back and clears its own pair only.
 * - Over the limit the password is not checked at all: a correct one is refused too, and a
 *   locked unknown username answers exactly like a locked real one (same status, body and
 *   timing, since neither runs scrypt).
 * - Windows are fixed: they start at the first failure and are never extended.
 * - The store being down makes the attempt fail (StoreUnavailableError → 503): the limiter is
 *   never skipped silently.
 */

export interface LoginLimits {
  /** Per (account, client address) pair: the small limit. */
  maxFailuresPerAccountAndAddress: number;
  /** Per account, across every address: the high limit against distributed guessing. */
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
export const pairCounterKey = (username: string, address: string) =>
  `login-failures:pair:${hash(`${normalizeUsername(username)}\u0000${address}`)}`;

// #region login-limiter
export async function reserveLoginAttempt(
  store: KeyValueStore,
  limits: LoginLimits,
  attempt: { username: string; address: string },
): Promise<LoginReservation> {
  const ttlSeconds = limits.windowSeconds;
  const address = addressCounterKey(attempt.address);
  const pair = pairCounterKey(attempt.username, attempt.address);
  const account = accountCounterKey(attempt.username);

  // One counter after the other, the next only when this one let the attempt through (one
  // atomic increment each). So an address over its limit is refused by its own, existing
  // counter and creates nothing, and one address adds at most its pair limit to an account's
  // count, even in a burst of parallel attempts. Over is decided by the count alone; the wait
  // is what is left of that counter's window (at least 1 s).
  for (const [key, limit] of [
    [address, limits.maxFailuresPerAddress],
    [pair, limits.maxFailuresPerAccountAndAddress],
    [account, limits.maxFailuresPerAccount],
  ] as const) {
    const [counted] = await store.increment([{ key, by: 1, ttlSeconds }]);
    if (counted.value > limit) return { ok: false, retryAfterSeconds: Math.max(1, counted.ttlSeconds) };
  }
  return {
    ok: true,
    // A failure is already counted. A success clears its own pair and gives the account and
    // the address their attempt back.
    settle: async (outcome) => {
      if (outcome === "failure") return;
      const [, left] = await Promise.all([
        store.write([{ op: "del", key: pair }]),
        store.increment([account, address].map((key) => ({ key, by: -1, ttlSeconds }))),
      ]);
      // At 0 or below (the window ended meanwhile, and the give-back opened a new one below
      // zero): no counter at all, so successes can never bank extra tries for later.
      const empty = [account, address].filter((_, i) => left[i].value <= 0);
      if (empty.length > 0) await store.write(empty.map((key) => ({ op: "del", key })));
    },
  };
}
// #endregion login-limiter
