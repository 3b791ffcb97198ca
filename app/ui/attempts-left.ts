/** One limiter counts every lane's failed sign-ins (lib/security/login.ts), so one lock covers them all. */
export const EVERY_LANE = "every lane (JWT, session, Auth.js and Better Auth)";

/**
 * How long a lock lasts: the limiter's window (LOGIN_FAILURE_WINDOW_SECONDS), a fixed window that
 * starts with the first failed attempt, so "up to" this long. In minutes or hours when whole.
 */
export function lockLength(windowSeconds: number): string {
  if (windowSeconds % 3600 === 0) return `${windowSeconds / 3600} h`;
  if (windowSeconds % 60 === 0) return `${windowSeconds / 60} min`;
  return `${windowSeconds} s`;
}

/** The lock's length, said once the lock is on: up to the window, from the first failed attempt. */
export const lockLengthSentence = (windowSeconds: number) =>
  `A lock lasts up to ${lockLength(windowSeconds)}: the limiter's window, counted from the first failed attempt.`;

/**
 * "2 attempts left …", after a wrong password: the limiter's own count, before the lock.
 * `windowSeconds`, where known (the login pages): how long the lock will last.
 */
export function attemptsLeftSentence(left: number, windowSeconds?: number): string {
  if (left <= 0) {
    const length = windowSeconds ? `, up to ${lockLength(windowSeconds)} after the first failed attempt (the limiter's window)` : "";
    return `No attempts left: the next sign-in is refused in ${EVERY_LANE} until the lock ends${length}.`;
  }
  return `${left} ${left === 1 ? "attempt" : "attempts"} left before sign-in is locked in ${EVERY_LANE}.`;
}
