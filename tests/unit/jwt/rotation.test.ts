import { describe, expect, it } from "vitest";
import { SignJWT, decodeProtectedHeader } from "jose";
import { signAccessToken, verifyAccessToken, jwtSection, type JwtSettings } from "@/lib/jwt";
import { createRefreshToken, rotateRefreshToken, type RefreshDeps } from "@/lib/jwt/refresh";
import { keyId, secretForKeyId } from "@/lib/signing-keys";
import { ConfigError } from "@/lib/config";
import { MemoryStore } from "@/lib/store/memory";

/**
 * Signing-key rotation: JWT_SECRET signs, JWT_SECRET_PREVIOUS only verifies; each token names
 * its key by a fingerprint (`kid`). Restarting with a new key keeps tokens signed by the old
 * one working while it is listed; removing it ends them at once. (Auth.js's rotation, and
 * the rule that no key serves both lanes: tests/unit/authjs/secret-rotation.test.ts.)
 */
const OLD = "the-old-secret-that-is-at-least-32-bytes-long!";
const NEW = "the-new-secret-that-is-at-least-32-bytes-long!";
const base: JwtSettings = { secret: OLD, issuer: "jwt-vs-session", audience: "jwt-vs-session:web", accessTokenTtlSeconds: 3600 };
const bob = { id: "bob", role: "user" as const };

describe("JWT signing-key rotation", () => {
  it("a token signed with the old key verifies after the rotation while the old key is listed, and not once it is removed", async () => {
    const token = await signAccessToken(bob, base);
    expect(await verifyAccessToken(token, { ...base, secret: NEW, previousSecrets: [OLD] })).toMatchObject({ ok: true, claims: { sub: "bob" } });
    // "The key leaked": the same token, the old key gone (a fresh check: the settings differ).
    expect(await verifyAccessToken(token, { ...base, secret: NEW })).toEqual({ ok: false, reason: "bad-signature" });
    // New tokens are signed with the new key, and name it.
    const fresh = await signAccessToken(bob, { ...base, secret: NEW, previousSecrets: [OLD] });
    expect(decodeProtectedHeader(fresh).kid).toBe(await keyId(NEW));
    expect(await verifyAccessToken(fresh, { ...base, secret: OLD })).toEqual({ ok: false, reason: "bad-signature" });
  });

  it("the kid is a fingerprint of the key: stable, different per key, and not the secret or a piece of it", async () => {
    const [a, b] = [await keyId(OLD), await keyId(NEW)];
    expect(a).toMatch(/^[0-9a-f]{24}$/);
    expect(a).toBe(await keyId(OLD));
    expect(a).not.toBe(b);
    for (const secret of [OLD, NEW]) for (let i = 0; i + 3 <= secret.length; i++) expect(a + b).not.toContain(Buffer.from(secret.slice(i, i + 3)).toString("hex"));
  });

  it("a token's kid only selects among the server's own keys: a made-up one, or a path, is refused before any key is read", async () => {
    for (const kid of ["../../etc/passwd", "https://evil.example/key", "", "0".repeat(16), 7]) {
      const forged = await new SignJWT({ role: "admin" }).setProtectedHeader({ alg: "HS256", typ: "at+jwt", kid: kid as string }).setSubject("bob")
        .setIssuer(base.issuer).setAudience(base.audience).setIssuedAt().setExpirationTime("1h").setJti("j").sign(new TextEncoder().encode(OLD));
      expect(await verifyAccessToken(forged, { ...base, previousSecrets: [NEW] }), String(kid)).toEqual({ ok: false, reason: "bad-signature" });
    }
    expect(await secretForKeyId("../../etc/passwd", OLD, [NEW])).toBeNull();
  });

  it("a kid naming one of the keys does not let another key's signature through", async () => {
    const signedWithNew = await new SignJWT({ role: "admin" }).setProtectedHeader({ alg: "HS256", typ: "at+jwt", kid: await keyId(OLD) }).setSubject("bob")
      .setIssuer(base.issuer).setAudience(base.audience).setIssuedAt().setExpirationTime("1h").setJti("j").sign(new TextEncoder().encode(NEW));
    expect(await verifyAccessToken(signedWithNew, { ...base, previousSecrets: [NEW] })).toEqual({ ok: false, reason: "bad-signature" });
  });

  it("a token from before keys were named (no kid) is checked against the current key only", async () => {
    const sign = (secret: string) => new SignJWT({ role: "user" }).setProtectedHeader({ alg: "HS256", typ: "at+jwt" }).setSubject("bob")
      .setIssuer(base.issuer).setAudience(base.audience).setIssuedAt().setExpirationTime("1h").setJti("j").sign(new TextEncoder().encode(secret));
    expect(await verifyAccessToken(await sign(OLD), base)).toMatchObject({ ok: true });
    expect(await verifyAccessToken(await sign(OLD), { ...base, secret: NEW, previousSecrets: [OLD] })).toEqual({ ok: false, reason: "bad-signature" });
  });

  it("refresh tokens issued under the old key still rotate while it is listed (the new one under the new key), and not once it is removed", async () => {
    const deps = (secret: string, previousSecrets?: string[]): RefreshDeps => ({
      store, now: () => 1_000_000, secret, previousSecrets,
      policy: { refreshTokenTtlSeconds: 86_400, reuseGraceSeconds: 0, maxFamiliesPerUser: 3, tombstoneTtlSeconds: 60 },
    });
    const store = new MemoryStore(() => 1_000_000);
    const first = await createRefreshToken(deps(OLD), "bob", ["refresh"]);
    const second = await createRefreshToken(deps(OLD), "bob", ["refresh"]);
    expect(await rotateRefreshToken(deps(NEW), first.token)).toEqual({ ok: false, reason: "unknown" });
    const rotated = await rotateRefreshToken(deps(NEW, [OLD]), second.token);
    expect(rotated).toMatchObject({ ok: true, userId: "bob" });
    // The token it gave is tagged with the new key: it works once the old key is gone.
    expect(await rotateRefreshToken(deps(NEW), rotated.ok ? rotated.newToken : null)).toMatchObject({ ok: true });
  });
});

describe("the previous keys' settings", () => {
  const env = { JWT_SECRET: NEW, AUTH_SECRET: "an-authjs-secret-that-is-at-least-32-bytes!" };

  it("JWT_SECRET_PREVIOUS is a comma-separated list, each key held to the rules for secrets", () => {
    expect(jwtSection.parse({ ...env, JWT_SECRET_PREVIOUS: ` ${OLD} , another-old-secret-at-least-32-bytes-long ` }).previousSecrets).toEqual([OLD, "another-old-secret-at-least-32-bytes-long"]);
    expect(jwtSection.parse(env).previousSecrets).toEqual([]);
    expect(() => jwtSection.parse({ ...env, JWT_SECRET_PREVIOUS: `${OLD},too-short` })).toThrow(/A key in JWT_SECRET_PREVIOUS is too short/);
    expect(() => jwtSection.parse({ ...env, JWT_SECRET_PREVIOUS: "ab".repeat(20) })).toThrow(/A key in JWT_SECRET_PREVIOUS is a short pattern repeated/);
  });

  it("a previous key equal to the current one is refused, naming the variable", () => {
    expect(() => jwtSection.parse({ ...env, JWT_SECRET_PREVIOUS: NEW })).toThrow(ConfigError);
    expect(() => jwtSection.parse({ ...env, JWT_SECRET_PREVIOUS: `${OLD},${NEW}` })).toThrow(/JWT_SECRET_PREVIOUS repeats JWT_SECRET/);
  });
});

describe("a current key that could not be rotated as it is", () => {
  it("a comma, or a space or line break at either end, is refused: moved to JWT_SECRET_PREVIOUS, it would be another key", () => {
    expect(() => jwtSection.parse({ JWT_SECRET: `${OLD},${NEW}` })).toThrow(/JWT_SECRET contains a comma/);
    expect(() => jwtSection.parse({ JWT_SECRET: `${NEW}\n` })).toThrow(/JWT_SECRET starts or ends with a space or a line break/);
    expect(() => jwtSection.parse({ JWT_SECRET: ` ${NEW}` })).toThrow(/starts or ends with a space/);
    expect(jwtSection.parse({ JWT_SECRET: NEW }).secret).toBe(NEW);
  });

  it("the verified-token memory tells previous-key lists apart exactly (no joining)", async () => {
    const token = await signAccessToken(bob, base);
    expect(await verifyAccessToken(token, { ...base, secret: NEW, previousSecrets: [OLD] })).toMatchObject({ ok: true });
    expect(await verifyAccessToken(token, { ...base, secret: NEW, previousSecrets: [OLD.slice(0, 10), OLD.slice(10)] })).toEqual({ ok: false, reason: "bad-signature" });
  });
});
