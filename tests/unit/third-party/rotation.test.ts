import { describe, expect, it } from "vitest";
import { mintThirdPartyToken, publicJwks, verifyThirdPartyToken, type ThirdPartySettings } from "@/lib/third-party/token";
import { promoteNewestKey, publishNewKey } from "@/lib/third-party/rotation";
import { generateSigningJwk } from "@/scripts/lib/signing-key";
import type { SigningJwk } from "@/lib/third-party/config";

const NOW = Date.UTC(2026, 0, 1);
const oldKey = generateSigningJwk() as SigningJwk;
const newKey = generateSigningJwk() as SigningJwk;
const settings = (keys: SigningJwk[]): ThirdPartySettings => ({ keys, issuer: "jwt-vs-session", audience: "urn:third-party", ttlSeconds: 300 });
const expected = { issuer: "jwt-vs-session", audience: "urn:third-party" };
const bob = { id: "bob", role: "user" };

describe("rotating the third-party keys in two phases (lib/third-party/rotation.ts, scripts/generate-signing-key.ts)", () => {
  it("phase 1 publishes the new key last: the current key still signs", async () => {
    const phase1 = publishNewKey([oldKey], newKey);
    expect(phase1.map((key) => key.kid)).toEqual([oldKey.kid, newKey.kid]);
    expect((await mintThirdPartyToken(bob, settings(phase1), NOW)).kid).toBe(oldKey.kid);
    expect(publicJwks(phase1).keys.map((key) => key.kid)).toEqual([oldKey.kid, newKey.kid]);
  });

  it("a token minted after phase 2 verifies against the JWKS a third party cached during phase 1", async () => {
    const phase1 = publishNewKey([oldKey], newKey);
    const cachedDuringPhase1 = publicJwks(phase1);
    const phase2 = promoteNewestKey(phase1);
    expect(phase2.map((key) => key.kid)).toEqual([newKey.kid, oldKey.kid]);
    const fresh = await mintThirdPartyToken(bob, settings(phase2), NOW);
    expect(fresh.kid).toBe(newKey.kid);
    expect(await verifyThirdPartyToken(fresh.token, cachedDuringPhase1, expected, NOW)).toMatchObject({ ok: true, kid: newKey.kid });
    // A token the old key signed before phase 2 still verifies with the JWKS served after it.
    const earlier = await mintThirdPartyToken(bob, settings(phase1), NOW);
    expect(await verifyThirdPartyToken(earlier.token, publicJwks(phase2), expected, NOW)).toMatchObject({ ok: true, kid: oldKey.kid });
  });

  it("a key that signed at once would be unknown to a third party holding the JWKS from before: why phase 1 exists", async () => {
    const cachedBefore = publicJwks([oldKey]);
    const signingAtOnce = await mintThirdPartyToken(bob, settings([newKey, oldKey]), NOW);
    expect(await verifyThirdPartyToken(signingAtOnce.token, cachedBefore, expected, NOW)).toEqual({ ok: false, reason: "unknown-key" });
  });

  it("refuses a second key with the same kid, and a promotion with nothing newer to promote", () => {
    expect(() => publishNewKey([oldKey], { ...newKey, kid: oldKey.kid })).toThrow(/already has a key with the kid/);
    expect(() => promoteNewestKey([oldKey])).toThrow(/no newer key to promote/);
  });
});
