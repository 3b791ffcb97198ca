"use client";

import { RetryCountdown } from "./countdown";

/** A 429's wait: `attempt` tells one refusal from the next, so each restarts the countdown. */
export type Lockout = { seconds: number; attempt?: number } | null;

/**
 * The end of every login form: the form-level error (with the rate limiter's countdown when
 * there is one) and the submit button, disabled while signing in or waiting out a lockout.
 */
export function FormFooter({ error, lockout, onLockoutEnd, pending }: { error?: string; lockout: Lockout; onLockoutEnd: () => void; pending: boolean }) {
  return (
    <>
      {error && (
        <p role="alert" className="error" data-testid="form-error">
          {error}
          {lockout && <> <RetryCountdown key={lockout.attempt} seconds={lockout.seconds} onDone={onLockoutEnd} /></>}
        </p>
      )}
      <button type="submit" disabled={pending || lockout !== null}>{pending ? "Signing in…" : "Sign in"}</button>
    </>
  );
}

/** Username and password, each with its error (ids prefixed by `idPrefix`, unique on the page). */
export function CredentialFields({ errors, idPrefix }: { errors: { username?: string; password?: string }; idPrefix: string }) {
  return (
    <>
      <label>
        Username
        <input name="username" autoComplete="username" aria-invalid={Boolean(errors.username)} aria-describedby={errors.username ? `${idPrefix}username-error` : undefined} />
        {errors.username && <span id={`${idPrefix}username-error`} className="error">{errors.username}</span>}
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete="current-password" aria-invalid={Boolean(errors.password)} aria-describedby={errors.password ? `${idPrefix}password-error` : undefined} />
        {errors.password && <span id={`${idPrefix}password-error`} className="error">{errors.password}</span>}
      </label>
    </>
  );
}
