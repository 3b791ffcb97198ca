import { z } from "zod";
import { defineSection, positiveSeconds } from "./config";
import { NO_STORE } from "./http";
import { checkCredentials, type CredentialsCheck } from "./security/login";
import { findUserById } from "./users";
import { SERVER_CLOCK_SKEW_SECONDS } from "./time";
import { credentialsSchema } from "./validation";

/**
 * Sudo mode: sensitive actions (changing a role, signing out everywhere) need a password check
 * no older than STEP_UP_MAX_AGE_SECONDS. Every lane answers "when was the password last
 * checked?" from its own credential (a JWT's `auth_time`, the session record, Auth.js's token,
 * Better Auth's session); this file decides, the same way for all of them, on the server.
 */

export const stepUpSection = defineSection(
  z.object({ STEP_UP_MAX_AGE_SECONDS: positiveSeconds(5 * 60) }).transform((e) => ({ maxAgeSeconds: e.STEP_UP_MAX_AGE_SECONDS })),
  () => ({ STEP_UP_MAX_AGE_SECONDS: process.env.STEP_UP_MAX_AGE_SECONDS }),
);
export const stepUpConfig = stepUpSection.get;


// #region is-fresh-sign-in
/**
 * Whether a password check at `authTimeMs` is recent enough for a sensitive action. An unknown
 * time (a credential issued before this check existed) is never fresh: the user is asked.
 */
export function isFreshSignIn(authTimeMs: number | null | undefined, nowMs: number, maxAgeSeconds: number): boolean {
  if (typeof authTimeMs !== "number" || !Number.isFinite(authTimeMs)) return false;
  const ageMs = nowMs - authTimeMs;
  // Servers' clocks differ a little: a password check this far "in the future" still counts.
  return ageMs >= -SERVER_CLOCK_SKEW_SECONDS * 1000 && ageMs < maxAgeSeconds * 1000;
}
// #endregion is-fresh-sign-in

export const staleSignInMessage = (maxAgeSeconds: number) =>
  `This is a sensitive action and your sign-in is more than ${maxAgeSeconds % 60 === 0 ? `${maxAgeSeconds / 60} min` : `${maxAgeSeconds} s`} old: enter your password again.`;

export const WRONG_PASSWORD_MESSAGE = "That password is not right; nothing was changed.";

/**
 * RFC 9470: a JSON client is told to authenticate again, and how recently (max_age), in the
 * scheme its token came with (`DPoP` for a key-bound one). `extra`: a wrong password's words, attempts left (at 0, the lock's wait), lock window.
 */
export function staleSignInResponse(maxAgeSeconds: number, scheme: "Bearer" | "DPoP" = "Bearer", extra: { message: string; attemptsLeft: number; retryAfterSeconds?: number; lockWindowSeconds: number } | null = null): Response {
  const { message, ...facts } = extra ?? { message: staleSignInMessage(maxAgeSeconds) };
  return Response.json({ error: message, reason: extra ? "wrong-password" : "stale-sign-in", ...facts }, {
    status: 401,
    headers: { ...NO_STORE, "www-authenticate": `${scheme} error="insufficient_user_authentication", error_description="${message}", max_age=${maxAgeSeconds}` },
  });
}

/**
 * The password again, for the signed-in user (their username found by id, never a name from the
 * form), through the same rate-limited check every sign-in uses: a wrong one counts toward the lockout.
 */
export async function checkPasswordAgain(userId: string, password: unknown, headers: Headers): Promise<CredentialsCheck | null> {
  const user = await findUserById(userId);
  const parsed = credentialsSchema.safeParse({ username: user?.username, password });
  return parsed.success ? checkCredentials(parsed.data, headers) : null;
}
