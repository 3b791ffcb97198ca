import { SignJWT, jwtVerify, errors, type JWTHeaderParameters } from "jose";
import { z } from "zod";
import { SECONDS_PER_DAY, defineSection, positiveSeconds, refreshTokenLifetime, reuseGraceSeconds, withShared } from "./config";
import { cookieName } from "./cookies";
import { hmacKey, keyId, notReused, previousSecrets, rotatableSecret, secretForKeyId } from "./signing-keys";
import { epochSeconds } from "./time";
import { roleSchema, type Role } from "./validation";

/**
 * Stateless access tokens, the core: HS256 JWTs signed and verified with jose, everything
 * pinned, read from the cookie or `Authorization: Bearer`. Add-ons live in lib/jwt/ (the
 * revocation checks, refresh-token families, issuing cookies) and import this file; it
 * imports none of them. Edge-safe (Web Crypto only): middleware.ts imports it.
 */

/** The JWT_* variables: the signing secret, who accepts tokens, refresh lifetimes; the shared ones (lib/config.ts) added. */
export const jwtSection = withShared(
  defineSection(
    z.object({
      JWT_SECRET: rotatableSecret("JWT_SECRET"),
      JWT_SECRET_PREVIOUS: previousSecrets("JWT_SECRET_PREVIOUS"), // key rotation: these only verify
      JWT_AUDIENCE: z.string().min(1).default("jwt-vs-session:web"),
      JWT_REFRESH_TOKEN_TTL_SECONDS: positiveSeconds(30 * SECONDS_PER_DAY),
      JWT_REFRESH_REUSE_GRACE_SECONDS: reuseGraceSeconds(20),
    }).refine(...notReused("JWT_SECRET", "JWT_SECRET_PREVIOUS")),
    () => ({
      JWT_SECRET: process.env.JWT_SECRET,
      JWT_SECRET_PREVIOUS: process.env.JWT_SECRET_PREVIOUS,
      JWT_AUDIENCE: process.env.JWT_AUDIENCE,
      JWT_REFRESH_TOKEN_TTL_SECONDS: process.env.JWT_REFRESH_TOKEN_TTL_SECONDS,
      JWT_REFRESH_REUSE_GRACE_SECONDS: process.env.JWT_REFRESH_REUSE_GRACE_SECONDS,
    }),
  ),
  (e, shared) => ({
    secret: e.JWT_SECRET,
    previousSecrets: e.JWT_SECRET_PREVIOUS,
    issuer: shared.issuer,
    audience: e.JWT_AUDIENCE,
    accessTokenTtlSeconds: shared.accessTokenTtlSeconds, // a token issued without a refresh token
    shortAccessTokenTtlSeconds: shared.shortAccessTokenTtlSeconds, // one issued with a refresh token
    refreshTokenTtlSeconds: refreshTokenLifetime(shared, "JWT_REFRESH_TOKEN_TTL_SECONDS", e.JWT_REFRESH_TOKEN_TTL_SECONDS),
    refreshReuseGraceSeconds: e.JWT_REFRESH_REUSE_GRACE_SECONDS,
    maxFamiliesPerUser: shared.maxDevices, // live refresh-token families per user: one per device
  }),
);
export const jwtConfig = jwtSection.get;

export const JWT_ALGORITHM = "HS256";
/** RFC 9068's type for access tokens; checked on verify so no other JWT we sign can stand in. */
export const ACCESS_TOKEN_TYPE = "at+jwt";
export const JWT_COOKIE = cookieName("jwt");

/**
 * Revocation checks, chosen at login, in the signed `rev` claim (a thief cannot remove them;
 * lib/jwt/revocation.ts runs them): "jti" (logout denylists the token), "ver" (the user's token
 * version), "refresh" (short-lived, with a rotating refresh token). Without `rev`: the plain JWT.
 */
export const REVOCATION_CHECKS = ["jti", "ver", "refresh"] as const;
export type RevocationCheck = (typeof REVOCATION_CHECKS)[number];

export const jwtClaimsSchema = z.object({
  sub: z.string().min(1),
  role: roleSchema,
  iat: z.number().int(),
  exp: z.number().int(),
  iss: z.string(),
  aud: z.string(),
  jti: z.string().min(1),
  rev: z.array(z.enum(REVOCATION_CHECKS)).optional(),
  ver: z.number().optional(),
  fam: z.string().optional(), // the refresh-token family this token came with (so logout can revoke it)
  /** RFC 9449: bound to the key with this thumbprint; only its holder can use it (lib/jwt/dpop.ts). */
  cnf: z.object({ jkt: z.string().min(1) }).optional(),
  auth_time: z.number().int().optional(), // RFC 9068: when the password was checked (refreshes keep it; lib/step-up.ts)
});
export type AccessTokenClaims = z.infer<typeof jwtClaimsSchema>;

/** What signing and verifying need (tests and the playground pass their own). */
export type JwtSettings = Pick<ReturnType<typeof jwtConfig>, "secret" | "issuer" | "audience" | "accessTokenTtlSeconds"> & { previousSecrets?: readonly string[] };

export type JwtVerification =
  | { ok: true; claims: AccessTokenClaims; header: JWTHeaderParameters }
  /** `expiredClaims`: an authentic token past its `exp` (lets a guard offer a refresh). */
  | { ok: false; reason: JwtFailureReason; expiredClaims?: AccessTokenClaims };

/** Every reason a token is refused, in words for the login page and logs. */
export const JWT_FAILURE_MESSAGES = {
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
  revoked: "The token was revoked at logout (its jti is on the denylist).",
  "stale-version": "This account was signed out everywhere after the token was signed, so its token version is stale.",
  "role-changed": "An admin changed your role since the token was signed, and the token-version check ended it: the next token carries your current role.",
  "family-revoked": "The sign-in this token belongs to was signed out.",
  "family-reused": "A refresh token of this sign-in was used twice, so it was probably stolen: every token of the sign-in is revoked, this one too.",
  "family-evicted": "A newer sign-in to this account went past the device limit, and this sign-in was the oldest.",
  "key-not-proven": "The token is bound to a key (DPoP), and the request did not prove it holds that key.",
} as const satisfies Record<string, string>;
/** From "revoked" on, the add-ons': the denylist, the token version, the family (lib/jwt/revocation.ts), the key (lib/jwt/dpop.ts). A store outage throws. */
export type JwtFailureReason = keyof typeof JWT_FAILURE_MESSAGES;
export const jwtSettingsFromConfig: () => JwtSettings = jwtConfig;

export interface AccessTokenOptions {
  checks?: readonly RevocationCheck[]; // claim `rev`; none by default
  tokenVersion?: number; // when "ver" is among the checks
  ttlSeconds?: number; // overrides settings.accessTokenTtlSeconds (a short token, with a refresh token)
  refreshFamily?: string; // when "refresh" is among the checks
  extraClaims?: Record<string, unknown>; // e.g. permissions (the cookie budget demo); never the pinned ones
  jti?: string; // the token's id, for a caller that must name the token it issued; a random UUID by default
}

// #region sign-jwt
/** Signs an access token for this user. `nowMs` is injectable for tests. */
export async function signAccessToken(
  user: { id: string; role: Role },
  settings: JwtSettings = jwtSettingsFromConfig(),
  nowMs: number = Date.now(),
  { checks = [], tokenVersion, ttlSeconds = settings.accessTokenTtlSeconds, refreshFamily, extraClaims, jti = crypto.randomUUID() }: AccessTokenOptions = {},
): Promise<string> {
  const iat = epochSeconds(nowMs);
  const claims: Record<string, unknown> = { ...extraClaims, role: user.role };
  if (checks.length > 0) claims.rev = [...checks];
  if (checks.includes("ver")) claims.ver = tokenVersion ?? 0;
  if (checks.includes("refresh") && refreshFamily) claims.fam = refreshFamily;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: JWT_ALGORITHM, typ: ACCESS_TOKEN_TYPE, kid: await keyId(settings.secret) }) // which key: for rotation
    .setSubject(user.id)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttlSeconds)
    .setJti(jti)
    .sign(await hmacKey(settings.secret));
}
// #endregion sign-jwt

// #region verify-jwt
/**
 * Verifies an access token with everything pinned: algorithm, type, issuer, audience,
 * expiry. Returns the claims, or *why* the token was refused. A token this process accepted
 * before is answered from memory (see `verifiedTokens`).
 */
export async function verifyAccessToken(
  token: string | undefined | null,
  settings: JwtSettings = jwtSettingsFromConfig(),
  nowMs: number = Date.now(),
): Promise<JwtVerification> {
  if (!token) return { ok: false, reason: "missing" };
  const known = verifiedTokens.get(token);
  const nowSeconds = epochSeconds(nowMs);
  if (known && sameSettings(known.settings, settings) && known.verifiedAtSeconds <= nowSeconds && nowSeconds < known.claims.exp) {
    return { ok: true, claims: known.claims, header: known.header };
  }
  const verdict = await verifyAccessTokenFully(token, settings, nowMs);
  if (verdict.ok) {
    const { secret, issuer, audience, previousSecrets } = settings;
    remember(token, { settings: { secret, issuer, audience, previousSecrets }, claims: deepFreeze(verdict.claims), header: deepFreeze(verdict.header), verifiedAtSeconds: nowSeconds });
  }
  return verdict;
}

/** The whole check, every time: signature (Web Crypto HMAC), header and claims. */
export async function verifyAccessTokenFully(token: string, settings: JwtSettings, nowMs: number): Promise<JwtVerification> {
  try {
    // The key the token names (`kid`): the current one or a previous one (JWT_SECRET_PREVIOUS).
    const key = async ({ kid }: { kid?: unknown }) => hmacKey((await secretForKeyId(kid, settings.secret, settings.previousSecrets)) ?? unknownKey());
    const { payload, protectedHeader } = await jwtVerify(token, key, {
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
    if (error instanceof errors.JWTExpired) {
      // jose checked the signature before the expiry, so these claims are authentic.
      const claims = jwtClaimsSchema.safeParse(error.payload);
      return { ok: false, reason: "expired", expiredClaims: claims.success ? claims.data : undefined };
    }
    return { ok: false, reason: failureReason(error) };
  }
}

/**
 * Tokens this process has accepted, by their exact text: a Map lookup instead of an HMAC
 * through Web Crypto (~40 µs). Sound because all the full check reads is in the signed text
 * but the clock: a hit needs the same secret, issuer and audience and a time before `exp`.
 * Only tokens accepted under a real key go in (forged ones cannot fill it), at most
 * VERIFIED_TOKENS_MAX, oldest dropped. Revocation checks are never cached.
 */
const VERIFIED_TOKENS_MAX = 1000;
type VerifiedWith = Pick<JwtSettings, "secret" | "issuer" | "audience" | "previousSecrets">;
interface VerifiedToken { settings: VerifiedWith; claims: AccessTokenClaims; header: JWTHeaderParameters; verifiedAtSeconds: number }
const verifiedTokens = new Map<string, VerifiedToken>();

const sameSettings = (a: VerifiedWith, b: VerifiedWith) =>
  a.secret === b.secret && a.issuer === b.issuer && a.audience === b.audience && JSON.stringify(a.previousSecrets ?? []) === JSON.stringify(b.previousSecrets ?? []);

function remember(token: string, verified: VerifiedToken) {
  if (!verifiedTokens.has(token) && verifiedTokens.size >= VERIFIED_TOKENS_MAX) verifiedTokens.delete(verifiedTokens.keys().next().value as string);
  verifiedTokens.set(token, verified);
}

/** Shared between requests, so nobody may change them. */
function deepFreeze<T extends object>(value: T): T {
  for (const inner of Object.values(value)) if (inner && typeof inner === "object") deepFreeze(inner);
  return Object.freeze(value);
}
// #endregion verify-jwt

const UNKNOWN_KEY = "jwt-vs-session: unknown kid";
const unknownKey = (): never => { throw new Error(UNKNOWN_KEY); };

function failureReason(error: unknown): JwtFailureReason {
  if (error instanceof Error && error.message === UNKNOWN_KEY) return "bad-signature"; // a key this server does not hold (or no longer: rotated out)
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

/**
 * Where the token comes from: `Authorization: Bearer` (or `DPoP`, for a key-bound token) for
 * non-browser clients (scripts, apps, other services); the HttpOnly cookie for browsers, which
 * never get the token in a body or a page, so page scripts (and XSS) cannot read it (the demo's
 * "Copy my credential" aside).
 */
export function readAccessToken(headers: Headers, cookieValue: string | undefined): string | undefined {
  const authorization = headers.get("authorization");
  return authorization ? (/^(?:Bearer|DPoP)\s+(\S+)$/i.exec(authorization)?.[1] ?? "") : cookieValue;
}
