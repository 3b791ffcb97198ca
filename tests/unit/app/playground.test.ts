import { describe, expect, it } from "vitest";
import { signAccessToken, jwtSettingsFromConfig } from "@/lib/jwt";
import { PRESETS, customVariantSchema, presetVariant, presetsFor, readToken, tryVariant, type Preset } from "@/app/jwt/playground/tamper";

/**
 * Every preset of the tamper playground is refused by the app's real verifier, for the reason
 * its RFC 8725 check gives; with a leaked key, the checks behind the signature still refuse
 * all but the wrong-key variant (the leaked key signs over it). A kid naming no key of the
 * server's is refused whatever the key: it only picks among the server's own keys.
 */
const EXPECTED: Record<Preset, { real: string; ifKeyLeaked: string | "accepted" }> = {
  "alg-none": { real: "wrong-algorithm", ifKeyLeaked: "wrong-algorithm" },
  "other-role": { real: "bad-signature", ifKeyLeaked: "accepted" },
  "other-aud": { real: "bad-signature", ifKeyLeaked: "wrong-audience" },
  "other-typ": { real: "bad-signature", ifKeyLeaked: "wrong-type" },
  "past-exp": { real: "bad-signature", ifKeyLeaked: "expired" },
  "no-signature": { real: "bad-signature", ifKeyLeaked: "bad-signature" },
  "kid-jku": { real: "bad-signature", ifKeyLeaked: "bad-signature" },
  "wrong-key": { real: "bad-signature", ifKeyLeaked: "accepted" },
};

async function ownToken() {
  return signAccessToken({ id: "bob", role: "user" }, jwtSettingsFromConfig());
}

describe("app/jwt/playground/tamper", () => {
  for (const preset of PRESETS) {
    it(`${preset}: refused by the real verifier (${EXPECTED[preset].real}); with a leaked key: ${EXPECTED[preset].ifKeyLeaked}`, async () => {
      const token = await ownToken();
      const { variant, meta } = presetVariant(token, preset);
      const result = await tryVariant(token, variant, meta);
      expect(result.forged).toBe(true); // every preset changes the token
      expect(result.real).toMatchObject({ accepted: false, reason: EXPECTED[preset].real });
      if (EXPECTED[preset].ifKeyLeaked === "accepted") expect(result.ifKeyLeaked.accepted).toBe(true);
      else expect(result.ifKeyLeaked).toMatchObject({ accepted: false, reason: EXPECTED[preset].ifKeyLeaked });
      expect(result.rfc).toMatch(/^RFC (8725|7519) §/);
      // The check is shown with the answer it gives, a refusal; where the leaked-key variant is
      // refused by another check than the real one (which stopped at the signature), with that variant.
      const checked = { real: result.real, leaked: result.ifKeyLeaked }[result.rfcAnswers];
      expect(checked.accepted).toBe(false);
      if (!result.ifKeyLeaked.accepted && result.ifKeyLeaked.reason !== result.real.reason) expect(result.rfcAnswers).toBe("leaked");
    });
  }

  it("the role preset always changes the role: an admin's token is turned into a user's, and the label says so", async () => {
    const token = await signAccessToken({ id: "alice", role: "admin" }, jwtSettingsFromConfig());
    expect(presetsFor(readToken(token).claims).find((p) => p.preset === "other-role")?.label).toBe("role → user");
    const { variant, meta } = presetVariant(token, "other-role");
    expect(meta).toMatchObject({ label: "role → user", change: "The claims say user instead of admin; the signature is the original one." });
    const result = await tryVariant(token, variant, meta);
    expect(result.claims.role).toBe("user");
    expect(result.forged).toBe(true);
    expect(result.real).toMatchObject({ accepted: false, reason: "bad-signature" });
    expect(presetsFor(readToken(await ownToken()).claims).find((p) => p.preset === "other-role")?.label).toBe("role → admin");
  });

  it("the untouched token, sent back as it is, is accepted: the playground itself is honest", async () => {
    const token = await ownToken();
    const { header, claims } = readToken(token);
    const result = await tryVariant(token, { header, claims, signature: "original" }, { label: "", change: "", rfc: "", rfcAnswers: "real" });
    expect(result.real).toMatchObject({ accepted: true, message: "as bob (user)." }); // the page puts "Accepted" before it
    expect(result.forged).toBe(false); // the user's own token: accepting it is no win for an attacker
  });

  it("free edits must be JSON objects of bounded size, and say so in a sentence", () => {
    expect(customVariantSchema.safeParse({ header: "[1]", claims: "{}", signature: "original" }).error?.issues[0].message).toBe('The header must be a JSON object, like {"alg": "HS256"}.');
    // Each part's example is one of its own (not a header field for the claims).
    expect(customVariantSchema.safeParse({ header: "{}", claims: "[1]", signature: "original" }).error?.issues[0].message).toBe('The claims must be a JSON object, like {"sub": "bob", "role": "user"}.');
    expect(customVariantSchema.safeParse({ header: "{}", claims: "x".repeat(5000), signature: "original" }).error?.issues[0].message).toContain("too long");
    expect(customVariantSchema.safeParse({ header: "{}", claims: "{}", signature: "real-key" }).error?.issues[0].message).toBe("Choose which signature the variant carries.");
  });
});
