import { z } from "zod";
import { parseJsonOrNull } from "./safe-json";
import { getConfig } from "./config";
import { getStore, type KeyValueStore, type WriteOp } from "./store";
import { generateOpaqueToken, isWellFormedOpaqueToken, sha256Hex } from "./opaque-token";
import { REVOCATION_CHECKS } from "./revocation-checks";

/**
 * Refresh tokens for the /jwt area: opaque (not JWTs, so they can never pass as an access
 * token, nor an access token as one), stored only as their SHA-256, rotated on every use.
 *
 * Every refresh token belongs to a family (one per login). Using a refresh token replaces
 * it with a new one in the same family. Presenting a token that was already replaced means
 * two parties hold it, one of them a thief: the whole family is revoked. Except within a
 * short grace window after the rotation, when it is far more likely two tabs refreshing
 * at once; then the late tab gets a new access token but no new refresh token (the
 * browser already has the successor cookie from the first tab).
 */

export const REFRESH_KEY_PREFIX = "refresh:";
export const REFRESH_FAMILY_KEY_PREFIX = "refresh-family:";
export const USER_REFRESH_FAMILIES_KEY_PREFIX = "refresh-families:";
const refreshKey = (id: string) => `${REFRESH_KEY_PREFIX}${id}`;
const familyKey = (familyId: string) => `${REFRESH_FAMILY_KEY_PREFIX}${familyId}`;
const userFamiliesKey = (userId: string) => `${USER_REFRESH_FAMILIES_KEY_PREFIX}${userId}`;

const refreshRecordSchema = z.object({
  userId: z.string(),
  familyId: z.string(),
  /** The revocation checks of the access tokens this family issues (chosen at login). */
  checks: z.array(z.enum(REVOCATION_CHECKS)),
  createdAt: z.number(),
  expiresAt: z.number(),
  /** When this token was used and replaced; null while it is the family's current token. */
  rotatedAt: z.number().nullable(),
});
export type RefreshRecord = z.infer<typeof refreshRecordSchema>;

export interface RefreshPolicy {
  refreshTokenTtlSeconds: number;
  reuseGraceSeconds: number;
}

export interface RefreshDeps {
  store: KeyValueStore;
  now: () => number;
  policy: RefreshPolicy;
}

export function defaultRefreshDeps(): RefreshDeps {
  const { jwt } = getConfig();
  return {
    store: getStore(),
    now: Date.now,
    policy: { refreshTokenTtlSeconds: jwt.refreshTokenTtlSeconds, reuseGraceSeconds: jwt.refreshReuseGraceSeconds },
  };
}

export type RefreshFailureReason = "missing" | "malformed" | "unknown" | "expired" | "family-revoked" | "reused";

export const REFRESH_FAILURE_MESSAGES: Record<RefreshFailureReason, string> = {
  missing: "No refresh token was sent.",
  malformed: "The refresh token is not one this server issues.",
  unknown: "The refresh token is unknown or has expired.",
  expired: "The refresh token has expired.",
  "family-revoked": "The refresh token was revoked (logout, log out everywhere, or a detected theft).",
  reused: "A refresh token was used twice: it was probably stolen, so every token from that login is now revoked.",
};

export type RotationResult =
  | { ok: true; userId: string; checks: RefreshRecord["checks"]; familyId: string; expiresAt: number; newToken: string | null }
  | { ok: false; reason: RefreshFailureReason };

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));


/** The writes that add a new current token to a family (and keep the family alive). */
async function issueInFamily(deps: RefreshDeps, base: { userId: string; familyId: string; checks: RefreshRecord["checks"] }) {
  const now = deps.now();
  const ttl = deps.policy.refreshTokenTtlSeconds;
  const token = generateOpaqueToken();
  const id = await sha256Hex(token);
  const record: RefreshRecord = { ...base, createdAt: now, expiresAt: now + ttl * 1000, rotatedAt: null };
  const ops: WriteOp[] = [
    { op: "set", key: refreshKey(id), value: JSON.stringify(record), ttlSeconds: ttl },
    { op: "set", key: familyKey(base.familyId), value: JSON.stringify({ userId: base.userId }), ttlSeconds: ttl },
    { op: "zadd", key: userFamiliesKey(base.userId), member: base.familyId, score: now },
    { op: "expire", key: userFamiliesKey(base.userId), ttlSeconds: ttl },
  ];
  return { token, id, record, ops };
}

// #region create-refresh-token
/** At login: a new family with its first refresh token. */
export async function createRefreshToken(deps: RefreshDeps, userId: string, checks: RefreshRecord["checks"]) {
  const familyId = crypto.randomUUID();
  const issued = await issueInFamily(deps, { userId, familyId, checks });
  await deps.store.write(issued.ops);
  return { token: issued.token, id: issued.id, familyId, record: issued.record };
}
// #endregion create-refresh-token

async function readTokenAndFamily(deps: RefreshDeps, token: string) {
  const id = await sha256Hex(token);
  const raw = await deps.store.get(refreshKey(id));
  const record = refreshRecordSchema.safeParse(parseJsonOrNull(raw));
  if (!record.success) return { id, record: null, familyAlive: false };
  const familyAlive = (await deps.store.get(familyKey(record.data.familyId))) !== null;
  return { id, record: record.data, familyAlive };
}

// #region rotate-refresh-token
/** Uses a refresh token: rotates it, or detects its reuse and revokes the family. */
export async function rotateRefreshToken(deps: RefreshDeps, token: string | undefined | null): Promise<RotationResult> {
  if (!token) return { ok: false, reason: "missing" };
  if (!isWellFormedOpaqueToken(token)) return { ok: false, reason: "malformed" };
  const { id, record, familyAlive } = await readTokenAndFamily(deps, token);
  if (!record) return { ok: false, reason: "unknown" };
  if (!familyAlive) return { ok: false, reason: "family-revoked" };
  const now = deps.now();
  if (now >= record.expiresAt) return { ok: false, reason: "expired" };

  const base = { userId: record.userId, checks: record.checks, familyId: record.familyId, expiresAt: record.expiresAt };
  if (record.rotatedAt !== null) {
    if (now - record.rotatedAt < deps.policy.reuseGraceSeconds * 1000) {
      return { ok: true, ...base, newToken: null }; // a concurrent refresh (two tabs), not a theft
    }
    await revokeRefreshFamily(deps, record.userId, record.familyId);
    return { ok: false, reason: "reused" };
  }

  const next = await issueInFamily(deps, record);
  const rotated: RefreshRecord = { ...record, rotatedAt: now };
  // The used token stays (marked) until it would have expired, so a later reuse is recognised.
  await deps.store.write([
    { op: "set", key: refreshKey(id), value: JSON.stringify(rotated), ttlSeconds: seconds(record.expiresAt - now) },
    ...next.ops,
  ]);
  return { ok: true, ...base, expiresAt: next.record.expiresAt, newToken: next.token };
}
// #endregion rotate-refresh-token

// #region revoke-refresh-family
/**
 * Revokes a family: every refresh token from that login stops working at once (the records
 * stay until they expire, so a late reuse is still recognised and refused).
 * Logout finds the family through its access token's `fam` claim, because the refresh
 * cookie itself is only ever sent to the refresh route.
 */
export async function revokeRefreshFamily(deps: RefreshDeps, userId: string, familyId: string): Promise<void> {
  await deps.store.write([
    { op: "del", key: familyKey(familyId) },
    { op: "zrem", key: userFamiliesKey(userId), member: familyId },
  ]);
}
// #endregion revoke-refresh-family

/** "Log out everywhere": revokes every refresh family of the user, through the per-user index. */
export async function revokeAllRefreshFamilies(deps: RefreshDeps, userId: string): Promise<number> {
  const families = await deps.store.sortedSetEntries(userFamiliesKey(userId));
  if (families.length === 0) return 0;
  await deps.store.write([
    ...families.map((f): WriteOp => ({ op: "del", key: familyKey(f.member) })),
    { op: "del", key: userFamiliesKey(userId) },
  ]);
  return families.length;
}
