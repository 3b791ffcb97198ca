import { SignJWT, jwtVerify, decodeProtectedHeader, errors, type JWTHeaderParameters } from "jose";
import { z } from "zod";
import { getConfig } from "./config";
import { cookieName, authCookieOptions } from "./cookies";

/**
 * Stateless access tokens: HS256 JWTs signed and verified with jose.
 * Edge-safe (Web Crypto only): middleware.ts imports this file.
 */

export const JWT_ALGORITHM = "HS256";
/** RFC 9068's type for access tokens; checked on verify so no other JWT we sign can stand in. */
export const ACCESS_TOKEN_TYPE = "at+jwt";
export const JWT_COOKIE = cookieName("jwt");

export const jwtClaimsSchema = z.object({
  sub: z.string().min(1),
  role: z.enum(["admin", "user"]),
  iat: z.number().int(),
  exp: z.number().int(),
  iss: z.string(),
  aud: z.string(),
  jti: z.string().min(1),
});
export type AccessTokenClaims = z.infer<typeof jwtClaimsSchema>;

export interface JwtSettings {
  secret: string;
  issuer: string;
  audience: string;
  accessTokenTtlSeconds: number;
}

export type JwtFailureReason =
  | "missing" // no token at all
  | "malformed" // not three base64url segments of JSON
  | "bad-signature" // signed with another key, or payload edited after signing
  | "wrong-algorithm" // e.g. `alg: none` or RS256 where only HS256 is accepted
  | "wrong-type" // a JWT that is not an access token
  | "wrong-issuer"
  | "wrong-audience"
  | "expired"
  | "not-yet-valid"
  | "invalid-claims"; // signature fine, but required claims missing or of the wrong shape

export type JwtVerification =
  | { ok: true; claims: AccessTokenClaims; header: JWTHeaderParameters }
  | { ok: false; reason: JwtFailureReason };

/** Human wording for each failure, for the login page and logs. */
export const JWT_FAILURE_MESSAGES: Record<JwtFailureReason, string> = {
  missing: "No token was sent.",
  malformed: "The token is not a well-formed JWT.",
  "bad-signature": "The token's signature does not match: it was altered or signed with another key.",
  "wrong-algorithm": "The token uses an algorithm this server does not accept.",
  "wrong-type": "The token is not an access token.",
  "wrong-issuer": "The token was issued by someone else.",
  "wrong-audience": "The token was issued for another audience.",
  expired: "The token has expired.",
  "not-yet-valid": "The token is not valid yet.",
  "invalid-claims": "The token's claims are missing or malformed.",
};

export function jwtSettingsFromConfig(): JwtSettings {
  return getConfig().jwt;
}

// Import the HMAC key once per secret: jose re-imports a raw Uint8Array secret on every
// call, and an imported CryptoKey verifies about twice as fast.
const keyCache = new Map<string, Promise<CryptoKey>>();
function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keyCache.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
      "verify",
    ]);
    keyCache.set(secret, key);
  }
  return key;
}

const toSeconds = (ms: number) => Math.floor(ms / 1000);

// #region sign-jwt
/** Signs an access token for this user. `nowMs` is injectable for tests. */
export async function signAccessToken(
  user: { id: string; role: "admin" | "user" },
  settings: JwtSettings = jwtSettingsFromConfig(),
  nowMs: number = Date.now(),
): Promise<string> {
  const iat = toSeconds(nowMs);
  return new SignJWT({ role: user.role })
    .setProtectedHeader({ alg: JWT_ALGORITHM, typ: ACCESS_TOKEN_TYPE })
    .setSubject(user.id)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + settings.accessTokenTtlSeconds)
    .setJti(crypto.randomUUID())
    .sign(await hmacKey(settings.secret));
}
// #endregion sign-jwt

// #region verify-jwt
/**
 * Verifies an access token with everything pinned: algorithm, type, issuer, audience,
 * expiry. Returns the claims, or *why* the token was refused.
 */
export async function verifyAccessToken(
  token: string | undefined | null,
  settings: JwtSettings = jwtSettingsFromConfig(),
  nowMs: number = Date.now(),
): Promise<JwtVerification> {
  if (!token) return { ok: false, reason: "missing" };
  try {
    const { payload, protectedHeader } = await jwtVerify(token, await hmacKey(settings.secret), {
      algorithms: [JWT_ALGORITHM], // never let the token choose (`alg: none`, RS/HS confusion)
      typ: ACCESS_TOKEN_TYPE,
      issuer: settings.issuer,
      audience: settings.audience,
      requiredClaims: ["sub", "iat", "exp", "jti"],
      currentDate: new Date(nowMs),
    });
    const claims = jwtClaimsSchema.safeParse(payload);
    if (!claims.success) return { ok: false, reason: "invalid-claims" };
    return { ok: true, claims: claims.data, header: protectedHeader };
  } catch (error) {
    return { ok: false, reason: failureReason(error) };
  }
}
// #endregion verify-jwt

function failureReason(error: unknown): JwtFailureReason {
  if (error instanceof errors.JWTExpired) return "expired";
  if (error instanceof errors.JWSSignatureVerificationFailed) return "bad-signature";
  if (error instanceof errors.JOSEAlgNotAllowed) return "wrong-algorithm";
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === "iss") return "wrong-issuer";
    if (error.claim === "aud") return "wrong-audience";
    if (error.claim === "typ") return "wrong-type";
    if (error.claim === "nbf" || (error.claim === "iat" && error.reason === "check_failed")) return "not-yet-valid";
    return "invalid-claims";
  }
  if (error instanceof errors.JOSENotSupported) return "wrong-algorithm";
  return "malformed";
}

/** The header of a token without trusting it (for display only). */
export function peekHeader(token: string): JWTHeaderParameters | null {
  try {
    return decodeProtectedHeader(token) as JWTHeaderParameters;
  } catch {
    return null;
  }
}

/**
 * Where the token comes from: `Authorization: Bearer` for non-browser clients (scripts,
 * mobile apps, other services); the HttpOnly cookie for browsers. Browsers never receive
 * the token in a response body, so page scripts (and XSS) cannot read it.
 */
export function readAccessToken(headers: Headers, cookieValue: string | undefined): string | undefined {
  const authorization = headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    return match?.[1] ?? "";
  }
  return cookieValue;
}

export function jwtCookieOptions(settings: JwtSettings = jwtSettingsFromConfig()) {
  return authCookieOptions(settings.accessTokenTtlSeconds);
}
