import { EVERY_LANE, LAST_ATTEMPT_SENTENCE, attemptsLeftSentence, lockLengthSentence } from "./attempts-left";
import { RetryCountdown } from "./countdown";

/** What a password prompt for a sensitive action shows, whichever way its answer came (a server action's state, a JSON route's body). */
export interface StepUpAnswer {
  message: string;
  attemptsLeft?: number;
  /** The lock's wait: with a refusal, or with the wrong password that spent the last attempt (`attemptsLeft` 0). */
  retryAfterSeconds?: number;
  /** The login limiter's window (how long a lock lasts), sent with a wrong password or the lock. */
  lockWindowSeconds?: number;
}

/**
 * What a sensitive action's password prompt says (the server actions' StepUpPrompt and the JSON
 * routes' PostButton alike): why it asks, the attempts left after a wrong password, and the lock,
 * said as the login forms say it: how long, for whom, and where. A wrong password that spent the
 * last attempt says both: wrong, and locked now. `onLockEnd`: once the wait is over.
 */
export function StepUpNotices({ message, attemptsLeft, retryAfterSeconds, lockWindowSeconds, onLockEnd }: StepUpAnswer & { onLockEnd?: () => void }) {
  // Being asked is no failure (plain words); a wrong password or the lock is (the error colour).
  const failed = attemptsLeft !== undefined || retryAfterSeconds !== undefined;
  const locked = retryAfterSeconds !== undefined;
  return (
    <>
      <p role={failed ? "alert" : "status"} className={failed ? "error" : undefined} data-testid="step-up-message">
        {message}
        {locked && attemptsLeft === 0 && <> {LAST_ATTEMPT_SENTENCE}</>}
      </p>
      {attemptsLeft !== undefined && !locked && <p className="notice" data-testid="step-up-attempts-left">{attemptsLeftSentence(attemptsLeft, lockWindowSeconds)}</p>}
      {locked && (
        <p className="notice" data-testid="step-up-lockout">
          <RetryCountdown key={retryAfterSeconds} seconds={retryAfterSeconds} onDone={onLockEnd} />{" "}
          {lockWindowSeconds !== undefined && <>{lockLengthSentence(lockWindowSeconds)}{" "}</>}
          The lock covers your username from this network address, in {EVERY_LANE}: signing in again is refused there too.
        </p>
      )}
    </>
  );
}
