import { afterEach, describe, expect, it, vi } from "vitest";
import { SignJWT, UnsecuredJWT, base64url } from "jose";
import { ACCESS_TOKEN_TYPE, signAccessToken, verifyAccessToken, readAccessToken, type JwtSettings } from "@/lib/jwt";
import { keyId } from "@/lib/signing-keys";

const settings: JwtSettings = {
  secret: "a-test-secret-that-is-at-least-32-bytes-long",
  issuer: "jwt-vs-session",
  audience: "jwt-vs-session:web",
  accessTokenTtlSeconds: 3600,
};
const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const alice = { id: "alice", role: "admin" as const };

async function signWith(overrides: { header?: Record<string, unknown>; claims?: Record<string, unknown>; secret?: string }) {
  return new SignJWT({ role: "user", ...overrides.claims })
    .setProtectedHeader({ alg: "HS256", typ: ACCESS_TOKEN_TYPE, ...overrides.header })
    .setSubject("bob")
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt(NOW / 1000)
    .setExpirationTime(NOW / 1000 + 60)
    .setJti("test-jti")
    .sign(new TextEncoder().encode(overrides.secret ?? settings.secret));
}

describe("lib/jwt", () => {
  it("a signed token verifies and carries sub, role, iat, exp, iss, aud and jti", async () => {
    const token = await signAccessToken(alice, settings, NOW);
    const result = await verifyAccessToken(token, settings, NOW);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.header).toEqual({ alg: "HS256", typ: "at+jwt", kid: await keyId(settings.secret) });
    expect(result.claims).toMatchObject({ sub: "alice", role: "admin", iss: settings.issuer, aud: settings.audience });
    expect(result.claims.iat).toBe(NOW / 1000);
    expect(result.claims.exp - result.claims.iat).toBe(3600);
    expect(result.claims.jti).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("every token gets its own jti", async () => {
    const [a, b] = await Promise.all([signAccessToken(alice, settings, NOW), signAccessToken(alice, settings, NOW)]);
    const [va, vb] = await Promise.all([verifyAccessToken(a, settings, NOW), verifyAccessToken(b, settings, NOW)]);
    expect(va.ok && vb.ok && va.claims.jti !== vb.claims.jti).toBe(true);
  });

  it("a caller that must name the token it issues (the refresh exchange) chooses its jti", async () => {
    const jti = crypto.randomUUID();
    const result = await verifyAccessToken(await signAccessToken(alice, settings, NOW, { jti }), settings, NOW);
    expect(result.ok && result.claims.jti).toBe(jti);
  });

  it("an expired token is refused as expired", async () => {
    const token = await signAccessToken(alice, settings, NOW);
    expect(await verifyAccessToken(token, settings, NOW + 3599_000)).toMatchObject({ ok: true });
    const late = await verifyAccessToken(token, settings, NOW + 3601_000);
    expect(late).toMatchObject({ ok: false, reason: "expired", expiredClaims: { sub: "alice", role: "admin" } });
  });

  it("an expired token whose signature is wrong is a bad signature, and yields no claims", async () => {
    const token = await signAccessToken(alice, { ...settings, secret: "another-secret-that-is-also-32-bytes-long!!" }, NOW);
    expect(await verifyAccessToken(token, settings, NOW + 7200_000)).toEqual({ ok: false, reason: "bad-signature" });
  });

  it("revocation checks, token version and refresh family travel as signed claims", async () => {
    const token = await signAccessToken(alice, settings, NOW, { checks: ["jti", "ver", "refresh"], tokenVersion: 42, ttlSeconds: 900, refreshFamily: "fam-1" });
    const result = await verifyAccessToken(token, settings, NOW);
    expect(result.ok && result.claims).toMatchObject({ rev: ["jti", "ver", "refresh"], ver: 42, fam: "fam-1" });
    expect(result.ok && result.claims.exp - result.claims.iat).toBe(900);
    const plain = await verifyAccessToken(await signAccessToken(alice, settings, NOW), settings, NOW);
    expect(plain.ok && [plain.claims.rev, plain.claims.ver, plain.claims.fam]).toEqual([undefined, undefined, undefined]);
  });

  it("a token whose payload was edited is refused as a bad signature", async () => {
    const token = await signAccessToken({ id: "bob", role: "user" }, settings, NOW);
    const [header, payload, signature] = token.split(".");
    const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload)));
    const forged = base64url.encode(JSON.stringify({ ...claims, role: "admin" }));
    expect(await verifyAccessToken(`${header}.${forged}.${signature}`, settings, NOW)).toEqual({ ok: false, reason: "bad-signature" });
  });

  it("a token signed with another key is refused as a bad signature", async () => {
    const token = await signAccessToken(alice, { ...settings, secret: "another-secret-that-is-also-32-bytes-long!!" }, NOW);
    expect(await verifyAccessToken(token, settings, NOW)).toEqual({ ok: false, reason: "bad-signature" });
  });

  it("an unsigned `alg: none` token is refused, whatever its claims say", async () => {
    const token = new UnsecuredJWT({ role: "admin" })
      .setSubject("mallory")
      .setIssuer(settings.issuer)
      .setAudience(settings.audience)
      .setIssuedAt(NOW / 1000)
      .setExpirationTime(NOW / 1000 + 60)
      .setJti("x")
      .encode();
    expect(token.split(".")[2]).toBe("");
    expect(await verifyAccessToken(token, settings, NOW)).toEqual({ ok: false, reason: "wrong-algorithm" });
  });

  it("a token with another HMAC algorithm is refused: the algorithm is pinned, not read from the token", async () => {
    const token = await signWith({ header: { alg: "HS512" } });
    expect(await verifyAccessToken(token, settings, NOW)).toEqual({ ok: false, reason: "wrong-algorithm" });
  });

  it("a token from another issuer is refused as wrong-issuer", async () => {
    const token = await signAccessToken(alice, { ...settings, issuer: "someone-else" }, NOW);
    expect(await verifyAccessToken(token, settings, NOW)).toEqual({ ok: false, reason: "wrong-issuer" });
  });

  it("a token for another audience is refused as wrong-audience", async () => {
    const token = await signAccessToken(alice, { ...settings, audience: "another-api" }, NOW);
    expect(await verifyAccessToken(token, settings, NOW)).toEqual({ ok: false, reason: "wrong-audience" });
  });

  it("a correctly signed JWT that is not an access token (typ) is refused", async () => {
    const token = await signWith({ header: { typ: "JWT" } });
    expect(await verifyAccessToken(token, settings, NOW)).toEqual({ ok: false, reason: "wrong-type" });
  });

  it("a correctly signed token with an unknown role is refused as invalid-claims", async () => {
    const token = await signWith({ claims: { role: "superuser" } });
    expect(await verifyAccessToken(token, settings, NOW)).toEqual({ ok: false, reason: "invalid-claims" });
  });

  it("garbage and absent tokens are refused with their own reasons", async () => {
    expect(await verifyAccessToken("not.a.jwt", settings, NOW)).toEqual({ ok: false, reason: "malformed" });
    expect(await verifyAccessToken("abc", settings, NOW)).toEqual({ ok: false, reason: "malformed" });
    expect(await verifyAccessToken(undefined, settings, NOW)).toEqual({ ok: false, reason: "missing" });
  });

  it("a Bearer header is preferred to the cookie, and a malformed Authorization header is not ignored", () => {
    expect(readAccessToken(new Headers({ authorization: "Bearer abc.def.ghi" }), "cookie-token")).toBe("abc.def.ghi");
    expect(readAccessToken(new Headers(), "cookie-token")).toBe("cookie-token");
    expect(readAccessToken(new Headers({ authorization: "Basic dXNlcjpwYXNz" }), "cookie-token")).toBe("");
  });
});

describe("token parsers never throw (fast-check)", () => {
  it("verifyAccessToken answers any string with a reason, never an exception", async () => {
    const fc = (await import("fast-check")).default;
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.stringMatching(/^[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$/)), async (token) => {
        const result = await verifyAccessToken(token, settings, NOW);
        expect(result.ok).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it("readAccessToken takes any Authorization header without throwing", async () => {
    const fc = (await import("fast-check")).default;
    fc.assert(
      fc.property(fc.string(), fc.option(fc.string()), (authorization, cookie) => {
        let headers: Headers;
        try {
          headers = new Headers({ authorization });
        } catch {
          return; // not a valid header value at all: the HTTP layer refuses it first
        }
        const token = readAccessToken(headers, cookie ?? undefined);
        expect(typeof token === "string" || token === undefined).toBe(true);
      }),
    );
  });

  describe("tokens already accepted are answered from memory", () => {
    afterEach(() => vi.restoreAllMocks());
    const hmacChecks = () => vi.spyOn(crypto.subtle, "verify");

    it("a second verify of an accepted token skips the HMAC, gives the same frozen claims, and stops at exp", async () => {
      const token = await signAccessToken(alice, settings, NOW);
      const verify = hmacChecks();
      const first = await verifyAccessToken(token, settings, NOW);
      const again = await verifyAccessToken(token, settings, NOW + 1000);
      expect(verify).toHaveBeenCalledTimes(1);
      expect(again).toEqual(first);
      expect(again.ok && Object.isFrozen(again.claims)).toBe(true);
      // At exp: checked in full again, and refused as expired (with its authentic claims).
      const expired = await verifyAccessToken(token, settings, NOW + 3600_000);
      expect(expired).toMatchObject({ ok: false, reason: "expired", expiredClaims: { sub: "alice" } });
      expect(verify).toHaveBeenCalledTimes(2);
    });

    it("a refused token is checked in full every time: forgeries cannot fill the memory", async () => {
      const forged = await signWith({ secret: "another-secret-that-is-at-least-32-bytes!!" });
      const verify = hmacChecks();
      for (let i = 0; i < 3; i++) expect(await verifyAccessToken(forged, settings, NOW)).toMatchObject({ ok: false, reason: "bad-signature" });
      expect(verify).toHaveBeenCalledTimes(3);
    });

    it("the remembered answer is only for the same settings and a clock between the first check and exp", async () => {
      const token = await signAccessToken(alice, settings, NOW);
      expect((await verifyAccessToken(token, settings, NOW)).ok).toBe(true);
      expect(await verifyAccessToken(token, { ...settings, secret: "a-rotated-secret-that-is-at-least-32-bytes" }, NOW)).toMatchObject({ ok: false, reason: "bad-signature" });
      expect(await verifyAccessToken(token, { ...settings, audience: "someone-else" }, NOW)).toMatchObject({ ok: false, reason: "wrong-audience" });
      const verify = hmacChecks();
      await verifyAccessToken(token, settings, NOW - 1000); // before the first check: in full
      expect(verify).toHaveBeenCalledTimes(1);
    });
  });
});
