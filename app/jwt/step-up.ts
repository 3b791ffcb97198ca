import "server-only";
import { z } from "zod";
import type { AccessTokenClaims } from "@/lib/jwt";
import { MAX_JSON_BODY_BYTES, jsonError, parseJsonBody, readBodyUpTo } from "@/lib/http";
import { MAX_PASSWORD_LENGTH } from "@/lib/validation";
import { loginLimitsConfig, rateLimitedResponse } from "@/lib/security/login";
import { WRONG_PASSWORD_MESSAGE, checkPasswordAgain, isFreshSignIn, staleSignInResponse, stepUpConfig } from "@/lib/step-up";
import { logAuthEvent } from "@/lib/log";

/**
 * Sudo mode for the JWT lane (lib/step-up.ts decides): the access token's `auth_time`, in ms.
 * A token issued before the claim existed has none: stale, so the user is asked.
 */
export const jwtAuthTimeMs = (claims: AccessTokenClaims): number | null => (claims.auth_time === undefined ? null : claims.auth_time * 1000);


/** No password (an empty body, `{}`) is the question, answered with the challenge; a bad one gets a 400 saying why. */
const passwordAgainSchema = z.object({
  password: z.string({ error: "password must be a string." }).min(1, "Enter your password.").max(MAX_PASSWORD_LENGTH, `Password is too long (at most ${MAX_PASSWORD_LENGTH} characters).`).optional(),
});

// #region jwt-step-up-route
/**
 * For a sensitive JSON route, after its credential check: null when it may go ahead (the
 * token's `auth_time` is recent, or the body carries the user's password, `{"password": …}`,
 * checked again behind the login limiter); otherwise the answer to send instead: 401 with
 * RFC 9470's `insufficient_user_authentication` challenge, 401 with the attempts left after a
 * wrong password (with the lock's wait when it spent the last one: the lock is on), or 429
 * while sign-in is locked (both with the limiter's window: how long a lock lasts).
 */
export async function stepUpForRoute(request: Request, userId: string, claims: AccessTokenClaims, nowMs: number): Promise<Response | null> {
  const { maxAgeSeconds } = stepUpConfig();
  if (isFreshSignIn(jwtAuthTimeMs(claims), nowMs, maxAgeSeconds)) return null;
  const scheme = claims.cnf ? "DPoP" : "Bearer";
  // A POST without a body still has a stream under `next start` (curl sends no Content-Length):
  // the text decides. Empty, or no password in it: the challenge. Read up to the bound only: a
  // chunked body says no length, and is never buffered whole.
  const tooLong = Number(request.headers.get("content-length") ?? "0") > MAX_JSON_BODY_BYTES;
  const text = tooLong ? "too-large" : await readBodyUpTo(request, MAX_JSON_BODY_BYTES);
  if (text === "too-large") return jsonError(413, `Request body is too large (at most ${MAX_JSON_BODY_BYTES} bytes).`);
  if (text === null) return jsonError(400, "Could not read the request body.");
  if (text.trim() === "") return staleSignInResponse(maxAgeSeconds, scheme);
  const body = await parseJsonBody(new Request(request.url, { method: "POST", body: text }), passwordAgainSchema);
  if (!body.ok) return body.response;
  if (body.data.password === undefined) return staleSignInResponse(maxAgeSeconds, scheme);
  const check = await checkPasswordAgain(userId, body.data.password, request.headers);
  if (!check) return staleSignInResponse(maxAgeSeconds, scheme);
  const lockWindowSeconds = loginLimitsConfig().windowSeconds;
  if (!check.ok && check.reason === "rate-limited") return rateLimitedResponse(check.retryAfterSeconds, { reason: "rate-limited" });
  if (!check.ok) {
    logAuthEvent("step-up.refused", { user: userId });
    return staleSignInResponse(maxAgeSeconds, scheme, { message: WRONG_PASSWORD_MESSAGE, attemptsLeft: check.attemptsLeft, retryAfterSeconds: check.retryAfterSeconds, lockWindowSeconds });
  }
  logAuthEvent("step-up.passed", { user: userId });
  return null;
}
// #endregion jwt-step-up-route
