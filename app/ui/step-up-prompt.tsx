import { EVERY_LANE, attemptsLeftSentence, lockLengthSentence } from "./attempts-left";
import { RetryCountdown } from "./countdown";
import { ResetOffer } from "./reset-offer";

/** The form field a sensitive action's password arrives in (app/step-up.ts reads it). */
export const STEP_UP_PASSWORD_FIELD = "stepUpPassword";

/** What a sensitive action answers when it wants the password first (app/step-up.ts). */
export type StepUpState = {
  stepUp?: {
    message: string;
    attemptsLeft?: number;
    retryAfterSeconds?: number;
    /** The login limiter's window (how long a lock lasts), sent with a wrong password or the lock. */
    lockWindowSeconds?: number;
    /** Where the demo reset is enabled: where a reset offered at the lock lands. */
    resetTo?: string;
  };
};

/**
 * Inside a sensitive action's form, once the server asked for it: why, and the password field.
 * Submitting the form again sends the password with the action: checked, then done, one click.
 */
export function StepUpPrompt({ state }: { state: StepUpState }) {
  if (!state.stepUp) return null;
  const { message, attemptsLeft, retryAfterSeconds, lockWindowSeconds, resetTo } = state.stepUp;
  // Being asked is no failure (plain words); a wrong password or the lock is (the error colour).
  const failed = attemptsLeft !== undefined || retryAfterSeconds !== undefined;
  return (
    <div className="step-up" data-testid="step-up">
      <p role={failed ? "alert" : "status"} className={failed ? "error" : undefined} data-testid="step-up-message">{message}</p>
      {attemptsLeft !== undefined && <p className="notice" data-testid="step-up-attempts-left">{attemptsLeftSentence(attemptsLeft, lockWindowSeconds)}</p>}
      {retryAfterSeconds !== undefined && (
        // Said as the login forms say it: how long, for whom, and where.
        <p className="notice" data-testid="step-up-lockout">
          <RetryCountdown key={retryAfterSeconds} seconds={retryAfterSeconds} />{" "}
          {lockWindowSeconds !== undefined && <>{lockLengthSentence(lockWindowSeconds)}{" "}</>}
          The lock covers your username from this network address, in {EVERY_LANE}: signing in again is refused there too.
        </p>
      )}
      {retryAfterSeconds !== undefined && resetTo && <ResetOffer resetTo={resetTo} />}
      {retryAfterSeconds === undefined && (
        <label>
          Your password
          <input name={STEP_UP_PASSWORD_FIELD} type="password" autoComplete="current-password" required autoFocus maxLength={256} />
        </label>
      )}
    </div>
  );
}

