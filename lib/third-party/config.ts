import { z } from "zod";
import { defineSection, positiveSeconds, withShared } from "../config";

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
