import { generateKeyPairSync, randomUUID } from "node:crypto";

/** A fresh Ed25519 private JWK with a kid, for THIRD_PARTY_SIGNING_KEYS. */
export function generateSigningJwk(): Record<string, string> {
  const { privateKey } = generateKeyPairSync("ed25519");
  const jwk = privateKey.export({ format: "jwk" }) as Record<string, string>;
  return { kty: jwk.kty, crv: jwk.crv, x: jwk.x, d: jwk.d, kid: `ed25519-${randomUUID().slice(0, 8)}` };
}
