import "server-only";
import { clientAddress } from "../http";
import { logAuthEvent } from "../log";
import { loginLimitsConfig, reserveLoginAttempt } from "../security/login";
import { StoreUnavailableError, getStore } from "../store";
import { copyUserFromDirectory } from "./auth";
import { askBetterAuth } from "./errors";

export type LimitedSignIn<T> =
  | { ok: true; value: T }
  | { ok: false; reason: "incorrect"; attemptsLeft: number; retryAfterSeconds?: number; value: T } // retryAfterSeconds: the lock this failure started
  | { ok: false; reason: "rate-limited"; retryAfterSeconds: number };

// #region better-auth-sign-in
/**
 * Runs a Better Auth sign-in behind the login rate limiter every lane shares (lib/security/
 * login.ts): over the limit Better Auth is not asked at all; a failure counts, a success gives
 * its attempt back. Both ways in use it: the login page's server action and the JSON endpoint
 * (`POST /api/better-auth/sign-in/username`). `succeeded` reads the outcome from what
 * `signIn` answered (a Response's status; a server action turns Better Auth's 401 into a value).
 */
export async function withLoginLimiter<T>(
  username: string,
  headers: Headers,
  signIn: () => Promise<T>,
  succeeded: (value: T) => boolean,
): Promise<LimitedSignIn<T>> {
  const limits = loginLimitsConfig();
  const attempt = await reserveLoginAttempt(getStore(), limits, { username, address: clientAddress(headers, limits.trustedProxyHeader) });
  if (!attempt.ok) {
    logAuthEvent("login.rate-limited", { retryAfterSeconds: attempt.retryAfterSeconds });
    return { ok: false, reason: "rate-limited", retryAfterSeconds: attempt.retryAfterSeconds };
  }
  // Better Auth signs in its own copy of the user, and copies that into the session.
  await copyUserFromDirectory(username);
  // A failure (or a throw: a store outage) is already counted; nothing to settle.
  const value = await askBetterAuth(signIn);
  if (!succeeded(value)) return { ok: false, reason: "incorrect", attemptsLeft: attempt.attemptsLeft, retryAfterSeconds: attempt.retryAfterSeconds, value };
  // Signed in: Better Auth has stored the session and set its cookies. Giving the attempt back
  // is a courtesy; a store outage now keeps one failure counted and never turns the sign-in
  // into an error page for a browser that holds a live session.
  await attempt.settle("success").catch((error: unknown) => {
    if (!StoreUnavailableError.is(error)) throw error;
    logAuthEvent("store.unavailable", { path: "login-limiter" });
  });
  return { ok: true, value };
}
// #endregion better-auth-sign-in
