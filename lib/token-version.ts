import { z } from "zod";
import { defineSection, withShared } from "./config";
import { StoreUnavailableError, rewriteOverRead, type KeyValueStore, type WriteOp } from "./store";
import { SERVER_CLOCK_SKEW_SECONDS } from "./time";
import { parseRoleChange, userRoleKey } from "./users";
import type { Role } from "./validation";

/**
 * Token versions: "log out everywhere" for stateless tokens. Each user has a version in the
 * store, copied into every token at sign-in; bumping it makes every older token invalid at its
 * next check, without a list of tokens to revoke. The version is the time of the last "log out
 * everywhere" or role change (epoch ms), and it only goes up: a bump is a read and a write over
 * it, max(now, stored + 1), because the servers' clocks differ (or one steps back) and a bump
 * stamped by a slower clock must not lower it (every token signed in between would pass again).
 * It is kept only as long as the longest token checked against it can live (tokenVersionSection,
 * below): after that every token it refuses has expired, and so has the key.
 */

/**
 * How long a user's token version must be kept: as long as the longest-lived
 * token checked against it (a /jwt access token, or an Auth.js sign-in, which ends at the
 * absolute session lifetime), plus the clock skew between the servers that issue and check.
 */
export const tokenVersionSection = withShared(defineSection(z.object({}), () => ({})), (_, shared) => ({
  keepSeconds: Math.max(shared.accessTokenTtlSeconds, shared.shortAccessTokenTtlSeconds, shared.absoluteTtlSeconds) + SERVER_CLOCK_SKEW_SECONDS,
}));
export const tokenVersionConfig = tokenVersionSection.get;

export const tokenVersionKey = (userId: string) => `token-version:${userId}`;

/** 0 when the user never logged out everywhere (or the last time is older than any token). */
export async function currentTokenVersion(store: KeyValueStore, userId: string): Promise<number> {
  return parseTokenVersion(await store.get(tokenVersionKey(userId)), userId);
}

/** A version as this app writes it (epoch ms: digits only), else null. */
const asVersion = (raw: string | null) => (raw !== null && /^\d+$/.test(raw) && Number.isSafeInteger(Number(raw)) ? Number(raw) : null);

/**
 * A stored version this app did not write (it writes epoch ms) may stand for a "log out
 * everywhere" or a role change, so it is neither "never" (old tokens would pass) nor a number
 * no token carries (each new token would be stale at once, refreshed, stale again): it fails
 * as an unreadable store does, a 503 at every check and sign-in, until a new version is written.
 */
export function parseTokenVersion(raw: string | null, userId: string): number {
  const version = raw === null ? 0 : asVersion(raw);
  if (version !== null) return version;
  throw new StoreUnavailableError(`the read of ${tokenVersionKey(userId)}`, "not a token version");
}

/** A token carrying `tokenVersion` is still valid if no "log out everywhere" came after it. */
export function isTokenVersionCurrent(tokenVersion: number, current: number): boolean {
  return tokenVersion >= current;
}

// #region revoke-all-tokens
/**
 * Invalidates every token issued to this user before now, with the writes `alongside` (a role
 * change, the refresh families) in the same step; returns the new version. Written over the
 * version read (one this app did not write counts as 0); losing every round is a 503, never "done".
 */
export async function revokeAllTokensForUser(store: KeyValueStore, userId: string, nowMs: number = Date.now(), alongside: readonly WriteOp[] = []): Promise<number> {
  const version = await rewriteOverRead(store, tokenVersionKey(userId), (raw) => {
    const next = Math.max(nowMs, (asVersion(raw) ?? 0) + 1);
    return { answer: next, ops: [{ op: "set", key: tokenVersionKey(userId), value: String(next), ttlSeconds: tokenVersionConfig().keepSeconds }, ...alongside] };
  }, null);
  if (version === null) throw new StoreUnavailableError(`the write of ${tokenVersionKey(userId)}`, "other writes won every round");
  return version;
}
// #endregion revoke-all-tokens

/**
 * The role and the token version in one read (MGET, a single snapshot). A role change writes
 * both at once, so a token signed from this pair never carries the old role with the new
 * version: a sign-in or refresh racing a role change mints a token that is refused as stale.
 */
export async function currentRoleAndTokenVersion(store: KeyValueStore, userId: string, directoryRole: Role): Promise<{ role: Role; tokenVersion: number }> {
  const [role, version] = await store.getMany([userRoleKey(userId), tokenVersionKey(userId)]);
  return { role: parseRoleChange(role, userId)?.role ?? directoryRole, tokenVersion: parseTokenVersion(version, userId) };
}
