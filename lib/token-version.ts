import type { KeyValueStore } from "./store";
import { getConfig } from "./config";

/**
 * "Log out everywhere" for stateless tokens: each user has a token version in the store,
 * copied into every token at sign-in. Bumping it makes every older token invalid at its
 * next check, without a list of tokens to revoke.
 *
 * The version is the time of the last "log out everywhere" (epoch ms), so setting it needs
 * no read-modify-write. It is kept only as long as the longest token lifetime: after that
 * every token it refuses has expired on its own, so the key expires too.
 */
export const TOKEN_VERSION_KEY_PREFIX = "token-version:";
export const tokenVersionKey = (userId: string) => `${TOKEN_VERSION_KEY_PREFIX}${userId}`;

/** 0 when the user never logged out everywhere (or the last time is older than any token). */
export async function currentTokenVersion(store: KeyValueStore, userId: string): Promise<number> {
  return parseTokenVersion(await store.get(tokenVersionKey(userId)));
}

export function parseTokenVersion(raw: string | null): number {
  const version = Number(raw);
  return raw !== null && Number.isFinite(version) ? version : 0;
}

// #region revoke-all-tokens
/** Invalidates every token issued to this user before now; returns the new version. */
export async function revokeAllTokensForUser(
  store: KeyValueStore,
  userId: string,
  { nowMs, longestTokenLifetimeSeconds }: { nowMs: number; longestTokenLifetimeSeconds: number },
): Promise<number> {
  await store.write([
    // +60 s: tolerate clock skew between the servers that issue and check tokens.
    { op: "set", key: tokenVersionKey(userId), value: String(nowMs), ttlSeconds: longestTokenLifetimeSeconds + 60 },
  ]);
  return nowMs;
}
// #endregion revoke-all-tokens

/**
 * How long a version must be kept: the longest any token checked against it can live.
 * Auth.js re-issues its cookie on use, so its sessions are capped at the absolute session
 * lifetime (see auth.config.ts); /jwt access tokens live at most JWT_ACCESS_TOKEN_TTL_SECONDS.
 */
export function tokenVersionTtlSeconds(): number {
  const config = getConfig();
  return Math.max(config.session.absoluteTtlSeconds, config.jwt.accessTokenTtlSeconds, config.jwt.shortAccessTokenTtlSeconds);
}

/** A token carrying `tokenVersion` is still valid if no "log out everywhere" came after it. */
export function isTokenVersionCurrent(tokenVersion: number, current: number): boolean {
  return tokenVersion >= current;
}
