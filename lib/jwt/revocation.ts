import type { JWTHeaderParameters } from "jose";
import type { KeyValueStore, WriteOp } from "../store";
import { verifyAccessToken, type AccessTokenClaims, type JwtFailureReason } from "../jwt";
import { isTokenVersionCurrent, parseTokenVersion, tokenVersionKey } from "../token-version";
import { canRefresh, familyRefusal, refreshFamilyKey } from "./refresh";
import { parseRoleChange, userRoleKey } from "../users";
import { SERVER_CLOCK_SKEW_SECONDS, secondsUntil } from "../time";

/**
 * The store-backed checks that make a JWT revocable before its `exp`, applied only to
 * tokens issued with them (claim `rev`). Each check costs the stateless JWT its main
 * selling point, a request with no lookup: a token with any of them needs the store on
 * every request (one round trip for all of them: MGET).
 * Edge-safe: middleware runs these when the store is reachable from the Edge.
 */

const denylistKey = (jti: string) => `jwt-denylist:${jti}`;

export type RevocationFailure = "revoked" | "stale-version" | "role-changed" | NonNullable<ReturnType<typeof familyRefusal>>;

/** A token that came with a refresh token names its family (`fam`): it lives only as long as the family. */
const checksFamily = (claims: AccessTokenClaims) => Boolean(claims.rev?.includes("refresh") && claims.fam);

export function needsStoreCheck(claims: AccessTokenClaims): boolean {
  return Boolean(claims.rev?.includes("jti") || claims.rev?.includes("ver") || checksFamily(claims));
}

// #region check-revocation
/**
 * One store round trip: is the token's jti denylisted, is its version still current (and if
 * not, was its role changed since), is its refresh family still alive? (A revoked family takes every
 * access token it issued with it, including one minted by a rotation that raced the revocation.)
 */
export async function checkRevocation(store: KeyValueStore, claims: AccessTokenClaims): Promise<{ ok: true } | { ok: false; reason: RevocationFailure }> {
  if (!needsStoreCheck(claims)) return { ok: true };
  const keys = [denylistKey(claims.jti), tokenVersionKey(claims.sub), userRoleKey(claims.sub)];
  if (checksFamily(claims)) keys.push(refreshFamilyKey(claims.fam as string));
  const [denied, version, role, family = null] = await store.getMany(keys);
  if (claims.rev?.includes("jti") && denied !== null) return { ok: false, reason: "revoked" };
  if (claims.rev?.includes("ver") && !isTokenVersionCurrent(claims.ver ?? 0, parseTokenVersion(version, claims.sub))) {
    // Only a role change and "sign out everywhere" raise the version: which one came after the token? Refreshable either way.
    return { ok: false, reason: (parseRoleChange(role, claims.sub)?.since ?? 0) > claims.iat * 1000 ? "role-changed" : "stale-version" };
  }
  const ended = checksFamily(claims) ? familyRefusal(family) : null;
  return ended ? { ok: false, reason: ended } : { ok: true };
}
// #endregion check-revocation

// #region denylist-token
/** Logout for a token with the "jti" check: deny it until it has expired on every server, even one whose clock is behind. */
export function denylistOp(claims: AccessTokenClaims, nowMs: number): WriteOp | null {
  if (!claims.rev?.includes("jti")) return null;
  const secondsLeft = secondsUntil((claims.exp + SERVER_CLOCK_SKEW_SECONDS) * 1000, nowMs);
  if (secondsLeft <= 0) return null; // expired everywhere: nothing to deny
  return { op: "set", key: denylistKey(claims.jti), value: "1", ttlSeconds: secondsLeft };
}
// #endregion denylist-token

export type AccessTokenAuthentication =
  | { ok: true; claims: AccessTokenClaims; header: JWTHeaderParameters; storeChecked: boolean }
  /** `refreshable`: expired or stale, but issued with a refresh token: refresh, don't log in. */
  | { ok: false; reason: JwtFailureReason; refreshable: boolean };

// #region authenticate-access-token
/**
 * Both gates' JWT check: signature and claims, then the store-backed revocation checks the
 * token was issued with. `store` is null where the store cannot be reached (middleware on the
 * memory store): those checks are then left to the second gate (`storeChecked: false`).
 * An unreachable store throws StoreUnavailableError (a 503), never "signed out".
 */
export async function authenticateAccessToken(
  token: string | undefined,
  store: KeyValueStore | null,
  nowMs: number = Date.now(),
): Promise<AccessTokenAuthentication> {
  const result = await verifyAccessToken(token, undefined, nowMs);
  if (!result.ok) return { ok: false, reason: result.reason, refreshable: canRefresh(result.expiredClaims, result.reason) };
  const { claims, header } = result;
  if (!needsStoreCheck(claims)) return { ok: true, claims, header, storeChecked: true }; // a plain JWT: no lookup at all
  if (!store) return { ok: true, claims, header, storeChecked: false };
  const revocation = await checkRevocation(store, claims);
  if (!revocation.ok) return { ok: false, reason: revocation.reason, refreshable: canRefresh(claims, revocation.reason) };
  return { ok: true, claims, header, storeChecked: true };
}
// #endregion authenticate-access-token
