"use client";

import { useActionState, useCallback, useState } from "react";
import { CredentialFields, FormFooter } from "@/app/ui/form-footer";
import { signInWithCredentials, type SignInState } from "../actions";

/**
 * Auth.js's signIn("credentials") through a server action; errors come back as state.
 * `resetTo`: where a demo reset lands, when the reset is enabled (offered at a lockout).
 */
export function SignInForm({ next, resetTo }: { next: string; resetTo?: string }) {
  const [state, action, pending] = useActionState<SignInState, FormData>(signInWithCredentials, {});
  const [waitedOut, setWaitedOut] = useState<SignInState | null>(null);
  // Once the wait is over, the rate limiter's message no longer applies.
  const errors = (waitedOut === state ? {} : state.errors) ?? {};
  // A refusal by the login rate limiter: wait out its Retry-After before allowing another try.
  const lockout = state.retryAfterSeconds && waitedOut !== state ? { seconds: state.retryAfterSeconds, attempt: state.refusedAt } : null;
  const endLockout = useCallback(() => setWaitedOut(state), [state]);
  return (
    <form className="login" action={action} noValidate>
      <input type="hidden" name="next" value={next} />
      <CredentialFields errors={errors} idPrefix="authjs-" />
      <FormFooter error={errors.form} lockout={lockout} onLockoutEnd={endLockout} pending={pending} attemptsLeft={state.attemptsLeft} resetTo={resetTo} />
    </form>
  );
}
