import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { authenticateLoginRequest } from "@/lib/security/login";
import { DEFAULT_CHECKS, issueAccessToken } from "@/lib/jwt/issue";
import { REFRESH_FAILURE_MESSAGES, createRefreshToken, defaultRefreshDeps, rotateRefreshToken } from "@/lib/jwt/refresh";
import { DPOP_FAILURE_MESSAGES, addressedUrl, readDpopProof, spendProofJti, verifyDpopProof, type ProofVerification } from "@/lib/jwt/dpop";
import { jwtConfig } from "@/lib/jwt";
import { credentialsSchema } from "@/lib/validation";
import { StoreUnavailableError, getStore } from "@/lib/store";
import { CROSS_ORIGIN_MESSAGE, LOGIN_STORE_UNAVAILABLE_MESSAGE, NO_STORE, answerStoreOutage, isCrossOriginWrite, jsonError, parseJsonBody, STORE_UNAVAILABLE_MESSAGE } from "@/lib/http";
import { findUserById } from "@/lib/users";
import { logAuthEvent } from "@/lib/log";

/**
 * The token endpoint for non-browser clients (RFC 9449 §5): every request carries a DPoP
 * proof of the client's key, and the tokens come back in the body (a script has no cookie jar
 * to keep them from), both bound to that key. `{username, password}` signs in, through the
 * same rate-limited check as every sign-in; `{grant_type: "refresh_token", refresh_token}`
 * rotates a refresh token of the same key. Browsers use /api/jwt/login and its cookies.
 */

const grantSchema = z.object({
  grant_type: z.enum(["password", "refresh_token"], { error: 'grant_type must be "password" (the default) or "refresh_token".' }).default("password"),
});
const refreshGrantSchema = z.object({
  refresh_token: z.string({ error: "refresh_token must be a string." }).min(1, "refresh_token is required.").max(512, "refresh_token is too long."),
});

// #region jwt-token-route
export async function POST(request: NextRequest) {
  if (isCrossOriginWrite(request)) return jsonError(403, CROSS_ORIGIN_MESSAGE);
  return answerStoreOutage(request, async () => {
    // The body is read twice (a clone first, to choose the grant); each read is bounded.
    const grant = await parseJsonBody(request.clone(), grantSchema);
    if (!grant.ok) return grant.response;
    const proof = await verifyTokenRequestProof(request);
    if (!proof.ok) return oauthError("invalid_dpop_proof", DPOP_FAILURE_MESSAGES[proof.reason], proof.reason);
    return grant.data.grant_type === "password" ? passwordGrant(request, proof.jkt) : refreshGrant(request, proof.jkt);
  }, LOGIN_STORE_UNAVAILABLE_MESSAGE);
}
// #endregion jwt-token-route

/** The proof of a token request: for POST at this URL, no token to hash; its jti spent last. */
async function verifyTokenRequestProof(request: NextRequest): Promise<ProofVerification> {
  const read = readDpopProof(request.headers);
  if (!read.ok) return read;
  const proof = await verifyDpopProof(read.proof, { method: request.method, url: addressedUrl(request) });
  if (proof.ok && !(await spendProofJti(getStore(), proof))) return { ok: false, reason: "replayed-proof" };
  return proof;
}

async function passwordGrant(request: NextRequest, jkt: string): Promise<Response> {
  const login = await authenticateLoginRequest(request, credentialsSchema);
  if (!login.ok) return login.response;
  const refresh = await createRefreshToken(defaultRefreshDeps(), login.user.id, [...DEFAULT_CHECKS], jkt);
  const accessToken = await issueAccessToken(getStore(), login.user, DEFAULT_CHECKS, refresh.familyId, jkt, refresh.family.createdAt);
  logAuthEvent("jwt.token", { user: login.user.id, grant: "password" });
  return tokenResponse(accessToken, refresh.token);
}

async function refreshGrant(request: NextRequest, jkt: string): Promise<Response> {
  const body = await parseJsonBody(request, refreshGrantSchema);
  if (!body.ok) return body.response;
  const rotated = await rotateRefreshToken(defaultRefreshDeps(), body.data.refresh_token, jkt);
  if (!rotated.ok && rotated.reason === "store-unavailable") return interrupted(rotated.newToken);
  if (!rotated.ok) {
    logAuthEvent("jwt.refresh-refused", { reason: rotated.reason });
    return oauthError("invalid_grant", REFRESH_FAILURE_MESSAGES[rotated.reason], rotated.reason);
  }
  try {
    const user = await findUserById(rotated.userId);
    if (!user) return oauthError("invalid_grant", REFRESH_FAILURE_MESSAGES.unknown, "unknown");
    logAuthEvent("jwt.token", { user: user.id, grant: "refresh_token" });
    return tokenResponse(await issueAccessToken(getStore(), user, rotated.checks, rotated.familyId, rotated.jkt, rotated.authTime), rotated.newToken);
  } catch (error) {
    if (!StoreUnavailableError.is(error) || !rotated.newToken) throw error;
    return interrupted(rotated.newToken);
  }
}

/**
 * The rotation was saved (or sent, and may land), then the store stopped: the old token is
 * spent, so the client gets the new one with the 503, or its next refresh would count as reuse.
 */
function interrupted(newRefreshToken: string): Response {
  const answer = jsonError(503, STORE_UNAVAILABLE_MESSAGE, { reason: "unavailable", refresh_token: newRefreshToken });
  answer.headers.set("retry-after", "5");
  return answer;
}

/** RFC 6749 §5.1: no refresh token within the two-tabs grace window (the winner has it). */
function tokenResponse(accessToken: string, refreshToken: string | null): Response {
  const expiresIn = jwtConfig().shortAccessTokenTtlSeconds; // the checks include "refresh": a short token
  return NextResponse.json(
    { access_token: accessToken, token_type: "DPoP", expires_in: expiresIn, ...(refreshToken ? { refresh_token: refreshToken } : {}) },
    { headers: NO_STORE },
  );
}

/** RFC 6749 §5.2: a 400 with the error's code, a sentence, and this app's reason. */
function oauthError(error: "invalid_dpop_proof" | "invalid_grant", description: string, reason: string): Response {
  return Response.json({ error, error_description: description, reason }, { status: 400, headers: NO_STORE });
}
