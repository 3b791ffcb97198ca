"use client";

import { useActionState, useCallback, useState } from "react";
import { CredentialFields, FormFooter } from "./form-footer";

/**
 * What a sign-in server action answers when it does not redirect. `retryAfterSeconds` (and
 * `refusedAt`, telling one refusal from the next): the rate limiter's wait, after a refusal or
 * with the wrong password that spent the last attempt; `attemptsLeft`: after a wrong password,
 * the failures left before it locks.
 */
export type SignInState = { errors?: Record<string, string>; retryAfterSeconds?: number; refusedAt?: number; attemptsLeft?: number };

/**
 * A framework's sign-in through a server action (Auth.js's signIn("credentials"), Better
 * Auth's signInUsername); errors come back as state. `resetTo`: where a demo reset lands,
 * when the reset is enabled (offered at a lockout).
 */
export function SignInForm({ signIn, idPrefix, next, resetTo }: {
  signIn: (previous: SignInState, form: FormData) => Promise<SignInState>;
  idPrefix: string;
  next: string;
  resetTo?: string;
}) {
  const [state, action, pending] = useActionState<SignInState, FormData>(signIn, {});
  const [waitedOut, setWaitedOut] = useState<SignInState | null>(null);
  // Once the wait is over, the rate limiter's message no longer applies.
  const errors = (waitedOut === state ? {} : state.errors) ?? {};
  // A refusal by the login rate limiter: wait out its Retry-After before allowing another try.
  const lockout = state.retryAfterSeconds && waitedOut !== state ? { seconds: state.retryAfterSeconds, attempt: state.refusedAt } : null;
  const endLockout = useCallback(() => setWaitedOut(state), [state]);
  // React resets a form after its action; the username typed comes back as the field's default
  // (as the JSON login forms keep it), so a wrong password costs only the password.
  const [username, setUsername] = useState("");
  const submit = (form: FormData) => {
    setUsername(String(form.get("username") ?? ""));
    action(form);
  };
  return (
    <form className="login" action={submit} noValidate>
      <input type="hidden" name="next" value={next} />
      <CredentialFields errors={errors} idPrefix={idPrefix} defaultUsername={username} onUsernameChange={(typed) => lockout && typed !== username && endLockout()} />
      <FormFooter error={errors.form} lockout={lockout} onLockoutEnd={endLockout} pending={pending} attemptsLeft={state.attemptsLeft} resetTo={resetTo} />
    </form>
  );
}
