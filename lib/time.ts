/**
 * Time, in the units this app stores: epoch milliseconds in records, whole seconds in TTLs
 * and JWT claims.
 */

/** Whole seconds from `nowMs` until `targetMs` (epoch ms), rounded up, never negative. */
export function secondsUntil(targetMs: number, nowMs: number = Date.now()): number {
  return Math.max(0, Math.ceil((targetMs - nowMs) / 1000));
}

/** A TTL for the store: at least 1 s (a record about to expire must not be written without one). */
export const ttlUntil = (targetMs: number, nowMs: number) => Math.max(1, secondsUntil(targetMs, nowMs));

/** Epoch ms as JWT claims count time (`iat`, `exp`): whole seconds, rounded down. */
export const epochSeconds = (ms: number) => Math.floor(ms / 1000);

/** How far apart the servers' clocks may be: what the keep times of revocation records add. */
export const SERVER_CLOCK_SKEW_SECONDS = 60;
