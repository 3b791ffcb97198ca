/** One limiter counts every lane's failed sign-ins (lib/security/login.ts), so one lock covers them all. */
export const EVERY_LANE = "every lane (JWT, session, Auth.js and Better Auth)";

/** "2 attempts left …", after a wrong password: the limiter's own count, before the lock. */
export function attemptsLeftSentence(left: number): string {
  if (left <= 0) return `No attempts left: the next sign-in is refused in ${EVERY_LANE} until the lock ends.`;
  return `${left} ${left === 1 ? "attempt" : "attempts"} left before sign-in is locked in ${EVERY_LANE}.`;
}
