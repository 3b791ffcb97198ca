import type { KeyValueStore, WriteOp } from "./store";
import type { AccessTokenClaims } from "./jwt";
import { isTokenVersionCurrent, tokenVersionKey } from "./token-version";

/**
 * The store-backed checks that make a JWT revocable before its `exp`, applied only to
 * tokens issued with them (claim `rev`). Each check costs the stateless JWT its main
 * selling point, a request with no lookup: a token with any of them needs the store on
 * every request (one round trip for both: MGET).
 * Edge-safe: middleware runs these when the store is reachable from the Edge.
 */

export const JWT_DENYLIST_KEY_PREFIX = "jwt-denylist:";
export const denylistKey = (jti: string) => `${JWT_DENYLIST_KEY_PREFIX}${jti}`;

export type RevocationFailure = "revoked" | "stale-version";

export function needsStoreCheck(claims: AccessTokenClaims): boolean {
  return Boolean(claims.rev?.includes("jti") || claims.rev?.includes("ver"));
}

// #region check-revocation
/** One store round trip: is the token's jti denylisted, is its version still current? */
export async function checkRevocation(store: KeyValueStore, claims: AccessTokenClaims): Promise<{ ok: true } | { ok: false; reason: RevocationFailure }> {
  if (!needsStoreCheck(claims)) return { ok: true };
  const [denied, version] = await store.getMany([denylistKey(claims.jti), tokenVersionKey(claims.sub)]);
  if (claims.rev?.includes("jti") && denied !== null) return { ok: false, reason: "revoked" };
  if (claims.rev?.includes("ver") && !isTokenVersionCurrent(claims.ver ?? 0, Number(version ?? 0))) {
    return { ok: false, reason: "stale-version" };
  }
  return { ok: true };
}
// #endregion check-revocation

// #region denylist-token
/** Logout for a token with the "jti" check: deny it until it would have expired anyway. */
export function denylistOp(claims: AccessTokenClaims, nowMs: number): WriteOp | null {
  if (!claims.rev?.includes("jti")) return null;
  const secondsLeft = claims.exp - Math.floor(nowMs / 1000);
  if (secondsLeft <= 0) return null; // already expired: nothing to deny
  return { op: "set", key: denylistKey(claims.jti), value: "1", ttlSeconds: secondsLeft };
}
// #endregion denylist-token
