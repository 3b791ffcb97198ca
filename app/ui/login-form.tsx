"use client";

import { useCallback, useState, type FormEvent } from "react";
import { CredentialFields, FormFooter } from "./form-footer";
import { credentialsSchema, fieldErrors } from "@/lib/validation";

interface Props {
  /** `/api/jwt/login` or `/api/session/login` */
  endpoint: string;
  /** Already checked by safeNextPath on the server. */
  next: string;
  /**
   * The /jwt login: the revocation checks the user may choose for the token, each ticked unless
   * `checked` is false (a link may ask for a plain JWT; the user still sees and changes them).
   */
  revocationChoices?: ReadonlyArray<{ check: string; label: string; hint?: string; checked?: boolean }>;
  /** Where a demo reset lands, when the reset is enabled (offered at a lockout). */
  resetTo?: string;
}

/**
 * Posts JSON to the lane's login route. The response body never contains a credential:
 * the route sets an HttpOnly cookie, and this form only navigates on.
 */
export function LoginForm({ endpoint, next, revocationChoices, resetTo }: Props) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pending, setPending] = useState(false);
  // Set by a 429 from the login rate limiter (Retry-After), or by the 401 whose failure spent the
  // last attempt (its `retryAfterSeconds`: the lock is on already): the form waits it out.
  const [lockout, setLockout] = useState<{ seconds: number; attempt: number; username: string } | null>(null);
  // Set by a 401: how many more failures the limiter allows before the lock.
  const [attemptsLeft, setAttemptsLeft] = useState<number | undefined>(undefined);
  const endLockout = useCallback(() => {
    setLockout(null);
    setErrors({}); // "Too many failed attempts" no longer applies
  }, []);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = { username: form.get("username"), password: form.get("password") };
    const parsed = credentialsSchema.safeParse(input);
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error));
      return;
    }
    setPending(true);
    setErrors({});
    try {
      const checks = revocationChoices?.map(({ check }) => check).filter((check) => form.get(`check-${check}`) === "on");
      const response = await fetch(endpoint, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ ...parsed.data, ...(checks && { checks }) }),
      });
      if (response.ok) {
        // A full navigation, so the server renders the next page with the new cookie. A link to a
        // section (`/jwt/dashboard#refresh-family`) that went through this page keeps its fragment:
        // the browser carried it over the redirect here, and the server never saw it.
        window.location.assign(next.includes("#") ? next : `${next}${window.location.hash}`);
        return;
      }
      const body = (await response.json().catch(() => ({}))) as { error?: string; fields?: Record<string, string>; attemptsLeft?: number; retryAfterSeconds?: number };
      setAttemptsLeft(response.status === 401 ? body.attemptsLeft : undefined);
      const retryAfter = Number(response.status === 401 ? body.retryAfterSeconds : response.headers.get("retry-after"));
      if ((response.status === 429 || response.status === 401) && retryAfter > 0) setLockout((previous) => ({ seconds: retryAfter, attempt: (previous?.attempt ?? 0) + 1, username: parsed.data.username }));
      setErrors({ ...(body.fields ?? {}), form: body.error ?? `Login failed (HTTP ${response.status}).` });
    } catch {
      setErrors({ form: "Could not reach the server. Is it running?" });
    }
    setPending(false);
  }

  return (
    <form className="login" method="post" onSubmit={onSubmit} noValidate>
      <CredentialFields errors={errors} idPrefix="" onUsernameChange={(username) => lockout && username !== lockout.username && endLockout()} />
      {revocationChoices && (
        <fieldset>
          <legend>Revocation checks for this token</legend>
          {revocationChoices.map(({ check, label, hint, checked = true }) => (
            <div key={check} className="check-choice">
              <label>
                <input type="checkbox" name={`check-${check}`} defaultChecked={checked} aria-describedby={hint ? `check-${check}-hint` : undefined} />
                {label}
              </label>
              {hint && <small id={`check-${check}-hint`} data-testid={`check-${check}-hint`}>{hint}</small>}
            </div>
          ))}
          <small>Untick all three for the plain stateless JWT: only its expiry can end it.</small>
        </fieldset>
      )}
      <FormFooter error={errors.form} lockout={lockout} onLockoutEnd={endLockout} pending={pending} attemptsLeft={attemptsLeft} resetTo={resetTo} />
    </form>
  );
}
