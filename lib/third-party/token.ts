import { SignJWT, jwtVerify, importJWK, createLocalJWKSet, errors, type JSONWebKeySet, type JWTPayload } from "jose";
import { epochSeconds } from "../time";
import { thirdPartyConfig, type SigningJwk } from "./config";

/**
 * The hybrid: the app keeps server-side sessions for its own pages, and mints a
 * short-lived JWT when a third party (another service, another domain) needs to know who
 * the user is. Signed with an asymmetric key (Ed25519, "EdDSA"): the third party verifies
 * with the public keys from /.well-known/jwks.json and never holds a secret that could mint
 * tokens, and never asks our session store.
 *
 * Rotation: THIRD_PARTY_SIGNING_KEYS is a list; the first key signs, every key is published.
 * A new key is added last (published, not signing) and moved first only once every third
 * party's copy of the JWKS can hold it (JWKS_MAX_AGE_SECONDS after every instance serves it);
 * the old one stays published until every token it signed has expired
 * (THIRD_PARTY_TOKEN_TTL_SECONDS), then it is dropped ("retired"). See lib/third-party/rotation.ts.
 */

export const THIRD_PARTY_ALGORITHM = "EdDSA";
export const THIRD_PARTY_SCOPE = "profile:read";
/**
 * How long a third party (and any shared cache between) may keep /.well-known/jwks.json:
 * a key added to the list reaches it, and a key dropped leaves it, this long after every
 * instance serves the new list, or later behind a cache that keeps it longer.
 */
export const JWKS_MAX_AGE_SECONDS = 5 * 60;

export interface ThirdPartySettings {
  keys: SigningJwk[];
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

export function thirdPartySettingsFromConfig(): ThirdPartySettings {
  const thirdParty = thirdPartyConfig();
  return { keys: thirdParty.signingKeys, issuer: thirdParty.issuer, audience: thirdParty.audience, ttlSeconds: thirdParty.tokenTtlSeconds };
}

const privateKeys = new Map<string, Promise<CryptoKey | Uint8Array>>();
function privateKey(jwk: SigningJwk) {
  const cacheKey = `${jwk.kid}:${jwk.x}`;
  let key = privateKeys.get(cacheKey);
  if (!key) {
    key = importJWK({ ...jwk, alg: THIRD_PARTY_ALGORITHM }, THIRD_PARTY_ALGORITHM);
    privateKeys.set(cacheKey, key);
    // A key that failed to import is not kept: the next request tries again.
    key.catch(() => privateKeys.get(cacheKey) === key && privateKeys.delete(cacheKey));
  }
  return key;
}

// #region mint-third-party-token
/** A short-lived token for the third party, about this user, signed with the current key. */
export async function mintThirdPartyToken(user: { id: string; role: string }, settings = thirdPartySettingsFromConfig(), nowMs = Date.now()) {
  const [current] = settings.keys;
  const iat = epochSeconds(nowMs);
  const token = await new SignJWT({ role: user.role, scope: THIRD_PARTY_SCOPE })
    .setProtectedHeader({ alg: THIRD_PARTY_ALGORITHM, kid: current.kid, typ: "JWT" })
    .setSubject(user.id)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + settings.ttlSeconds)
    .setJti(crypto.randomUUID())
    .sign(await privateKey(current));
  return { token, kid: current.kid, expiresIn: settings.ttlSeconds };
}
// #endregion mint-third-party-token

/** The public halves only (no `d`): what /.well-known/jwks.json serves. */
export function publicJwks(keys: SigningJwk[] = thirdPartySettingsFromConfig().keys): JSONWebKeySet {
  return { keys: keys.map(({ kty, crv, x, kid }) => ({ kty, crv, x, kid, alg: THIRD_PARTY_ALGORITHM, use: "sig" })) };
}

export type ThirdPartyVerification =
  | { ok: true; payload: JWTPayload & { role?: string; scope?: string }; kid: string }
  | { ok: false; reason: "missing" | "unknown-key" | "bad-signature" | "expired" | "wrong-audience" | "wrong-issuer" | "invalid" };

// #region verify-third-party-token
/**
 * What the third party runs: the token checked against the published JWKS alone (no shared
 * secret, no session store), with algorithm, issuer and audience pinned.
 */
export async function verifyThirdPartyToken(
  token: string | undefined,
  jwks: JSONWebKeySet,
  expected: { issuer: string; audience: string },
  nowMs = Date.now(),
): Promise<ThirdPartyVerification> {
  if (!token) return { ok: false, reason: "missing" };
  try {
    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(jwks), {
      algorithms: [THIRD_PARTY_ALGORITHM],
      issuer: expected.issuer,
      audience: expected.audience,
      requiredClaims: ["sub", "iat", "exp", "jti"],
      currentDate: new Date(nowMs),
    });
    return { ok: true, payload, kid: protectedHeader.kid ?? "" };
  } catch (error) {
    if (error instanceof errors.JWKSNoMatchingKey) return { ok: false, reason: "unknown-key" };
    if (error instanceof errors.JWSSignatureVerificationFailed) return { ok: false, reason: "bad-signature" };
    if (error instanceof errors.JWTExpired) return { ok: false, reason: "expired" };
    if (error instanceof errors.JWTClaimValidationFailed && error.claim === "aud") return { ok: false, reason: "wrong-audience" };
    if (error instanceof errors.JWTClaimValidationFailed && error.claim === "iss") return { ok: false, reason: "wrong-issuer" };
    return { ok: false, reason: "invalid" };
  }
}
// #endregion verify-third-party-token

/** What each refusal means, in the server's words: the only text a challenge carries. */
const REFUSAL_DESCRIPTIONS: Record<Exclude<ThirdPartyVerification, { ok: true }>["reason"], string> = {
  missing: "No Bearer token.",
  "unknown-key": "The token names a key the JWKS does not list.",
  "bad-signature": "The signature does not match the key the token names.",
  expired: "The token has expired.",
  "wrong-audience": "The token is for another audience.",
  "wrong-issuer": "The token is from another issuer.",
  invalid: "The token is malformed or lacks a required claim.",
};

/**
 * The third party's `WWW-Authenticate` for a 401 (RFC 6750 §3): `Bearer` alone when no token
 * came, `invalid_token` with the server's description of the refusal when one did.
 */
export function thirdPartyChallenge(reason: keyof typeof REFUSAL_DESCRIPTIONS): string {
  const realm = 'Bearer realm="third-party"';
  if (reason === "missing") return realm;
  return `${realm}, error="invalid_token", error_description="${REFUSAL_DESCRIPTIONS[reason]}"`;
}
