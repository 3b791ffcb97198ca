import { StepUpNotices, type StepUpAnswer } from "./step-up-notices";

/** The form field a sensitive action's password arrives in (app/step-up.ts reads it). */
export const STEP_UP_PASSWORD_FIELD = "stepUpPassword";

/** What a sensitive action answers when it wants the password first (app/step-up.ts). */
export type StepUpState = {
  stepUp?: StepUpAnswer & {
    /** Where the demo reset is enabled: where a reset offered at the lock lands. */
    resetTo?: string;
  };
};

/**
 * Inside a sensitive action's form, once the server asked for it: why, and the password field.
 * Submitting the form again sends the password with the action: checked, then done, one click.
 * Locked out, no field: the lock instead, and `onLockEnd` once its countdown is over (the form's
 * confirm button waits until then: app/ui/step-up-form.tsx useLockWait).
 */
export function StepUpPrompt({ state, onLockEnd }: { state: StepUpState; onLockEnd?: () => void }) {
  if (!state.stepUp) return null;
  const locked = state.stepUp.retryAfterSeconds !== undefined;
  return (
    <div className="step-up" data-testid="step-up">
      <StepUpNotices {...state.stepUp} onLockEnd={onLockEnd} />
      {!locked && (
        <label>
          Your password
          <input name={STEP_UP_PASSWORD_FIELD} type="password" autoComplete="current-password" required autoFocus maxLength={256} />
        </label>
      )}
    </div>
  );
}
