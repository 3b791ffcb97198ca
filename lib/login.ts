import { authenticate, type User } from "./users";
import { credentialsSchema } from "./validation";
import { CROSS_ORIGIN_MESSAGE, isCrossOriginWrite, jsonError, parseJsonBody } from "./http";

/** One message for unknown user and wrong password alike: no username oracle. */
export const LOGIN_FAILED_MESSAGE = "Username or password is incorrect.";

// #region login-request
/**
 * The part every login route shares: same-origin check, bounded JSON body validated with
 * zod, password check. Returns the user, or the response to send instead.
 */
export async function authenticateLoginRequest(request: Request): Promise<{ ok: true; user: User } | { ok: false; response: Response }> {
  if (isCrossOriginWrite(request)) return { ok: false, response: jsonError(403, CROSS_ORIGIN_MESSAGE) };
  const body = await parseJsonBody(request, credentialsSchema);
  if (!body.ok) return body;
  const user = await authenticate(body.data.username, body.data.password);
  if (!user) return { ok: false, response: jsonError(401, LOGIN_FAILED_MESSAGE) };
  return { ok: true, user };
}
// #endregion login-request
