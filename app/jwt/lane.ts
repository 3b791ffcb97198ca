import type { NextRequest } from "next/server";
import { JWT_COOKIE, readAccessToken, type JwtFailureReason } from "@/lib/jwt";
import { authenticateAccessToken, needsStoreCheck } from "@/lib/jwt/revocation";
import { JWT_REFRESH_COOKIE } from "@/lib/jwt/issue";
import { getStore, storeReachableFromEdge } from "@/lib/store";
import type { Lane, Verdict } from "../lane";
import { ROUTES } from "../routes";

// #region jwt-guard
async function checkJwt(request: NextRequest): Promise<Verdict<JwtFailureReason>> {
  const token = readAccessToken(request.headers, request.cookies.get(JWT_COOKIE)?.value);
  // Revocation checks need the store: from the Edge only when it is Redis over HTTP;
  // otherwise requireJwtUser() does them on Node.js.
  const auth = await authenticateAccessToken(token, storeReachableFromEdge() ? getStore() : null);
  if (!auth.ok) return { ok: false, reason: auth.reason, refreshable: auth.refreshable };
  const forward: Record<string, string> = { "x-user-id": auth.claims.sub, "x-user-role": auth.claims.role };
  if (needsStoreCheck(auth.claims)) forward["x-auth-jwt-revocation"] = auth.storeChecked ? "edge" : "deferred";
  return { ok: true, forward };
}
// #endregion jwt-guard

/** /jwt: the signed JWT is verified here (pages verify again). */
export const jwtLane: Lane<JwtFailureReason> = {
  name: "jwt",
  pagePath: ROUTES.jwt.overview,
  apiPrefix: ROUTES.jwt.api.prefix,
  loginPath: ROUTES.jwt.login,
  publicPaths: [ROUTES.jwt.overview, ROUTES.jwt.login, ROUTES.jwt.replay, ROUTES.jwt.api.login, ROUTES.jwt.api.logout, ROUTES.jwt.api.refresh, ROUTES.jwt.api.refreshDemo, ROUTES.jwt.api.refreshThief],
  cookieName: JWT_COOKIE,
  credentialCookies: [JWT_COOKIE, JWT_REFRESH_COOKIE],
  guard: async (request, respond) => respond(await checkJwt(request)),
};
