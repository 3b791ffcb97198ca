import "server-only";
import { loginLimitsConfig } from "../config";
import { clientAddress } from "../http";
import { logAuthEvent } from "../log";
import { reserveLoginAttempt } from "../security/login";
import { getStore } from "../store";
import { copyUserFromDirectory } from "./auth";

export type LimitedSignIn<T> =
  | { ok: true; value: T }
  | { ok: false; reason: "incorrect"; attemptsLeft: number; value: T }
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
  let outcome: "success" | "failure" = "failure"; // also when signIn() throws (a store outage)
  try {
    const value = await signIn();
    if (succeeded(value)) outcome = "success";
    return outcome === "success" ? { ok: true, value } : { ok: false, reason: "incorrect", attemptsLeft: attempt.attemptsLeft, value };
  } finally {
    await attempt.settle(outcome);
  }
}
// #endregion better-auth-sign-in
