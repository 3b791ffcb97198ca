/**
 * Time, in the units this app stores: epoch milliseconds in records, whole seconds in TTLs
 * and JWT claims.
 */

/** Whole seconds from `nowMs` until `targetMs` (epoch ms), rounded up, never negative. */
export function secondsUntil(targetMs: number, nowMs: number = Date.now()): number {
  return Math.max(0, Math.ceil((targetMs - nowMs) / 1000));
}
