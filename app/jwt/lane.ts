import type { NextRequest } from "next/server";
import { JWT_COOKIE, readAccessToken, type JwtFailureReason } from "@/lib/jwt";
import { authenticateAccessToken, needsStoreCheck } from "@/lib/jwt/revocation";
import { JWT_REFRESH_COOKIE } from "@/lib/jwt/issue";
import { DPOP_ALGORITHMS } from "@/lib/jwt/dpop";
import { getStore, storeReachableFromEdge } from "@/lib/store";
import type { Lane, Verdict } from "../lane";
import { JWT_ROUTES, refreshUrl } from "./routes";

// #region jwt-guard
async function checkJwt(request: NextRequest): Promise<Verdict<JwtFailureReason>> {
  // A DPoP-bound token is verified here like any other (signature, claims, revocation); its
  // proof is the second gate's (app/jwt/gate.ts): the replay cache needs the store, and the
  // refusal carries the DPoP challenge there.
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
  pagePath: JWT_ROUTES.overview,
  apiPrefix: JWT_ROUTES.api.prefix,
  loginPath: JWT_ROUTES.login,
  publicPaths: [JWT_ROUTES.overview, JWT_ROUTES.login, JWT_ROUTES.replay, JWT_ROUTES.api.login, JWT_ROUTES.api.logout, JWT_ROUTES.api.refresh, JWT_ROUTES.api.refreshDemo, JWT_ROUTES.api.refreshThief, JWT_ROUTES.api.token],
  cookieName: JWT_COOKIE,
  credentialCookies: [JWT_COOKIE, JWT_REFRESH_COOKIE],
  refreshUrl,
  guard: async (request, respond) => respond(await checkJwt(request)),
  challenge: jwtChallenge,
};

/**
 * The JWT API's 401 challenge (RFC 6750 §3, RFC 9449 §7.1): a Bearer token or a DPoP-bound one;
 * `invalid_token` when one came and was refused (the reason is in the JSON body). A DPoP
 * proof's own failures answer with the DPoP challenge alone (lib/jwt/dpop.ts).
 */
export function jwtChallenge(reason: string): string {
  const realm = 'realm="jwt-vs-session"';
  const bearer = reason === "missing" ? `Bearer ${realm}` : `Bearer ${realm}, error="invalid_token"`;
  return `${bearer}, DPoP algs="${DPOP_ALGORITHMS.join(" ")}"`;
}
