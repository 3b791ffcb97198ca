"use client";

import { useState } from "react";
import { useHydrated } from "./use-hydrated";
import { attemptsLeftSentence } from "./attempts-left";
import { CancelStepUp } from "./cancel-step-up";

/** A sensitive route asked for the password (lib/step-up.ts): why, and the attempts left after a wrong one. */
type StepUp = { message: string; attemptsLeft?: number };

/**
 * POSTs to one of the app's routes (same origin, so it passes the Origin check), then
 * navigates. Used for sign-out and the other one-click actions. A sensitive route (sign out
 * everywhere) may answer that the sign-in is too old: then a password field appears, and
 * confirming POSTs again with `{"password": …}` (checked, then done).
 */
export function PostButton({ endpoint, redirectTo, label, secondary = false }: { endpoint: string; redirectTo: string; label: string; secondary?: boolean }) {
  const [error, setError] = useState<string | null>(null);
  const [stepUp, setStepUp] = useState<StepUp | null>(null);
  const [pending, setPending] = useState(false);
  const hydrated = useHydrated();
  async function run(password?: string) {
    setPending(true);
    const body = password === undefined ? undefined : JSON.stringify({ password });
    const response = await fetch(endpoint, { method: "POST", body, headers: body ? { "content-type": "application/json" } : undefined }).catch(() => null);
    setPending(false);
    if (response?.ok) return window.location.assign(redirectTo);
    const answer = (await response?.json().catch(() => ({}))) as { error?: string; reason?: string; attemptsLeft?: number } | undefined;
    if (response?.status === 401 && (answer?.reason === "stale-sign-in" || answer?.reason === "wrong-password")) {
      setError(null);
      return setStepUp({ message: answer.error ?? "Enter your password again.", attemptsLeft: answer.attemptsLeft });
    }
    if (response?.status === 429 && answer?.error) return setError(answer.error);
    setError(`${label} failed${response ? ` (HTTP ${response.status})` : ""}; try again.`);
  }
  if (stepUp) {
    return (
      <form className="step-up" data-testid="step-up" onSubmit={(event) => { event.preventDefault(); void run(String(new FormData(event.currentTarget).get("password") ?? "")); }}>
        {/* Being asked is no failure (plain words); a wrong password is (the error colour). */}
        <p role={stepUp.attemptsLeft === undefined ? "status" : "alert"} className={stepUp.attemptsLeft === undefined ? undefined : "error"} data-testid="step-up-message">{stepUp.message}</p>
        {stepUp.attemptsLeft !== undefined && <p className="notice" data-testid="step-up-attempts-left">{attemptsLeftSentence(stepUp.attemptsLeft)}</p>}
        <label>
          Your password
          <input name="password" type="password" autoComplete="current-password" required autoFocus maxLength={256} />
        </label>
        <button type="submit" disabled={pending}>{label}</button>{" "}
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
