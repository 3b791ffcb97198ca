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
 * Said with the wrong password that spent the last attempt: the server sends the lock's wait
 * with that answer, so the lock is shown from it (countdown, reset, disabled button), not
 * after one more, certain, refusal.
 */
export const LAST_ATTEMPT_SENTENCE = "That was the last attempt: sign-in is now locked.";

/**
 * "2 attempts left …", after a wrong password: the limiter's own count, before the lock.
 * `windowSeconds`, where known (the login pages): how long a lock lasts.
 */
export function attemptsLeftSentence(left: number, windowSeconds?: number): string {
  if (left <= 0) {
    const length = windowSeconds ? `, up to ${formatSeconds(windowSeconds)} after the first failed attempt (the limiter's window)` : "";
    return `No attempts left: sign-in is locked in ${EVERY_LANE} until the lock ends${length}.`;
  }
  return `${left} ${left === 1 ? "attempt" : "attempts"} left before sign-in is locked in ${EVERY_LANE}.`;
}
