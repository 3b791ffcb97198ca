import type { z } from "zod";
import { authenticate, type User } from "./users";
import { credentialsSchema } from "./validation";
import { CROSS_ORIGIN_MESSAGE, isCrossOriginWrite, jsonError, parseJsonBody } from "./http";

/** One message for unknown user and wrong password alike: no username oracle. */
export const LOGIN_FAILED_MESSAGE = "Username or password is incorrect.";

// #region login-request
/**
 * The part every login route shares: same-origin check, bounded JSON body validated with
 * zod, password check. Returns the user (with their current role) and the body, or the
 * response to send instead.
 */
export async function authenticateLoginRequest<S extends typeof credentialsSchema>(
  request: Request,
  schema: S = credentialsSchema as S,
): Promise<{ ok: true; user: User; body: z.infer<S> } | { ok: false; response: Response }> {
  if (isCrossOriginWrite(request)) return { ok: false, response: jsonError(403, CROSS_ORIGIN_MESSAGE) };
  const body = await parseJsonBody(request, schema);
  if (!body.ok) return body;
  const user = await authenticate(body.data.username, body.data.password);
  if (!user) return { ok: false, response: jsonError(401, LOGIN_FAILED_MESSAGE) };
  return { ok: true, user, body: body.data };
}
// #endregion login-request
