"use server";

import { ROUTES } from "@/app/routes";
import { AUTHJS_ROUTES } from "@/app/authjs/routes";
import { redirect } from "next/navigation";
import { auth, isStoreOutage, rateLimitWait, signIn, signOut } from "@/auth";
import { redirectPath } from "@/lib/authjs/redirect";
import { credentialsSchema, fieldErrors } from "@/lib/validation";
import { safeNextPath } from "@/lib/http";
import { LOGIN_FAILED_MESSAGE } from "@/lib/security/login";
import { RATE_LIMITED_MESSAGE } from "@/lib/security/login";
import { getStore } from "@/lib/store";
import { revokeAllTokensForUser } from "@/lib/token-version";
import { StoreUnavailableError } from "@/lib/store";
import { LOGIN_STORE_UNAVAILABLE_MESSAGE } from "@/lib/http";
import { logAuthEvent } from "@/lib/log";
import type { SignInState } from "@/app/ui/action-sign-in-form";
import type { StepUpState } from "@/app/ui/step-up-prompt";
import { stepUpRefusal } from "@/app/step-up";
import { NOT_A_FORM_MESSAGE, isFormData } from "@/app/form-argument";


/** Auth.js throws CredentialsSignin for a failed authorize(); compared by type, not class identity. */
function isCredentialsError(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { type?: unknown }).type === "CredentialsSignin";
}

/**
 * authorize() refused the password (auth.ts's LoginIncorrect): the limiter's attempts left and,
 * when that was the last one, the lock's wait (said with the wrong password: the lock is on).
 */
function incorrect(error: unknown): SignInState {
  const { attemptsLeft, retryAfterSeconds } = (error ?? {}) as { attemptsLeft?: unknown; retryAfterSeconds?: unknown };
  const lock = typeof retryAfterSeconds === "number" ? { retryAfterSeconds, refusedAt: Date.now() } : {};
  return { errors: { form: LOGIN_FAILED_MESSAGE }, attemptsLeft: typeof attemptsLeft === "number" ? attemptsLeft : undefined, ...lock };
}

// #region authjs-sign-in
export async function signInWithCredentials(_previous: SignInState, form: FormData): Promise<SignInState> {
  if (!isFormData(form)) return { errors: { form: NOT_A_FORM_MESSAGE } };
  const parsed = credentialsSchema.safeParse({ username: form.get("username"), password: form.get("password") });
  if (!parsed.success) return { errors: fieldErrors(parsed.error) };
  const next = safeNextPath(String(form.get("next") ?? ""), AUTHJS_ROUTES.dashboard);
  let to: string;
  try {
    // Not Auth.js's own redirect: it is absolute, on the Host or X-Forwarded-Host the client sent.
    to = redirectPath(String(await signIn("credentials", { ...parsed.data, redirectTo: next, redirect: false })));
  } catch (error) {
    const wait = rateLimitWait(error);
    if (wait !== null) return { errors: { form: RATE_LIMITED_MESSAGE }, retryAfterSeconds: wait, refusedAt: Date.now() };
    if (isCredentialsError(error)) return incorrect(error);
    if (isStoreOutage(error)) return { errors: { form: LOGIN_STORE_UNAVAILABLE_MESSAGE } };
    throw error;
  }
  redirect(to);
}
// #endregion authjs-sign-in

/**
 * Auth.js's sign-out, then its redirect as a path: Auth.js's own is absolute, on the Host or
 * X-Forwarded-Host the client sent. Throws Next.js's redirect.
 */
async function signOutTo(redirectTo: string): Promise<never> {
  const answer = (await signOut({ redirectTo, redirect: false })) as { redirect?: unknown } | undefined;
  redirect(redirectPath(typeof answer?.redirect === "string" ? answer.redirect : redirectTo));
}

export async function signOutHere(): Promise<void> {
  await signOutTo(`${AUTHJS_ROUTES.login}?reason=signed-out`);
}

/** The home page's "Sign out of the Auth.js lane": back home, with a confirmation. */
export async function signOutToHome(): Promise<void> {
  await signOutTo(`${ROUTES.home}?done=authjs-signed-out`);
}

// #region authjs-sign-out-everywhere
/**
 * Bumps the user's token version: every Auth.js cookie issued before now stops working. A
 * sensitive action: the token's sign-in time must be recent, or the password come with the form
 * (app/step-up.ts). Nothing to make fresh after the check: this very cookie ends with the rest.
 */
export async function signOutEverywhere(_state: StepUpState, form: FormData): Promise<StepUpState> {
  if (!isFormData(form)) return {};
  const session = await auth(); // server actions are public endpoints: check again
  // During an outage nothing can be revoked: fail loudly rather than sign out "everywhere" in name only.
  if (session?.storeUnavailable) throw new StoreUnavailableError("sign out everywhere", "store did not answer");
  if (session) {
    const refusal = await stepUpRefusal(form, { userId: session.user.id, authTimeMs: session.authTime ?? null }, async () => {});
    if (refusal) return refusal;
    await revokeAllTokensForUser(getStore(), session.user.id);
    logAuthEvent("authjs.sign-out-everywhere", { user: session.user.id });
  }
  return signOutTo(`${AUTHJS_ROUTES.login}?reason=signed-out-everywhere`);
}
// #endregion authjs-sign-out-everywhere
