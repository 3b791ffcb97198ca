"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { ROUTES } from "@/app/routes";
import type { SignInState } from "@/app/ui/action-sign-in-form";
import { refusedAsCrossOrigin } from "@/app/demo/reveal";
import { withLoginLimiter } from "@/lib/better-auth/sign-in";
import { apiErrorStatus, askBetterAuth, refusedSignIn, storeOutageIn } from "@/lib/better-auth/errors";
import { BETTER_AUTH_CACHE_COOKIE, BETTER_AUTH_SESSION_COOKIE, COOKIE_CACHE_CHOICES, COOKIE_CACHE_PREFERENCE } from "@/lib/better-auth/config";
import { LOGIN_STORE_UNAVAILABLE_MESSAGE, safeNextPath } from "@/lib/http";
import { LOGIN_FAILED_MESSAGE, RATE_LIMITED_MESSAGE } from "@/lib/security/login";
import { credentialsSchema, fieldErrors } from "@/lib/validation";
import { logAuthEvent } from "@/lib/log";
import { EXPIRED_COOKIE_OPTIONS, authCookieOptions, parseCookieHeader } from "@/lib/cookies";
import { betterAuthHere, liveBetterAuthSession } from "./gate";
import { endSession, endSessionsFromDeviceList, liveSessions } from "@/lib/better-auth/auth";
import { BETTER_AUTH_ROUTES } from "./routes";
import { stepUpRefusal } from "@/app/step-up";
import type { StepUpState } from "@/app/ui/step-up-prompt";
import { betterAuthAuthTimeMs, markBetterAuthPasswordChecked } from "@/lib/better-auth/step-up";
import { getStore } from "@/lib/store";
import type { BetterAuthSession } from "./gate";
import { NOT_A_FORM_MESSAGE, isFormData } from "@/app/form-argument";

// Server actions are public endpoints: each one asks Better Auth for the caller's session again.

// #region better-auth-sign-in-action
export async function signInWithUsername(_previous: SignInState, form: FormData): Promise<SignInState> {
  if (!isFormData(form)) return { errors: { form: NOT_A_FORM_MESSAGE } };
  const parsed = credentialsSchema.safeParse({ username: form.get("username"), password: form.get("password") });
  if (!parsed.success) return { errors: fieldErrors(parsed.error) };
  const next = safeNextPath(String(form.get("next") ?? ""), BETTER_AUTH_ROUTES.dashboard);
  const [auth, requestHeaders] = await Promise.all([betterAuthHere(), headers()]);
  let result;
  try {
    result = await withLoginLimiter(parsed.data.username, requestHeaders, async () => {
      try {
        // The nextCookies() plugin puts Better Auth's Set-Cookie on this action's response.
        await auth.api.signInUsername({ body: parsed.data, headers: requestHeaders });
        return true;
      } catch (error) {
        if (refusedSignIn(apiErrorStatus(error))) return false;
        throw error;
      }
    }, (signedIn) => signedIn);
  } catch (error) {
    if (storeOutageIn(error)) return { errors: { form: LOGIN_STORE_UNAVAILABLE_MESSAGE } };
    throw error;
  }
  if (result.ok) redirect(next);
  if (result.reason === "rate-limited") return { errors: { form: RATE_LIMITED_MESSAGE }, retryAfterSeconds: result.retryAfterSeconds, refusedAt: Date.now() };
  // The last attempt spent: the lock is on already, said with the wrong password (no refusal needed to learn it).
  const lock = result.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: result.retryAfterSeconds, refusedAt: Date.now() };
  return { errors: { form: LOGIN_FAILED_MESSAGE }, attemptsLeft: result.attemptsLeft, ...lock };
}
// #endregion better-auth-sign-in-action

/**
 * Ends this browser's session: deleted from the store first (an outage throws, and the cookies
 * stay: never signed out in name only), then Better Auth's signOut clears both cookies.
 */
async function signOutThisBrowser(): Promise<void> {
  const { auth, session, requestHeaders } = await liveBetterAuthSession();
  if (session) await endSession(auth, session.session.token);
  await askBetterAuth(() => auth.api.signOut({ headers: requestHeaders }));
}

export async function signOutHere(): Promise<void> {
  await signOutThisBrowser();
  redirect(`${BETTER_AUTH_ROUTES.login}?reason=signed-out`);
}

/** The home page's "Sign out of the Better Auth lane": back home, with a confirmation. */
export async function signOutToHome(): Promise<void> {
  await signOutThisBrowser();
  redirect(`${ROUTES.home}?done=better-auth-signed-out`);
}

// #region better-auth-devices
/**
 * Signs out one of the caller's other sessions, named by its id. Better Auth revokes by
 * session token, so the page never holds another device's token: the id is looked up in the
 * caller's own list here, and an id that is not theirs matches nothing.
 */
export async function revokeDevice(_state: StepUpState, form: FormData): Promise<StepUpState> {
  if (!isFormData(form)) return {};
  const { auth, session } = await liveBetterAuthSession();
  if (!session) return {};
  const id = String(form.get("id") ?? "");
  const target = (await liveSessions(auth, session.user.id)).find((other) => other.id === id && other.token !== session.session.token);
  if (!target) return {};
  const refusal = await stepUp(form, session);
  if (refusal) return refusal;
  await endSessionsFromDeviceList([target.token]);
  logAuthEvent("better-auth.session-revoked", { by: "owner" });
  redirect(`${BETTER_AUTH_ROUTES.dashboard}?ended=one#devices`);
}

/** Better Auth's revokeOtherSessions, step by step: every live session of the caller's but this one. */
export async function revokeOtherDevices(_state: StepUpState, form: FormData): Promise<StepUpState> {
  if (!isFormData(form)) return {};
  const { auth, session } = await liveBetterAuthSession();
  if (!session) return {};
  const refusal = await stepUp(form, session);
  if (refusal) return refusal;
  const others = (await liveSessions(auth, session.user.id)).filter((other) => other.token !== session.session.token);
  await endSessionsFromDeviceList(others.map((other) => other.token)); // one write: all of them or (a 503) none
  logAuthEvent("better-auth.sessions-revoked", { by: "owner", count: others.length });
  redirect(`${BETTER_AUTH_ROUTES.dashboard}?ended=others#devices`);
}
// #endregion better-auth-devices

/** Signing other devices out is sensitive: a recent sign-in, or the password again (app/step-up.ts). */
async function stepUp(form: FormData, session: BetterAuthSession): Promise<StepUpState | null> {
  const authTimeMs = await betterAuthAuthTimeMs(getStore(), session.session);
  return stepUpRefusal(form, { userId: session.user.id, authTimeMs }, () => markBetterAuthPasswordChecked(getStore(), session.session, Date.now()));
}

/**
 * The demo switch: this browser's cookie cache choice (a preference, not a credential). The
 * cache cookie of the old choice goes with it, so the new choice applies from the next request.
 */
export async function chooseCookieCache(form: FormData): Promise<void> {
  if (!isFormData(form)) return;
  const seconds = Number(form.get("seconds"));
  if (!(COOKIE_CACHE_CHOICES as readonly number[]).includes(seconds)) return;
  const jar = await cookies();
  jar.set(COOKIE_CACHE_PREFERENCE, String(seconds), authCookieOptions(30 * 24 * 60 * 60));
  // Cleared with the flags it was set with: a browser ignores a `__Host-` (or `__Secure-`) Set-Cookie without Secure.
  jar.set(BETTER_AUTH_CACHE_COOKIE, "", EXPIRED_COOKIE_OPTIONS);
  redirect(`${BETTER_AUTH_ROUTES.dashboard}?cache=${seconds}#cookie-cache`);
}

/**
 * DEMO ONLY: this browser's own Better Auth cookies, for the stolen-credential demos
 * (app/demo/reveal.ts says why): the session cookie, and the cookie cache when there is one,
 * as `<session_token>|<session_data>`. With the cache on, a fresh cache cookie is issued first
 * (as any getSession from a route would), so a thief's copy is as young as it can be.
 */
export async function revealBetterAuthCredential(): Promise<string | null> {
  if (await refusedAsCrossOrigin("revealBetterAuthCredential")) return null;
  const [auth, requestHeaders] = await Promise.all([betterAuthHere(), headers()]);
  const fresh = await askBetterAuth(() => auth.api.getSession({ headers: requestHeaders, query: { disableCookieCache: true }, returnHeaders: true }));
  if (!fresh.response) return null;
  // Both as the browser sends them (still percent-encoded), to be sent again unchanged.
  const token = parseCookieHeader(requestHeaders.get("cookie")).find(([name]) => name === BETTER_AUTH_SESSION_COOKIE)?.[1];
  if (!token) return null;
  const issued = fresh.headers.getSetCookie().find((line) => line.startsWith(`${BETTER_AUTH_CACHE_COOKIE}=`));
  const cache = issued?.slice(BETTER_AUTH_CACHE_COOKIE.length + 1).split(";")[0];
  return cache ? `${token}|${cache}` : token;
}
