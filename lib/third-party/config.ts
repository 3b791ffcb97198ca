import { createPrivateKey, createPublicKey } from "node:crypto";
import { z } from "zod";
import { defineSection, withShared } from "../config";

/** An Ed25519 private key as a JWK, with the `kid` that tokens name it by. */
const ed25519PrivateJwk = z.object({
  kty: z.literal("OKP"),
  crv: z.literal("Ed25519"),
  x: z.string().min(40),
  d: z.string().min(40),
  kid: z.string().min(1),
});
export type SigningJwk = z.infer<typeof ed25519PrivateJwk>;

/**
 * The public half (`x`) that the private half (`d`) really has, or null when `d` is no
 * Ed25519 key. A JWK whose `x` is another key's would be published in the JWKS while its
 * `d` signs: no third party could verify a single token.
 */
function publicPartOf(jwk: SigningJwk): string | null {
  try {
    const derived = createPublicKey(createPrivateKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x, d: jwk.d }, format: "jwk" })).export({ format: "jwk" });
    return derived.x ?? null;
  } catch {
    return null;
  }
}

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
  const mismatched = keys.data.find((key) => publicPartOf(key) !== key.x);
  if (mismatched) {
    ctx.addIssue({
      code: "custom",
      message: `THIRD_PARTY_SIGNING_KEYS: the key "${mismatched.kid}" has a public part (x) that is not its private part's (d), so nothing it signs would verify. Copy the key whole from one output of the generator. ${SIGNING_KEYS_HINT}`,
    });
    return z.NEVER;
  }
  return keys.data;
});

/**
 * The longest a third-party token may live. Nothing revokes one: "sign out other devices" and
 * a role change reach this app's session store, which the third party never asks.
 */
export const THIRD_PARTY_TOKEN_TTL_MAX_SECONDS = 60 * 60;

const tokenTtlSeconds = z.coerce.number().int().positive()
  .max(THIRD_PARTY_TOKEN_TTL_MAX_SECONDS, {
    message: `must be at most ${THIRD_PARTY_TOKEN_TTL_MAX_SECONDS} (${THIRD_PARTY_TOKEN_TTL_MAX_SECONDS / 60} min): a token handed to a third party cannot be revoked, so it outlives a sign-out or a role change by up to its lifetime. Minutes are the usual figure.`,
  })
  .default(5 * 60);

/** Third-party tokens: the signing keys, who they are for, and how long they live. */
export const thirdPartySection = withShared(
  defineSection(
    z.object({
      THIRD_PARTY_SIGNING_KEYS: signingKeys,
      THIRD_PARTY_AUDIENCE: z.string().min(1).default("urn:jwt-vs-session:third-party"),
      THIRD_PARTY_TOKEN_TTL_SECONDS: tokenTtlSeconds,
    }),
    // Node.js only (route handlers, server pages, next.config.ts; the key check uses node:crypto): the whole environment, of which the schema keeps its own.
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
