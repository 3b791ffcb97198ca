"use client";

import { useActionState } from "react";
import { StepUpPrompt, type StepUpState } from "./step-up-prompt";

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
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} className={className} aria-busy={pending}>
      <StepUpPrompt state={state} />
      {children}
    </form>
  );
}
