import { createHash } from "node:crypto";
import type { KeyValueStore } from "./store";

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
 * - An attempt is refused *before anything is written* when one of its counters is already
 *   at its limit (one MGET): a flood from an address over its limit stores nothing, whatever
 *   usernames it makes up.
 * - Otherwise the attempt is counted *before* the password is checked (one MULTI/EXEC), and
 *   the counts after the increment decide: a burst of parallel guesses cannot all slip in
 *   under the limit. A success gives its attempt back and clears its own pair only.
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
  const counters = [
    { key: pairCounterKey(attempt.username, attempt.address), limit: limits.maxFailuresPerAccountAndAddress },
    { key: accountCounterKey(attempt.username), limit: limits.maxFailuresPerAccount },
    { key: addressCounterKey(attempt.address), limit: limits.maxFailuresPerAddress },
  ];
  // Already at a limit: refused before anything is written (a flood stores nothing).
  const current = await store.getMany(counters.map((c) => c.key));
  const full = counters.filter((c, i) => Number(current[i] ?? 0) >= c.limit);
  if (full.length > 0) {
    const left = await Promise.all(full.map((c) => store.ttlSeconds(c.key)));
    return { ok: false, retryAfterSeconds: Math.max(1, ...left.map((seconds) => seconds ?? 1)) };
  }
  const counted = await store.increment(counters.map((c) => ({ key: c.key, by: 1, ttlSeconds })));
  // Over is decided by the counts alone; the wait is the longest window left (at least 1 s).
  const over = counted.filter((counter, i) => counter.value > counters[i].limit);
  if (over.length > 0) return { ok: false, retryAfterSeconds: Math.max(1, ...over.map((counter) => counter.ttlSeconds)) };
  const [pair, account, address] = counters.map((c) => c.key);
  return {
    ok: true,
    // A failure is already counted. A success clears its own pair and gives its attempt back
    // to the account and the address counters.
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
