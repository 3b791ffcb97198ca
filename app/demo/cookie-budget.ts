import "server-only";
import { randomBytes, randomUUID } from "node:crypto";
import { encode } from "next-auth/jwt";
import { REVOCATION_CHECKS, jwtConfig, signAccessToken } from "@/lib/jwt";
import { cookieBytes } from "@/lib/cookies";
import { COOKIE_LIMIT_BYTES } from "@/app/ui/cookie-limits";

/**
 * How big each lane's credential cookie grows with N claims (say, permissions), measured by
 * building the real thing: an access token from lib/jwt.ts's own signer, with every check the
 * login offers (as the dashboard's token has), and an Auth.js JWE (next-auth's own encode), both
 * keyed with a throwaway secret (the size does not depend on the key). A session cookie does not grow: the claims live in the store.
 */

/** Auth.js splits its session cookie into chunks of this many characters (@auth/core's SessionStore). */
const AUTHJS_CHUNK_SIZE = 4096 - 160;

const THROWAWAY = randomBytes(32).toString("base64url");

export interface LaneGrowth {
  lane: "jwt" | "session" | "authjs";
  cookieName: string;
  /** `name=value` of the one cookie, as the browser would send it. */
  bytes: number;
  /** Cookies it takes (Auth.js chunks; a JWT cookie past the limit is simply dropped by the browser). */
  cookies: number;
  fits: boolean;
}

const permissions = (n: number) => Array.from({ length: n }, (_, i) => `perm:${String(i + 1).padStart(4, "0")}`);

export async function cookieGrowth(claims: number, names: { jwt: string; session: string; authjs: string }): Promise<LaneGrowth[]> {
  const config = jwtConfig();
  const extraClaims = { permissions: permissions(claims) };
  const jwt = await signAccessToken({ id: "alice", role: "admin" }, { ...config, secret: THROWAWAY }, Date.now(), {
    checks: REVOCATION_CHECKS, tokenVersion: Date.now(), ttlSeconds: config.shortAccessTokenTtlSeconds, refreshFamily: randomUUID(), extraClaims,
  });
  const base = { sub: "alice", role: "admin", rev: [...REVOCATION_CHECKS], ver: Date.now(), fam: randomUUID(), ...extraClaims };
  const jwe = await encode({ token: { ...base, name: "Alice", email: null, picture: null }, secret: THROWAWAY, salt: names.authjs });
  const jwtBytes = cookieBytes(names.jwt, jwt);
  const authjsChunks = Math.ceil(jwe.length / AUTHJS_CHUNK_SIZE);
  return [
    { lane: "jwt", cookieName: names.jwt, bytes: jwtBytes, cookies: 1, fits: jwtBytes <= COOKIE_LIMIT_BYTES },
    { lane: "session", cookieName: names.session, bytes: cookieBytes(names.session, randomBytes(32).toString("base64url")), cookies: 1, fits: true },
    { lane: "authjs", cookieName: names.authjs, bytes: cookieBytes(names.authjs, jwe), cookies: authjsChunks, fits: authjsChunks === 1 },
  ];
}
