"use client";

import { useActionState, useState } from "react";
import { StepUpPrompt, type StepUpState } from "./step-up-prompt";
import { CancelStepUp } from "./cancel-step-up";

/**
 * A sensitive action's form (a device's "Sign out", "Sign out everywhere"): when the server
 * answers that the sign-in is too old, the password field appears above the button, and the
 * next submit carries it with the action.
 */
export function StepUpForm({ action, className, children }: {
  action: (state: StepUpState, form: FormData) => Promise<StepUpState>;
  className?: string;
  children: React.ReactNode;
}) {
  const [answer, formAction, pending] = useActionState(action, {});
  const [state, cancel] = useCancellableStepUp(answer);
  return (
    <form action={formAction} className={className} aria-busy={pending}>
      <StepUpPrompt state={state} />
      {children}
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
