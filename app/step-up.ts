import "server-only";
import { headers } from "next/headers";
import { WRONG_PASSWORD_MESSAGE, checkPasswordAgain, isFreshSignIn, staleSignInMessage, stepUpConfig } from "@/lib/step-up";
import { RATE_LIMITED_MESSAGE, loginLimitsConfig } from "@/lib/security/login";
import { logAuthEvent } from "@/lib/log";
import { findUserById } from "@/lib/users";
import { MAX_PASSWORD_LENGTH } from "@/lib/validation";
import { STEP_UP_PASSWORD_FIELD, type StepUpState } from "@/app/ui/step-up-prompt";
import { demoResetEnabled } from "@/app/demo/reset";
import { usernameLock } from "@/app/ui/lock-actions";
import { ROUTES } from "@/app/routes";

// #region step-up-action
/**
 * The check a sensitive server action runs after its own identity and permission checks.
 * null: go ahead (the sign-in is fresh, or the form carried the signed-in user's password,
 * checked again behind the login limiter, and `markFresh` made this lane's credential fresh).
 * Otherwise the prompt to show, and the action must not run. The time comes from the lane's
 * credential on the server (`authTimeMs`), never from the form.
 */
export async function stepUpRefusal(
  form: FormData,
  signIn: { userId: string; authTimeMs: number | null },
  markFresh: () => Promise<void>,
): Promise<StepUpState | null> {
  const { maxAgeSeconds } = stepUpConfig();
  if (isFreshSignIn(signIn.authTimeMs, Date.now(), maxAgeSeconds)) return null;
  // The limiter's window goes with a refusal, so the prompt can say how long a lock lasts.
  const lockWindowSeconds = loginLimitsConfig().windowSeconds;
  const password = form.get(STEP_UP_PASSWORD_FIELD);
  if (typeof password !== "string" || password === "") return (await stillLocked(signIn.userId, lockWindowSeconds)) ?? { stepUp: { message: staleSignInMessage(maxAgeSeconds) } };
  if (password.length > MAX_PASSWORD_LENGTH) return { stepUp: { message: `Password is too long (at most ${MAX_PASSWORD_LENGTH} characters).` } };
  const check = await checkPasswordAgain(signIn.userId, password, await headers());
  if (!check) return { stepUp: { message: staleSignInMessage(maxAgeSeconds) } };
  if (!check.ok && check.reason === "rate-limited") return lockedOut(check.retryAfterSeconds, lockWindowSeconds);
  if (!check.ok) {
    logAuthEvent("step-up.refused", { user: signIn.userId });
    // The last attempt spent: the lock is on already, said with the wrong password (its wait, the reset).
    const lock = check.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: check.retryAfterSeconds, resetTo: stepUpResetTo() };
    return { stepUp: { message: WRONG_PASSWORD_MESSAGE, attemptsLeft: check.attemptsLeft, lockWindowSeconds, ...lock } };
  }
  await markFresh();
  logAuthEvent("step-up.passed", { user: signIn.userId });
  return null;
}
// #endregion step-up-action

/**
 * Where a reset offered at a sensitive action's lock lands, where the demo may be reset (a reset
 * ends every sign-in: the overview); undefined where it may not. The server actions' prompt and
 * the JSON routes' PostButton offer it.
 */
export const stepUpResetTo = (): string | undefined => (demoResetEnabled() ? `${ROUTES.home}?done=reset` : undefined);

/** The lock, said as the prompt says it. No dead end: where the demo may be reset, it is offered. */
function lockedOut(retryAfterSeconds: number, lockWindowSeconds: number): StepUpState {
  return { stepUp: { message: RATE_LIMITED_MESSAGE, retryAfterSeconds, lockWindowSeconds, resetTo: stepUpResetTo() } };
}

/**
 * A submit with no password while the prompt shows the lock (it has no password field then):
 * the lock again, while it holds (read only: nothing counted), not a fresh "enter your password".
 */
async function stillLocked(userId: string, lockWindowSeconds: number): Promise<StepUpState | null> {
  const user = await findUserById(userId); // the lock is on the username, which need not be the id
  const lock = user && (await usernameLock(user.username));
  return lock && lockedOut(lock.retryAfterSeconds, lockWindowSeconds);
}
