"use client";

import { useActionState } from "react";
import { signInWithCredentials, type SignInState } from "../actions";

/** Auth.js's signIn("credentials") through a server action; errors come back as state. */
export function SignInForm({ next }: { next: string }) {
  const [state, action, pending] = useActionState<SignInState, FormData>(signInWithCredentials, {});
  const errors = state.errors ?? {};
  return (
    <form className="login" action={action} noValidate>
      <input type="hidden" name="next" value={next} />
      <label>
        Username
        <input name="username" autoComplete="username" aria-invalid={Boolean(errors.username)} />
        {errors.username && <span className="error">{errors.username}</span>}
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete="current-password" aria-invalid={Boolean(errors.password)} />
        {errors.password && <span className="error">{errors.password}</span>}
      </label>
      {errors.form && <p role="alert" className="error" data-testid="form-error">{errors.form}</p>}
      <button type="submit" disabled={pending}>{pending ? "Signing in…" : "Sign in"}</button>
    </form>
  );
}
