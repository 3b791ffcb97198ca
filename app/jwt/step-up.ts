import "server-only";
import { z } from "zod";
import type { AccessTokenClaims } from "@/lib/jwt";
import { jsonError, parseJsonBody } from "@/lib/http";
import { rateLimitedResponse } from "@/lib/security/login";
import { WRONG_PASSWORD_MESSAGE, checkPasswordAgain, isFreshSignIn, staleSignInResponse, stepUpConfig } from "@/lib/step-up";
import { logAuthEvent } from "@/lib/log";

/**
 * Sudo mode for the JWT lane (lib/step-up.ts decides): the access token's `auth_time`, in ms.
 * A token issued before the claim existed has none: stale, so the user is asked.
 */
export const jwtAuthTimeMs = (claims: AccessTokenClaims): number | null => (claims.auth_time === undefined ? null : claims.auth_time * 1000);


const passwordAgainSchema = z.object({ password: z.string({ error: "password must be a string." }).min(1, "Enter your password.") });

// #region jwt-step-up-route
/**
 * For a sensitive JSON route, after its credential check: null when it may go ahead (the
 * token's `auth_time` is recent, or the body carries the user's password, `{"password": …}`,
 * checked again behind the login limiter); otherwise the answer to send instead: 401 with
 * RFC 9470's `insufficient_user_authentication` challenge, 401 with the attempts left after a
 * wrong password, or 429 while sign-in is locked.
 */
export async function stepUpForRoute(request: Request, userId: string, claims: AccessTokenClaims, nowMs: number): Promise<Response | null> {
  const { maxAgeSeconds } = stepUpConfig();
  if (isFreshSignIn(jwtAuthTimeMs(claims), nowMs, maxAgeSeconds)) return null;
  if (!request.body || request.headers.get("content-length") === "0") return staleSignInResponse(maxAgeSeconds);
  const body = await parseJsonBody(request, passwordAgainSchema);
  if (!body.ok) return body.response;
  const check = await checkPasswordAgain(userId, body.data.password, request.headers);
  if (!check) return staleSignInResponse(maxAgeSeconds);
  if (!check.ok && check.reason === "rate-limited") return rateLimitedResponse(check.retryAfterSeconds);
  if (!check.ok) {
    logAuthEvent("step-up.refused", { user: userId });
    return jsonError(401, WRONG_PASSWORD_MESSAGE, { reason: "wrong-password", attemptsLeft: check.attemptsLeft });
  }
  logAuthEvent("step-up.passed", { user: userId });
  return null;
}
// #endregion jwt-step-up-route
