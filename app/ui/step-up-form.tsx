"use client";

import { useActionState, useCallback, useState } from "react";
import { StepUpPrompt, type StepUpState } from "./step-up-prompt";
import { CancelStepUp } from "./cancel-step-up";
import type { StepUpAnswer } from "./step-up-notices";

/**
 * A sensitive action's form (a device's "Sign out", "Sign out everywhere"): when the server
 * answers that the sign-in is too old, the password field appears above the button, and the
 * next submit carries it with the action. Locked out, the form's buttons wait out the lock.
 */
export function StepUpForm({ action, className, children }: {
  action: (state: StepUpState, form: FormData) => Promise<StepUpState>;
  className?: string;
  children: React.ReactNode;
}) {
  const [answer, formAction, pending] = useActionState(action, {});
  const [state, cancel] = useCancellableStepUp(answer);
  const [waiting, endWait] = useLockWait(state.stepUp);
  return (
    <form action={formAction} className={className} aria-busy={pending}>
      <StepUpPrompt state={state} onLockEnd={endWait} />
      {/* The buttons come from the page: a disabled fieldset disables them, laid out as if it were not there. */}
      <fieldset disabled={waiting} style={{ display: "contents" }}>{children}</fieldset>
      {state.stepUp && <> <CancelStepUp onCancel={cancel} /></>}
    </form>
  );
}

/**
 * A sensitive action's answer with its password prompt, until the user cancels it: then the
 * same answer without the prompt (the action's next answer brings one back if it asks again).
 */
export function useCancellableStepUp<S extends StepUpState>(state: S): [shown: S, cancel: () => void] {
  const [cancelled, setCancelled] = useState<S | null>(null);
  return [cancelled === state ? { ...state, stepUp: undefined } : state, () => setCancelled(state)];
}

/**
 * Whether the answer shown (a sensitive action's, the DPoP panel's sign-in's; none: nothing
 * shown) is a lock still running: its confirm button waits, as the login forms' does (confirming
 * could only be refused again), until the countdown (StepUpNotices' `onLockEnd`) calls `endWait`.
 * Each answer is its own lock: a new one waits again.
 */
export function useLockWait(answer: StepUpAnswer | null | undefined): [waiting: boolean, endWait: () => void] {
  const lock = answer?.retryAfterSeconds !== undefined ? answer : undefined;
  const [ended, setEnded] = useState<typeof lock>(undefined);
  const endWait = useCallback(() => setEnded(lock), [lock]);
  return [lock !== undefined && ended !== lock, endWait];
}
