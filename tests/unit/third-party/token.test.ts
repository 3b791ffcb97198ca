import { describe, expect, it } from "vitest";
import { decodeProtectedHeader } from "jose";
import { mintThirdPartyToken, publicJwks, verifyThirdPartyToken, type ThirdPartySettings } from "@/lib/third-party/token";
import { generateSigningJwk } from "@/scripts/lib/signing-key";
import type { SigningJwk } from "@/lib/third-party/config";

const NOW = Date.UTC(2026, 0, 1);
const oldKey = generateSigningJwk() as SigningJwk;
const newKey = generateSigningJwk() as SigningJwk;
const settings = (keys: SigningJwk[]): ThirdPartySettings => ({ keys, issuer: "jwt-vs-session", audience: "urn:third-party", ttlSeconds: 300 });
const expected = { issuer: "jwt-vs-session", audience: "urn:third-party" };
const bob = { id: "bob", role: "user" };

describe("tokens for a third party (lib/third-party/token.ts)", () => {
  it("are EdDSA-signed, name their key, and verify with the public JWKS alone", async () => {
    const { token, kid, expiresIn } = await mintThirdPartyToken(bob, settings([newKey]), NOW);
    expect(decodeProtectedHeader(token)).toEqual({ alg: "EdDSA", kid: newKey.kid, typ: "JWT" });
    expect([kid, expiresIn]).toEqual([newKey.kid, 300]);
    const jwks = publicJwks([newKey]);
    expect(JSON.stringify(jwks)).not.toContain(newKey.d); // the private half is never published
    const result = await verifyThirdPartyToken(token, jwks, expected, NOW);
    expect(result).toMatchObject({ ok: true, kid: newKey.kid, payload: { sub: "bob", role: "user", scope: "profile:read", aud: "urn:third-party" } });
  });

  it("expire after five minutes", async () => {
    const { token } = await mintThirdPartyToken(bob, settings([newKey]), NOW);
    expect(await verifyThirdPartyToken(token, publicJwks([newKey]), expected, NOW + 299_000)).toMatchObject({ ok: true });
    expect(await verifyThirdPartyToken(token, publicJwks([newKey]), expected, NOW + 301_000)).toEqual({ ok: false, reason: "expired" });
  });

  it("key rotation: a token from the previous key verifies while both are published, and not once it is retired", async () => {
    const { token } = await mintThirdPartyToken(bob, settings([oldKey]), NOW);
    const rotated = settings([newKey, oldKey]);
    expect((await mintThirdPartyToken(bob, rotated, NOW)).kid).toBe(newKey.kid); // the new key signs
    expect(await verifyThirdPartyToken(token, publicJwks(rotated.keys), expected, NOW)).toMatchObject({ ok: true, kid: oldKey.kid });
    expect(await verifyThirdPartyToken(token, publicJwks([newKey]), expected, NOW)).toEqual({ ok: false, reason: "unknown-key" });
  });

  it("a leaked key signs whatever exp its holder picks: a year-long admin token verifies while any JWKS lists the key, and is refused once it is dropped", async () => {
    const attacker = { ...settings([oldKey]), ttlSeconds: 365 * 24 * 60 * 60 };
    const { token } = await mintThirdPartyToken({ id: "alice", role: "admin" }, attacker, NOW);
    const aMonthLater = NOW + 30 * 24 * 60 * 60 * 1000;
    expect(await verifyThirdPartyToken(token, publicJwks([newKey, oldKey]), expected, aMonthLater)).toMatchObject({ ok: true, payload: { sub: "alice", role: "admin" } });
    expect(await verifyThirdPartyToken(token, publicJwks([newKey]), expected, aMonthLater)).toEqual({ ok: false, reason: "unknown-key" });
  });

  it("a key that fails to import is not kept: the same kid and public key, whole this time, sign", async () => {
    const key = generateSigningJwk() as SigningJwk;
    await expect(mintThirdPartyToken(bob, settings([{ ...key, d: "A".repeat(40) }]), NOW)).rejects.toThrow();
    const { token } = await mintThirdPartyToken(bob, settings([key]), NOW);
    expect(await verifyThirdPartyToken(token, publicJwks([key]), expected, NOW)).toMatchObject({ ok: true, kid: key.kid });
  });

  it("are refused for another audience, and a token signed by an unpublished key is refused", async () => {
    const { token } = await mintThirdPartyToken(bob, settings([newKey]), NOW);
    expect(await verifyThirdPartyToken(token, publicJwks([newKey]), { ...expected, audience: "urn:someone-else" }, NOW)).toEqual({
      ok: false,
      reason: "wrong-audience",
    });
    const forger = { ...(generateSigningJwk() as SigningJwk), kid: newKey.kid }; // same kid, different key
    const forged = await mintThirdPartyToken(bob, settings([forger]), NOW);
    expect(await verifyThirdPartyToken(forged.token, publicJwks([newKey]), expected, NOW)).toEqual({ ok: false, reason: "bad-signature" });
  });
});
