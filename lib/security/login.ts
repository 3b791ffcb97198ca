import type { z } from "zod";
import { authenticate, type User } from "../users";
import { credentialsSchema, type Credentials } from "../validation";
import { CROSS_ORIGIN_MESSAGE, NO_STORE, isCrossOriginWrite, jsonError, parseJsonBody } from "../http";
import { RATE_LIMITED_MESSAGE, reserveLoginAttempt } from "./login-limiter";
import { clientAddress } from "./client-address";
import { getConfig } from "../config";
import { getStore } from "../store";
import { logAuthEvent } from "../log";

/** One message for unknown user and wrong password alike: no username oracle. */
export const LOGIN_FAILED_MESSAGE = "Username or password is incorrect.";

export type CredentialsCheck =
  | { ok: true; user: User }
  | { ok: false; reason: "incorrect" }
  | { ok: false; reason: "rate-limited"; retryAfterSeconds: number };

// #region check-credentials
/**
 * The password check every lane uses (the /jwt and /session routes, Auth.js's authorize()),
 * behind the login rate limiter: over the limit the password is not even looked at.
 */
export async function checkCredentials(credentials: Credentials, headers: Headers): Promise<CredentialsCheck> {
  const { loginLimits } = getConfig();
  const address = clientAddress(headers, loginLimits.trustedProxyHeader);
  const attempt = await reserveLoginAttempt(getStore(), loginLimits, { username: credentials.username, address });
  if (!attempt.ok) {
    logAuthEvent("login.rate-limited", { retryAfterSeconds: attempt.retryAfterSeconds });
    return { ok: false, reason: "rate-limited", retryAfterSeconds: attempt.retryAfterSeconds };
  }
  const user = await authenticate(credentials.username, credentials.password);
  await attempt.settle(user ? "success" : "failure");
  return user ? { ok: true, user } : { ok: false, reason: "incorrect" };
}
// #endregion check-credentials

/** 429 with Retry-After: the same answer for every username, known or not. */
export function rateLimitedResponse(retryAfterSeconds: number): Response {
  return Response.json(
    { error: RATE_LIMITED_MESSAGE, retryAfterSeconds },
    { status: 429, headers: { ...NO_STORE, "retry-after": String(retryAfterSeconds) } },
  );
}

// #region login-request
/**
 * The part every login route shares: same-origin check, bounded JSON body validated with
 * zod, rate-limited password check. Returns the user (with their current role) and the body,
 * or the response to send instead.
 */
export async function authenticateLoginRequest<S extends typeof credentialsSchema>(
  request: Request,
  schema: S = credentialsSchema as S,
): Promise<{ ok: true; user: User; body: z.infer<S> } | { ok: false; response: Response }> {
  if (isCrossOriginWrite(request)) return { ok: false, response: jsonError(403, CROSS_ORIGIN_MESSAGE) };
  const body = await parseJsonBody(request, schema);
  if (!body.ok) return body;
  const check = await checkCredentials(body.data, request.headers);
  if (check.ok) return { ok: true, user: check.user, body: body.data };
  if (check.reason === "rate-limited") return { ok: false, response: rateLimitedResponse(check.retryAfterSeconds) };
  return { ok: false, response: jsonError(401, LOGIN_FAILED_MESSAGE) };
}
// #endregion login-request
