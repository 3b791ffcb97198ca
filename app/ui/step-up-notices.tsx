"use client";

import { useState } from "react";
import { ROUTES } from "@/app/routes";
import { EVERY_LANE, LAST_ATTEMPT_SENTENCE, attemptsLeftSentence, lockLengthSentence } from "./attempts-left";
import { RetryCountdown } from "./countdown";
import { useHydrated } from "./use-hydrated";
import { postThenGo } from "./post-then-go";

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
 * What a sensitive action's password prompt says (the server actions' StepUpPrompt, the JSON
 * routes' PostButton and the DPoP panel's sign-in alike): why it asks, the attempts left after a
 * wrong password, and the lock, said as the login forms say it: how long, for whom, and where,
 * with the demo reset where it is enabled (`resetTo`: the page to land on after it). A wrong
 * password that spent the last attempt says both: wrong, and locked now. `onLockEnd`: once the
 * wait is over.
 */
export function StepUpNotices({ message, attemptsLeft, retryAfterSeconds, lockWindowSeconds, resetTo, onLockEnd }: StepUpAnswer & { resetTo?: string; onLockEnd?: () => void }) {
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
      {locked && resetTo && <ResetOffer resetTo={resetTo} />}
    </>
  );
}

/** Where the demo may be reset: a way out of any lockout (this one, the login forms'), landing on `resetTo`. */
export function ResetOffer({ resetTo }: { resetTo: string }) {
  return (
    <p>
      Stuck? Reset the demo: it clears every lockout (and every sign-in) at once. <ResetButton resetTo={resetTo} />
    </p>
  );
}

/** POSTs the reset, then lands on `resetTo`; a refusal is said beside it. Not a PostButton: that one says a lock with these notices, which offer this button. */
function ResetButton({ resetTo }: { resetTo: string }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const hydrated = useHydrated();
  async function reset() {
    setPending(true);
    const refused = await postThenGo<{ error: string }>(ROUTES.demo.reset, resetTo, "Reset demo");
    if (!refused) return;
    setPending(false);
    setError(refused.answer.error ?? refused.failed);
  }
  return (
    <>
      <button type="button" className="secondary" onClick={() => void reset()} disabled={!hydrated || pending}>Reset demo</button>
      {error && <span role="alert" className="error"> {error}</span>}
    </>
  );
}
