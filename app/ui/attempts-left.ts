import { formatSeconds } from "./duration";

/** One limiter counts every lane's failed sign-ins (lib/security/login.ts), so one lock covers them all. */
export const EVERY_LANE = "every lane (JWT, session, Auth.js and Better Auth)";

/**
 * The lock's length, said once the lock is on: the limiter's window (LOGIN_FAILURE_WINDOW_SECONDS),
 * a fixed window that starts with the first failed attempt, so "up to" this long.
 */
export const lockLengthSentence = (windowSeconds: number) =>
  `A lock lasts up to ${formatSeconds(windowSeconds)}: the limiter's window, counted from the first failed attempt.`;

/**
 * "2 attempts left …", after a wrong password: the limiter's own count, before the lock.
 * `windowSeconds`, where known (the login pages): how long the lock will last.
 */
export function attemptsLeftSentence(left: number, windowSeconds?: number): string {
  if (left <= 0) {
    const length = windowSeconds ? `, up to ${formatSeconds(windowSeconds)} after the first failed attempt (the limiter's window)` : "";
    return `No attempts left: the next sign-in is refused in ${EVERY_LANE} until the lock ends${length}.`;
  }
  return `${left} ${left === 1 ? "attempt" : "attempts"} left before sign-in is locked in ${EVERY_LANE}.`;
}
