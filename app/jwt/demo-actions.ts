"use server";

import { cookies } from "next/headers";
import { refusedAsCrossOrigin } from "@/app/demo/reveal";
import { authCookieOptions } from "@/lib/cookies";
import { JWT_COOKIE, jwtConfig, signAccessToken } from "@/lib/jwt";
import { epochSeconds } from "@/lib/time";
import { getJwtAuth } from "./gate";

/** DEMO ONLY: the signed-in user's own access token, for the replay demo (app/demo/reveal.ts says why). */
export async function revealJwtCredential(): Promise<string | null> {
  if (await refusedAsCrossOrigin("revealJwtCredential")) return null;
  const auth = await getJwtAuth();
  return auth.ok ? auth.token : null;
}

/**
 * DEMO ONLY, for the refresh-family picture: "expire my access token now". The access cookie
 * gets a token with the same claims (user, role, checks, version and family; a new jti) that
 * expired a second ago, as if its lifetime had passed: the next page load refreshes it on
 * the way. The token it replaces stays valid until its own exp, like any copy of it. Only a
 * token that came with a refresh token; answers when it expired (ms).
 */
export async function expireMyAccessToken(): Promise<number | null> {
  if (await refusedAsCrossOrigin("expireMyAccessToken")) return null;
  const auth = await getJwtAuth();
  if (!auth.ok || !auth.claims.rev?.includes("refresh") || !auth.claims.fam) return null;
  const jwt = jwtConfig();
  const expiredAtMs = epochSeconds(Date.now()) * 1000 - 1000;
  const issuedAtMs = expiredAtMs - jwt.shortAccessTokenTtlSeconds * 1000;
  const token = await signAccessToken(auth.user, undefined, issuedAtMs, {
    checks: auth.claims.rev,
    tokenVersion: auth.claims.ver,
    ttlSeconds: jwt.shortAccessTokenTtlSeconds,
    refreshFamily: auth.claims.fam,
  });
  (await cookies()).set(JWT_COOKIE, token, authCookieOptions(jwt.refreshTokenTtlSeconds));
  return expiredAtMs;
}
