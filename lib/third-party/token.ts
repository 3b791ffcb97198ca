import { SignJWT, jwtVerify, importJWK, createLocalJWKSet, errors, type JSONWebKeySet, type JWTPayload } from "jose";
import { z } from "zod";
import { defineSection, positiveSeconds, withShared } from "../config";
import { epochSeconds } from "../time";

/**
 * The seeds' hybrid: the app keeps server-side sessions for its own pages, and mints a
 * short-lived JWT when a third party (another service, another domain) needs to know who
 * the user is. Signed with an asymmetric key (Ed25519, "EdDSA"): the third party verifies
 * with the public keys from /.well-known/jwks.json and never holds a secret that could mint
 * tokens, and never asks our session store.
 *
 * Rotation: THIRD_PARTY_SIGNING_KEYS is a list; the first key signs, every key is published.
 * A new key goes first; the old one stays published until every token it signed has expired
 * (5 minutes), then it is dropped ("retired").
 */

/** An Ed25519 private key as a JWK, with the `kid` that tokens name it by. */
const ed25519PrivateJwk = z.object({
  kty: z.literal("OKP"),
  crv: z.literal("Ed25519"),
  x: z.string().min(40),
  d: z.string().min(40),
  kid: z.string().min(1),
});
export type SigningJwk = z.infer<typeof ed25519PrivateJwk>;

const SIGNING_KEYS_HINT = "Make one with `npx tsx scripts/generate-signing-key.ts` (in development, `npm run dev` generates it into .env.local).";

/** JSON array of private JWKs: the first signs, the others are still published (rotation). */
const signingKeys = z.string().optional().transform((value, ctx) => {
  if (!value) {
    ctx.addIssue({ code: "custom", message: `THIRD_PARTY_SIGNING_KEYS is not set. ${SIGNING_KEYS_HINT}` });
    return z.NEVER;
  }
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    ctx.addIssue({ code: "custom", message: `THIRD_PARTY_SIGNING_KEYS is not valid JSON. ${SIGNING_KEYS_HINT}` });
    return z.NEVER;
  }
  const keys = z.array(ed25519PrivateJwk).min(1).safeParse(json);
  if (!keys.success) {
    ctx.addIssue({ code: "custom", message: `THIRD_PARTY_SIGNING_KEYS must be a JSON array of Ed25519 private JWKs with a kid. ${SIGNING_KEYS_HINT}` });
    return z.NEVER;
  }
  if (new Set(keys.data.map((k) => k.kid)).size !== keys.data.length) {
    ctx.addIssue({ code: "custom", message: "THIRD_PARTY_SIGNING_KEYS has two keys with the same kid." });
    return z.NEVER;
  }
  return keys.data;
});

/** Third-party tokens: the signing keys, who they are for, and how long they live. */
export const thirdPartySection = withShared(
  defineSection(
    z.object({
      THIRD_PARTY_SIGNING_KEYS: signingKeys,
      THIRD_PARTY_AUDIENCE: z.string().min(1).default("urn:jwt-vs-session:third-party"),
      THIRD_PARTY_TOKEN_TTL_SECONDS: positiveSeconds(5 * 60),
    }),
    // Node.js only (route handlers): the whole environment, of which the schema keeps its own.
    () => process.env,
  ),
  (e, shared) => ({
    signingKeys: e.THIRD_PARTY_SIGNING_KEYS,
    issuer: shared.issuer, // the app's name as an issuer, as on its own access tokens
    audience: e.THIRD_PARTY_AUDIENCE,
    tokenTtlSeconds: e.THIRD_PARTY_TOKEN_TTL_SECONDS,
  }),
);
export const thirdPartyConfig = thirdPartySection.get;

export const THIRD_PARTY_ALGORITHM = "EdDSA";
export const THIRD_PARTY_SCOPE = "profile:read";

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
  }
  return key;
}

// #region mint-third-party-token
/** A 5-minute token for the third party, about this user, signed with the current key. */
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
