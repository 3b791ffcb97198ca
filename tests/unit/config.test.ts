import { describe, expect, it } from "vitest";
import { ConfigError, EXAMPLE_SECRET_PLACEHOLDER, MAX_LIFETIME_SECONDS } from "@/lib/config";
import { parseConfig } from "@/env";
import { THIRD_PARTY_TOKEN_TTL_MAX_SECONDS } from "@/lib/third-party/config";
import { generateSigningJwk } from "@/scripts/lib/signing-key";

const goodSecret = "kM3v9QxT2bLw7RzE1pYs8NdF4hGc6JuA";
const secrets = {
  JWT_SECRET: goodSecret,
  AUTH_SECRET: "Pq7Wn2Zr5Kt9Xv3Bm6Ly1Hd8Sg4Fc0Je",
  BETTER_AUTH_SECRET: "Vb4Nc8Mx2Kq6Wz0Rt5Yp9Lh3Gs7Dj1Fa",
  THIRD_PARTY_SIGNING_KEYS: process.env.THIRD_PARTY_SIGNING_KEYS,
};

function problems(env: Record<string, string | undefined>): string[] {
  try {
    parseConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe("lib/config", () => {
  it("a missing JWT_SECRET is an error that names the variable and how to make one", () => {
    const [problem] = problems({ ...secrets, NODE_ENV: "production", JWT_SECRET: undefined });
    expect(problem).toContain("JWT_SECRET is not set");
    expect(problem).toContain("openssl rand -base64 32");
  });

  it("AUTH_SECRET (Auth.js) and BETTER_AUTH_SECRET are held to the same rules, and every problem is listed at once", () => {
    expect(problems({ NODE_ENV: "production" })).toEqual([
      expect.stringContaining("JWT_SECRET is not set"),
      expect.stringContaining("AUTH_SECRET is not set"),
      expect.stringContaining("BETTER_AUTH_SECRET is not set"),
      expect.stringContaining("THIRD_PARTY_SIGNING_KEYS is not set"),
    ]);
    expect(problems({ ...secrets, BETTER_AUTH_SECRET: "short" })[0]).toMatch(/^BETTER_AUTH_SECRET is too short/);
    expect(problems({ ...secrets, AUTH_SECRET: "short" })[0]).toMatch(/AUTH_SECRET is too short/);
  });

  it("a JWT_SECRET shorter than 32 bytes is refused", () => {
    expect(problems({ ...secrets, JWT_SECRET: "too-short-secret" })[0]).toMatch(/JWT_SECRET is too short \(16 bytes\)/);
  });

  it("the placeholder from .env.example is refused, with or without surrounding whitespace", () => {
    expect(problems({ ...secrets, JWT_SECRET: EXAMPLE_SECRET_PLACEHOLDER })[0]).toContain("placeholder");
    expect(problems({ ...secrets, AUTH_SECRET: `  ${EXAMPLE_SECRET_PLACEHOLDER}\n` })[0]).toMatch(/^AUTH_SECRET is still the placeholder/);
  });

  it("long but guessable secrets are refused: one character repeated, or a short pattern repeated", () => {
    for (const weak of ["a".repeat(64), "ab".repeat(32), "abcd".repeat(16), "12345678".repeat(5)]) {
      expect(problems({ ...secrets, JWT_SECRET: weak })[0]).toMatch(/^JWT_SECRET is a short pattern repeated/);
    }
    expect(problems({ ...secrets, AUTH_SECRET: "Z".repeat(40) })[0]).toMatch(/^AUTH_SECRET is a short pattern repeated/);
    // Any pattern up to half the length, and a repetition cut short.
    for (const weak of ["0123456789abcdef".repeat(2), "changeme".repeat(5).slice(0, 37), "correct-horse-battery-".repeat(2)]) {
      expect(problems({ ...secrets, JWT_SECRET: weak })[0]).toMatch(/^JWT_SECRET is a short pattern repeated/);
    }
    expect(problems({ ...secrets, JWT_SECRET: "x".repeat(16) + "y".repeat(16) + "0123456789" })).toEqual([]); // not a repetition
  });

  it("BETTER_AUTH_SECRET equal to another lane's key (current or previous) is refused, naming both", () => {
    expect(problems({ ...secrets, BETTER_AUTH_SECRET: secrets.JWT_SECRET })).toEqual([
      expect.stringMatching(/^BETTER_AUTH_SECRET is the same value as a key in JWT_SECRET\. Give BETTER_AUTH_SECRET its own/),
    ]);
    expect(problems({ ...secrets, AUTH_SECRET_PREVIOUS: `${"Q".repeat(8)}${goodSecret}, ${secrets.BETTER_AUTH_SECRET}` })).toEqual([
      expect.stringMatching(/^BETTER_AUTH_SECRET is the same value as a key in AUTH_SECRET_PREVIOUS\./),
    ]);
  });

  it("BETTER_AUTH_SECRETS (Better Auth's rotation list) is refused, naming the variable to use instead: Better Auth would sign with its first entry, unchecked, and its older entries keep nobody signed in", () => {
    for (const env of [{ NODE_ENV: "production" }, { NODE_ENV: "development" }]) {
      expect(problems({ ...secrets, ...env, BETTER_AUTH_SECRETS: `2:${"N".repeat(8)}${goodSecret},1:${secrets.BETTER_AUTH_SECRET}` })).toEqual([
        expect.stringMatching(/^BETTER_AUTH_SECRETS is set\. This app signs Better Auth's cookies with BETTER_AUTH_SECRET alone.*Remove BETTER_AUTH_SECRETS and set BETTER_AUTH_SECRET/),
      ]);
    }
    expect(problems({ ...secrets, BETTER_AUTH_SECRETS: "" })).toEqual([]); // set empty: as unset (Better Auth ignores it too)
    expect(problems(secrets)).toEqual([]);
  });

  it("a base URL for Better Auth (BETTER_AUTH_URL, BASE_URL and the other names it reads) is refused, naming the variable: this app answers on any hostname and passes none on purpose", () => {
    for (const name of ["BETTER_AUTH_URL", "NEXT_PUBLIC_BETTER_AUTH_URL", "PUBLIC_BETTER_AUTH_URL", "NUXT_PUBLIC_BETTER_AUTH_URL", "NUXT_PUBLIC_AUTH_URL", "BASE_URL"]) {
      expect(problems({ ...secrets, [name]: "https://evil.example" })).toEqual([expect.stringMatching(new RegExp(`^${name} is set\\. Better Auth would take it as its base URL.*Remove ${name}\\.$`))]);
      expect(problems({ ...secrets, [name]: "" })).toEqual([]); // set empty: as unset (Better Auth ignores it too)
    }
    expect(problems({ ...secrets, BASE_URL: "/" })).toEqual([]); // what some tools set; Better Auth ignores it
  });

  it("JWT_SECRET equal to AUTH_SECRET is refused, naming both", () => {
    expect(problems({ ...secrets, AUTH_SECRET: secrets.JWT_SECRET })).toEqual([
      expect.stringMatching(/^JWT_SECRET and AUTH_SECRET are the same value\. Give AUTH_SECRET its own/),
    ]);
  });

  it("defaults: 1 h access tokens (15 min with a 30 d refresh token), 7 d idle sessions, 30 d cap, 3 devices", () => {
    const config = parseConfig(secrets);
    expect(config.jwt).toMatchObject({
      accessTokenTtlSeconds: 3600,
      shortAccessTokenTtlSeconds: 900,
      refreshTokenTtlSeconds: 30 * 86400,
      refreshReuseGraceSeconds: 20,
    });
    expect(config.session).toEqual({ idleTtlSeconds: 7 * 86400, absoluteTtlSeconds: 30 * 86400, maxDevices: 3, edgeLookup: true });
    expect(config.thirdParty).toMatchObject({ audience: "urn:jwt-vs-session:third-party", tokenTtlSeconds: 300 });
    expect(config.tokenVersion.keepSeconds).toBe(30 * 86400 + 60);
  });

  it("a section is parsed on its own: session-only code needs no JWT or Auth.js secret, and the JWT section still refuses a missing one", () => {
    expect(parseConfig({ NODE_ENV: "production" }, ["session", "store", "loginLimits"]).session.maxDevices).toBe(3);
    expect(() => parseConfig({ NODE_ENV: "production" }, ["jwt"])).toThrow(/JWT_SECRET is not set/);
    expect(() => parseConfig({ NODE_ENV: "production", JWT_SECRET: secrets.JWT_SECRET }, ["jwt"])).not.toThrow();
    expect(() => parseConfig({ NODE_ENV: "production", JWT_SECRET: secrets.JWT_SECRET }, ["authjs"])).toThrow(/AUTH_SECRET is not set/);
  });

  it("numbers come from strings, and nonsense is refused with the variable's name", () => {
    expect(parseConfig({ ...secrets, JWT_ACCESS_TOKEN_TTL_SECONDS: "900" }).jwt.accessTokenTtlSeconds).toBe(900);
    expect(problems({ ...secrets, JWT_ACCESS_TOKEN_TTL_SECONDS: "soon" })[0]).toContain("JWT_ACCESS_TOKEN_TTL_SECONDS");
    expect(problems({ ...secrets, SESSION_IDLE_TTL_SECONDS: "100", SESSION_ABSOLUTE_TTL_SECONDS: "50" })[0]).toContain(
      "SESSION_ABSOLUTE_TTL_SECONDS",
    );
  });
});

describe("lifetimes", () => {
  const lifetimes = [
    "JWT_ACCESS_TOKEN_TTL_SECONDS", "JWT_SHORT_ACCESS_TOKEN_TTL_SECONDS", "JWT_REFRESH_TOKEN_TTL_SECONDS",
    "SESSION_IDLE_TTL_SECONDS", "SESSION_ABSOLUTE_TTL_SECONDS", "AUTHJS_SESSION_MAX_AGE_SECONDS",
    "BETTER_AUTH_SESSION_MAX_AGE_SECONDS", "LOGIN_FAILURE_WINDOW_SECONDS", "STEP_UP_MAX_AGE_SECONDS",
  ];
  const all = (seconds: number) => Object.fromEntries(lifetimes.map((name) => [name, String(seconds)]));

  it("every lifetime is at most 400 days (34,560,000 s, the longest a browser keeps a cookie): one second more is refused at start, naming the variable and the limit", () => {
    expect(MAX_LIFETIME_SECONDS).toBe(34_560_000);
    const config = parseConfig({ ...secrets, ...all(34_560_000) });
    expect(config.betterAuth.BETTER_AUTH_SESSION_MAX_AGE_SECONDS).toBe(34_560_000);
    expect(config.jwt.refreshTokenTtlSeconds).toBe(34_560_000);
    for (const name of lifetimes) {
      expect(problems({ ...secrets, ...all(34_560_000), [name]: "34560001" })).toEqual([
        expect.stringMatching(new RegExp(`^${name}: must be at most 34560000 \\(400 days\\)`)),
      ]);
    }
    expect(problems({ ...secrets, SESSION_IDLE_TTL_SECONDS: "1e13", SESSION_ABSOLUTE_TTL_SECONDS: "1e13" })).toEqual([
      expect.stringMatching(/^SESSION_IDLE_TTL_SECONDS: must be at most 34560000/),
      expect.stringMatching(/^SESSION_ABSOLUTE_TTL_SECONDS: must be at most 34560000/),
    ]);
  });

  it("JWT_SHORT_ACCESS_TOKEN_TTL_SECONDS longer than JWT_REFRESH_TOKEN_TTL_SECONDS is refused, naming both: the token would be refused before its own expiry", () => {
    expect(problems({ ...secrets, JWT_SHORT_ACCESS_TOKEN_TTL_SECONDS: "3601", JWT_REFRESH_TOKEN_TTL_SECONDS: "3600" })).toEqual([
      expect.stringMatching(/^JWT_SHORT_ACCESS_TOKEN_TTL_SECONDS \(3601\) is longer than JWT_REFRESH_TOKEN_TTL_SECONDS \(3600\).*Set it to at most 3600\.$/),
    ]);
    expect(parseConfig({ ...secrets, JWT_SHORT_ACCESS_TOKEN_TTL_SECONDS: "3600", JWT_REFRESH_TOKEN_TTL_SECONDS: "3600" }).jwt.shortAccessTokenTtlSeconds).toBe(3600);
  });

  it("JWT_REFRESH_REUSE_GRACE_SECONDS is at most 60: longer, a replayed previous refresh token is served instead of caught", () => {
    expect(parseConfig({ ...secrets, JWT_REFRESH_REUSE_GRACE_SECONDS: "60" }).jwt.refreshReuseGraceSeconds).toBe(60);
    expect(problems({ ...secrets, JWT_REFRESH_REUSE_GRACE_SECONDS: "61" })).toEqual([
      expect.stringMatching(/^JWT_REFRESH_REUSE_GRACE_SECONDS: must be at most 60: .*caught as reuse/),
    ]);
  });
});

describe("benchmark switches", () => {
  it("STORE_ROUND_TRIP_COUNTER is parsed with the others: on serves /bench/store-stats, off or unset does not, anything else is refused naming it", () => {
    expect(parseConfig({ ...secrets, STORE_ROUND_TRIP_COUNTER: "on" }).benchFixtures.storeStatsEnabled).toBe(true);
    expect(parseConfig({ ...secrets, STORE_ROUND_TRIP_COUNTER: "off" }).benchFixtures.storeStatsEnabled).toBe(false);
    expect(parseConfig(secrets).benchFixtures.storeStatsEnabled).toBe(false);
    expect(problems({ ...secrets, STORE_ROUND_TRIP_COUNTER: "yes" })).toEqual([expect.stringContaining('STORE_ROUND_TRIP_COUNTER must be "on"')]);
  });
});

describe("store selection", () => {
  it("the memory store is the default", () => {
    expect(parseConfig(secrets).store).toEqual({ kind: "memory" });
  });

  it("both Upstash variables select Redis", () => {
    const env = { ...secrets, UPSTASH_REDIS_REST_URL: "http://127.0.0.1:8079", UPSTASH_REDIS_REST_TOKEN: "t" };
    expect(parseConfig(env).store).toEqual({ kind: "upstash", url: "http://127.0.0.1:8079", token: "t" });
  });

  it("one Upstash variable without the other is an error naming both", () => {
    const [problem] = problems({ ...secrets, UPSTASH_REDIS_REST_URL: "http://127.0.0.1:8079" });
    expect(problem).toContain("UPSTASH_REDIS_REST_URL");
    expect(problem).toContain("UPSTASH_REDIS_REST_TOKEN");
  });

  it("a URL that is not http(s) is refused", () => {
    expect(problems({ ...secrets, UPSTASH_REDIS_REST_URL: "redis://x:6379", UPSTASH_REDIS_REST_TOKEN: "t" })[0]).toContain(
      "UPSTASH_REDIS_REST_URL",
    );
  });

  it("REDIS_URL selects Redis over TCP, TLS (rediss://) and a password included", () => {
    expect(parseConfig({ ...secrets, REDIS_URL: "rediss://:pw@redis.internal:6380/0" }).store).toEqual({ kind: "redis", url: "rediss://:pw@redis.internal:6380/0" });
    expect(parseConfig({ ...secrets, REDIS_URL: "redis://127.0.0.1:6379" }).store).toEqual({ kind: "redis", url: "redis://127.0.0.1:6379" });
  });

  it("REDIS_URL that is not redis:// or rediss:// is refused, naming it", () => {
    expect(problems({ ...secrets, REDIS_URL: "http://127.0.0.1:6379" })[0]).toContain("REDIS_URL must be a redis:// or rediss://");
  });

  it("REDIS_URL with a query string is refused: it would override the store's timeouts", () => {
    expect(problems({ ...secrets, REDIS_URL: "redis://127.0.0.1:6379?commandTimeout=0" })[0]).toContain("REDIS_URL must not carry a query string");
  });

  it("REDIS_URL's path is empty or a database number: any other is refused, naming it (ioredis would serve database 0)", () => {
    expect(parseConfig({ ...secrets, REDIS_URL: "redis://127.0.0.1:6379/15" }).store).toEqual({ kind: "redis", url: "redis://127.0.0.1:6379/15" });
    expect(parseConfig({ ...secrets, REDIS_URL: "redis://127.0.0.1:6379/" }).store).toEqual({ kind: "redis", url: "redis://127.0.0.1:6379/" });
    for (const url of ["redis://127.0.0.1:6379/abc", "redis://127.0.0.1:6379/1/2", "redis://127.0.0.1:6379/-1"]) {
      expect(problems({ ...secrets, REDIS_URL: url })).toEqual([expect.stringContaining("REDIS_URL's path must be empty or a database number")]);
    }
  });

  it("REDIS_URL and the Upstash variables together are an error naming both ways", () => {
    const [problem] = problems({ ...secrets, REDIS_URL: "redis://127.0.0.1:6379", UPSTASH_REDIS_REST_URL: "http://127.0.0.1:8079", UPSTASH_REDIS_REST_TOKEN: "t" });
    expect(problem).toContain("REDIS_URL");
    expect(problem).toContain("UPSTASH_REDIS_REST_URL");
  });
});

describe("third-party signing keys", () => {
  it("must be a JSON array of Ed25519 private JWKs with distinct kids", () => {
    expect(problems({ ...secrets, THIRD_PARTY_SIGNING_KEYS: "not json" })[0]).toContain("THIRD_PARTY_SIGNING_KEYS is not valid JSON");
    expect(problems({ ...secrets, THIRD_PARTY_SIGNING_KEYS: '[{"kty":"oct","k":"abc"}]' })[0]).toContain("Ed25519 private JWKs");
    const [key] = JSON.parse(secrets.THIRD_PARTY_SIGNING_KEYS!);
    expect(problems({ ...secrets, THIRD_PARTY_SIGNING_KEYS: JSON.stringify([key, key]) })[0]).toContain("same kid");
    expect(parseConfig(secrets).thirdParty.signingKeys[0].kid).toBe(key.kid);
  });

  it("a key whose public part (x) is not its private part's (d) is refused at start, naming the variable and the key", () => {
    const [key] = JSON.parse(secrets.THIRD_PARTY_SIGNING_KEYS!);
    const other = generateSigningJwk();
    const [problem] = problems({ ...secrets, THIRD_PARTY_SIGNING_KEYS: JSON.stringify([{ ...key, d: other.d }]) });
    expect(problem).toMatch(/^THIRD_PARTY_SIGNING_KEYS: the key "[^"]+" has a public part \(x\) that is not its private part's \(d\)/);
    expect(problem).toContain(key.kid);
    // A `d` that is no key at all, and an older key (not the signer) mismatched, are refused too.
    expect(problems({ ...secrets, THIRD_PARTY_SIGNING_KEYS: JSON.stringify([{ ...key, d: "A".repeat(40) }]) })[0]).toContain("THIRD_PARTY_SIGNING_KEYS: the key");
    expect(problems({ ...secrets, THIRD_PARTY_SIGNING_KEYS: JSON.stringify([key, { ...other, x: key.x, kid: "old" }]) })[0]).toContain('the key "old"');
  });

  it("THIRD_PARTY_TOKEN_TTL_SECONDS is at most an hour: such a token cannot be revoked", () => {
    expect(parseConfig({ ...secrets, THIRD_PARTY_TOKEN_TTL_SECONDS: String(THIRD_PARTY_TOKEN_TTL_MAX_SECONDS) }).thirdParty.tokenTtlSeconds).toBe(60 * 60);
    const [problem] = problems({ ...secrets, THIRD_PARTY_TOKEN_TTL_SECONDS: String(365 * 24 * 60 * 60) });
    expect(problem).toMatch(/^THIRD_PARTY_TOKEN_TTL_SECONDS: must be at most 3600 \(60 min\): a token handed to a third party cannot be revoked/);
  });
});
