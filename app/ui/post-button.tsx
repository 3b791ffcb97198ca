"use client";

import { useRef, useState } from "react";
import { useHydrated } from "./use-hydrated";
import { postThenGo } from "./post-then-go";
import { secondsUntil } from "@/lib/time";
import { CancelStepUp } from "./cancel-step-up";
import { useLockWait } from "./step-up-form";
import { StepUpNotices, type StepUpAnswer } from "./step-up-notices";

/** A JSON route's answer to a sensitive action (lib/step-up.ts): 401 to ask for the password, 429 while sign-in is locked. */
type RouteAnswer = { error: string; reason: string; attemptsLeft: number; retryAfterSeconds: number; lockWindowSeconds: number };

/**
 * POSTs to one of the app's routes (same origin, so it passes the Origin check), then
 * navigates. Used for sign-out and the other one-click actions. A sensitive route (sign out
 * everywhere) may answer that the sign-in is too old: then a password field appears, and
 * confirming POSTs again with `{"password": …}` (checked, then done). Locked out after wrong
 * passwords, the prompt says the lock as the server actions' prompt does, and, where the demo
 * reset is enabled (`resetTo`: the page to land on after it), offers it.
 */
export function PostButton({ endpoint, redirectTo, label, secondary = false, resetTo }: { endpoint: string; redirectTo: string; label: string; secondary?: boolean; resetTo?: string }) {
  const [error, setError] = useState<string | null>(null);
  const [stepUp, setStepUp] = useState<StepUpAnswer | null>(null);
  // While locked, confirming could only be refused again: the button waits out the countdown.
  const [waiting, endWait] = useLockWait(stepUp);
  // The lock, remembered past a Cancel: asked again before it ends, the button says it again (no password prompt to fill in for nothing).
  const lock = useRef<{ endsAtMs: number; answer: StepUpAnswer } | null>(null);
  const [pending, setPending] = useState(false);
  const hydrated = useHydrated();
  /** The lock is on (a 429, or the wrong password that spent the last attempt): said, remembered, waited out. */
  function holdLock(answer: StepUpAnswer & { retryAfterSeconds: number }) {
    lock.current = { endsAtMs: Date.now() + answer.retryAfterSeconds * 1000, answer };
    setError(null);
    setStepUp(answer);
  }
  async function run(password?: string) {
    const held = lock.current;
    if (password === undefined && held && Date.now() < held.endsAtMs) {
      return setStepUp({ ...held.answer, retryAfterSeconds: secondsUntil(held.endsAtMs) });
    }
    setPending(true);
    const refused = await postThenGo<RouteAnswer>(endpoint, redirectTo, label, password === undefined ? undefined : { password });
    if (!refused) return;
    setPending(false);
    const { status, answer } = refused;
    if (status === 401 && (answer.reason === "stale-sign-in" || answer.reason === "wrong-password")) {
      const asked = { message: answer.error ?? "Enter your password again.", attemptsLeft: answer.attemptsLeft, lockWindowSeconds: answer.lockWindowSeconds };
      if (answer.retryAfterSeconds !== undefined) return holdLock({ ...asked, retryAfterSeconds: answer.retryAfterSeconds });
      setError(null);
      return setStepUp(asked);
    }
    if (status === 429 && answer.reason === "rate-limited" && answer.retryAfterSeconds !== undefined) {
      return holdLock({ message: answer.error ?? "Too many failed sign-in attempts.", retryAfterSeconds: answer.retryAfterSeconds, lockWindowSeconds: answer.lockWindowSeconds });
    }
    if (status === 429 && answer.error) return setError(answer.error);
    setError(refused.failed);
  }
  if (stepUp) {
    // Once the lock's wait is over, confirming asks the route again without a password: it asks for one.
    const locked = stepUp.retryAfterSeconds !== undefined;
    return (
      <form className="step-up" data-testid="step-up" onSubmit={(event) => { event.preventDefault(); void run(locked ? undefined : String(new FormData(event.currentTarget).get("password") ?? "")); }}>
        <StepUpNotices {...stepUp} resetTo={resetTo} onLockEnd={endWait} />
        {!locked && (
          <label>
            Your password
            <input name="password" type="password" autoComplete="current-password" required autoFocus maxLength={256} />
          </label>
        )}
        <button type="submit" disabled={pending || (locked && waiting)}>{label}</button>{" "}
        <CancelStepUp onCancel={() => setStepUp(null)} />
        {error && <span role="alert" className="error"> {error}</span>}
      </form>
    );
  }
  return (
    <>
      <button type="button" className={secondary ? "secondary" : undefined} onClick={() => void run()} disabled={!hydrated || pending}>{label}</button>
      {error && <span role="alert" className="error"> {error}</span>}
    </>
  );
}
