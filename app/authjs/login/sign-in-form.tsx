"use client";

import { useActionState, useCallback, useState } from "react";
import { FormFooter } from "@/app/ui/form-footer";
import { signInWithCredentials, type SignInState } from "../actions";

/** Auth.js's signIn("credentials") through a server action; errors come back as state. */
export function SignInForm({ next }: { next: string }) {
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
      <label>
        Username
        <input name="username" autoComplete="username" aria-invalid={Boolean(errors.username)} aria-describedby={errors.username ? "authjs-username-error" : undefined} />
        {errors.username && <span id="authjs-username-error" className="error">{errors.username}</span>}
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete="current-password" aria-invalid={Boolean(errors.password)} aria-describedby={errors.password ? "authjs-password-error" : undefined} />
        {errors.password && <span id="authjs-password-error" className="error">{errors.password}</span>}
      </label>
      <FormFooter error={errors.form} lockout={lockout} onLockoutEnd={endLockout} pending={pending} />
    </form>
  );
}
