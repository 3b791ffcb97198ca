import { base64url } from "jose";
import { z } from "zod";
import { StoreUnavailableError, getStore, parseJsonOrNull, writeUnlessChanged, type KeyValueStore, type WriteOp } from "../store";
import { generateOpaqueToken, sha256Hex } from "../opaque-token";
import { hmacKey } from "../signing-keys";
import { REVOCATION_CHECKS, jwtConfig, type AccessTokenClaims, type JwtFailureReason } from "../jwt";
import { logAuthEvent } from "../log";
import { SERVER_CLOCK_SKEW_SECONDS, ttlUntil } from "../time";

/**
 * Refresh tokens for the /jwt lane: opaque (not JWTs, so they can never pass as an access
 * token, nor an access token as one), stored only as a SHA-256, rotated on every use.
 *
 * Every refresh token belongs to a family (one per login), and the family is ONE record in
 * the store, whatever the number of rotations: which generation is current, the hashes of
 * the current and the previous token, and whether the previous one's grace was spent. A
 * token names its family and generation (`<family>.<generation>.<random>.<tag>`), so an old
 * token is recognised as reuse without keeping a record per old token. The tag is an HMAC of
 * the rest under a server key: only tokens this server issued are ever taken for reuse, so a
 * forged "old token" naming someone's family cannot revoke it.
 *
 * - One successor per token: rotation is a compare-and-write of the family record
 *   (store.writeIf). Of any number of parallel requests with the same token exactly one
 *   wins; the others re-read the record and see the token as just rotated.
 * - Bounded grace: the token just rotated is answered once more within a short window (two
 *   tabs refreshing at once), with an access token but no new refresh token (the browser's
 *   one cookie jar already holds the winner's). Any further use is reuse.
 * - Reuse revokes the family: two parties hold the same token, one of them a thief.
 * - Revocation always wins: revoking overwrites the record with a tombstone, so a rotation
 *   that read the record earlier fails its compare-and-write, and every access token of the
 *   family is refused from then on (lib/jwt/revocation.ts checks the family is alive).
 */

export const refreshFamilyKey = (familyId: string) => `refresh-family:${familyId}`;
const userFamiliesKey = (userId: string) => `refresh-families:${userId}`;
/** Changes with each of the user's sign-ins: parallel ones take turns (writeUnlessChanged), so the limit holds. */
const userFamiliesRevisionKey = (userId: string) => `refresh-families-rev:${userId}`;

/** `<family id (UUID)>.<generation>.<32 random bytes>.<HMAC-SHA256 tag>` (both base64url) */
const REFRESH_TOKEN_PATTERN = /^(([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.(0|[1-9]\d{0,8})\.[A-Za-z0-9_-]{43})\.([A-Za-z0-9_-]{43})$/;

/** How many grace uses a family remembers (for the picture only; the check needs none of them). */
const MAX_GRACE_RECORDED = 8;

const liveFamilySchema = z.object({
  userId: z.string(),
  /** The revocation checks of the access tokens this family issues (chosen at login). */
  checks: z.array(z.enum(REVOCATION_CHECKS)),
  createdAt: z.number(),
  /** The current token's generation: 0 at login, +1 per rotation. */
  generation: z.number().int().nonnegative(),
  currentHash: z.string(),
  /** The token the last rotation replaced (generation - 1), while it may still use its grace. */
  previousHash: z.string().nullable(),
  rotatedAt: z.number().nullable(),
  graceUsed: z.boolean(),
  /** Who spent the grace: one id per spend, so a spend the store client resent is known as ours. */
  graceBy: z.string().optional(),
  /** When the current token expires (each rotation gives the new one a full lifetime). */
  expiresAt: z.number(),
  /** The generations whose grace was spent (the last few), so the dashboard can draw them. */
  graceGenerations: z.array(z.number().int().nonnegative()).max(MAX_GRACE_RECORDED).optional(),
  /** A DPoP client's key thumbprint: every token of the family needs a proof signed by that key. */
  jkt: z.string().optional(),
  authTime: z.number().optional(), // the password checked again after the sign-in (lib/jwt/step-up.ts); else createdAt
});
const revokedFamilySchema = z.object({
  userId: z.string(),
  revokedAt: z.number(),
  revokedBecause: z.string(),
  /** Known when reuse revoked it: the generation then current, and the one presented again. */
  generation: z.number().int().nonnegative().optional(),
  reusedGeneration: z.number().int().nonnegative().optional(),
  graceGenerations: z.array(z.number().int().nonnegative()).max(MAX_GRACE_RECORDED).optional(),
});
export type RefreshFamily = z.infer<typeof liveFamilySchema>;
export type RevokedFamily = z.infer<typeof revokedFamilySchema>;

export function parseFamily(raw: string | null): { live: RefreshFamily } | { revoked: RevokedFamily } | null {
  const value = parseJsonOrNull(raw);
  const live = liveFamilySchema.safeParse(value);
  if (live.success) return { live: live.data };
  const revoked = revokedFamilySchema.safeParse(value);
  return revoked.success ? { revoked: revoked.data } : null;
}

/** Why the access tokens of this family are refused (null: they are not, it is live); reuse and a newer sign-in have words of their own. */
export function familyRefusal(raw: string | null): "family-revoked" | "family-reused" | "family-evicted" | null {
  const family = parseFamily(raw);
  if (family && "live" in family) return null;
  const because = family?.revoked.revokedBecause;
  return because === "reuse" ? "family-reused" : because === "newer-sign-in" ? "family-evicted" : "family-revoked";
}

export interface RefreshPolicy {
  refreshTokenTtlSeconds: number;
  reuseGraceSeconds: number;
  /** At most this many live families per user (the device limit): a new login revokes the oldest. */
  maxFamiliesPerUser: number;
  /** How long a tombstone stays: past it every access token of the family has expired anyway. */
  tombstoneTtlSeconds: number;
}

export interface RefreshDeps {
  store: KeyValueStore;
  now: () => number;
  policy: RefreshPolicy;
  /** The key of the tokens' tags (the JWT lane's secret; the tagged text cannot pass for a JWS input). */
  secret: string;
  /** Older keys, whose tags still verify (JWT_SECRET_PREVIOUS: key rotation). */
  previousSecrets?: readonly string[];
}

export function defaultRefreshDeps(): RefreshDeps {
  const jwt = jwtConfig();
  return {
    store: getStore(),
    now: Date.now,
    secret: jwt.secret,
    previousSecrets: jwt.previousSecrets,
    policy: {
      refreshTokenTtlSeconds: jwt.refreshTokenTtlSeconds,
      reuseGraceSeconds: jwt.refreshReuseGraceSeconds,
      maxFamiliesPerUser: jwt.maxFamiliesPerUser,
      // Tolerates clock skew between the servers that issue and check tokens.
      tombstoneTtlSeconds: jwt.shortAccessTokenTtlSeconds + SERVER_CLOCK_SKEW_SECONDS,
    },
  };
}

export type RefreshFailureReason = "missing" | "malformed" | "unknown" | "expired" | "family-revoked" | "reused" | "contended" | "wrong-key";

export const REFRESH_FAILURE_MESSAGES: Record<RefreshFailureReason, string> = {
  missing: "No refresh token was sent.",
  malformed: "The refresh token is not one this server issues.",
  unknown: "The refresh token is unknown or has expired.",
  expired: "The refresh token has expired.",
  "family-revoked": "The refresh token was revoked (sign-out, sign out everywhere, a newer sign-in, or a detected theft).",
  reused: "A refresh token was used twice: it was probably stolen, so every token from that login is now revoked.",
  contended: "Too many refreshes with this token at once; sign in again.",
  "wrong-key": "The refresh token is bound to another key than the one this request proves (DPoP), or to none: only the client it was issued to can use it.",
};

export type RotationResult =
  /** `authTime`: the family's sign-in, when the password was checked (the access token's `auth_time`). */
  | { ok: true; userId: string; checks: RefreshFamily["checks"]; familyId: string; expiresAt: number; newToken: string | null; jkt?: string; authTime: number }
  | { ok: false; reason: RefreshFailureReason }
  /** The store did not answer the claim, which may land all the same: the successor goes to the client with the 503. */
  | { ok: false; reason: "store-unavailable"; newToken: string };

const TAG_PREFIX = "refresh-token:"; // a ':' never occurs in a JWS signing input: no cross-use of the key

/**
 * The family and generation of a token this server issued (its tag verifies, in constant time,
 * under the current key or a previous one); null otherwise.
 */
async function parseToken(keys: Pick<RefreshDeps, "secret" | "previousSecrets">, token: string): Promise<{ familyId: string; generation: number } | null> {
  const match = REFRESH_TOKEN_PATTERN.exec(token);
  if (!match) return null;
  const [, body, familyId, generation, tag] = match;
  for (const secret of [keys.secret, ...(keys.previousSecrets ?? [])]) {
    const authentic = await crypto.subtle.verify("HMAC", await hmacKey(secret), base64url.decode(tag) as Uint8Array<ArrayBuffer>, new TextEncoder().encode(TAG_PREFIX + body));
    if (authentic) return { familyId, generation: Number(generation) };
  }
  return null;
}

async function newToken(secret: string, familyId: string, generation: number) {
  const body = `${familyId}.${generation}.${generateOpaqueToken()}`;
  const tag = base64url.encode(new Uint8Array(await crypto.subtle.sign("HMAC", await hmacKey(secret), new TextEncoder().encode(TAG_PREFIX + body))));
  const token = `${body}.${tag}`;
  return { token, hash: await sha256Hex(token) };
}

/** The family record and its place in the user's index, written together. */
function familyWriteOps(familyId: string, family: RefreshFamily, ttlSeconds: number): WriteOp[] {
  return [
    { op: "set", key: refreshFamilyKey(familyId), value: JSON.stringify(family), ttlSeconds },
    { op: "zadd", key: userFamiliesKey(family.userId), member: familyId, score: family.rotatedAt ?? family.createdAt },
    { op: "expire", key: userFamiliesKey(family.userId), ttlSeconds },
  ];
}

/** Overwrites a family with its tombstone (only if it still exists) and drops it from the index. */
function revokeOps(
  userId: string, familyId: string, nowMs: number, because: string, policy: RefreshPolicy,
  history: Pick<RevokedFamily, "generation" | "reusedGeneration" | "graceGenerations"> = {},
): WriteOp[] {
  const tombstone: RevokedFamily = { userId, revokedAt: nowMs, revokedBecause: because, ...history };
  return [
    { op: "set", key: refreshFamilyKey(familyId), value: JSON.stringify(tombstone), ttlSeconds: policy.tombstoneTtlSeconds, onlyIfExists: true },
    { op: "zrem", key: userFamiliesKey(userId), member: familyId },
  ];
}

// #region create-refresh-token
/**
 * At login: a new family with its first refresh token. If the user already has the maximum
 * number of live families, the oldest are revoked in the same write (like sessions).
 * `jkt`: a DPoP client's key thumbprint, which binds every refresh token of the family to it.
 */
export async function createRefreshToken(deps: RefreshDeps, userId: string, checks: RefreshFamily["checks"], jkt?: string) {
  const now = deps.now();
  const { refreshTokenTtlSeconds: ttl, maxFamiliesPerUser } = deps.policy;
  const familyId = crypto.randomUUID();
  const first = await newToken(deps.secret, familyId, 0);
  const family: RefreshFamily = {
    userId, checks, createdAt: now, generation: 0, currentHash: first.hash,
    previousHash: null, rotatedAt: null, graceUsed: false, expiresAt: now + ttl * 1000, ...(jkt ? { jkt } : {}),
  };
  return writeUnlessChanged(deps.store, { key: userFamiliesRevisionKey(userId), ttlSeconds: ttl }, [], async () => {
    // Index scores are each family's last issue time, so entries older than a token lifetime
    // are families that expired on their own: dropped, not counted.
    const entries = await deps.store.sortedSetEntries(userFamiliesKey(userId)); // oldest first
    const expired = entries.filter((e) => e.score + ttl * 1000 <= now);
    const live = entries.filter((e) => e.score + ttl * 1000 > now);
    const evicted = live.slice(0, Math.max(0, live.length + 1 - maxFamiliesPerUser));
    const ops = [
      ...expired.map((e): WriteOp => ({ op: "zrem", key: userFamiliesKey(userId), member: e.member })),
      ...evicted.flatMap((e) => revokeOps(userId, e.member, now, "newer-sign-in", deps.policy)),
      ...familyWriteOps(familyId, family, ttl),
    ];
    return { ops, result: { token: first.token, familyId, family, evicted: evicted.map((e) => e.member) } };
  });
}
// #endregion create-refresh-token

/**
 * Whether our own write landed though the store answered that it did not: the store client
 * resends a call whose reply was lost, and the resend finds the record already changed, by us.
 */
async function ourWriteLanded(store: KeyValueStore, key: string, ours: (family: RefreshFamily) => boolean): Promise<boolean> {
  const family = parseFamily(await store.get(key));
  return family !== null && "live" in family && ours(family.live);
}

/** Attempts at the compare-and-write before giving up: each retry means the record changed. */
const MAX_CLAIM_ATTEMPTS = 8;

// #region rotate-refresh-token
/**
 * Uses a refresh token: rotates it (exactly one winner under any concurrency), answers a
 * just-rotated one once within the grace window, or detects reuse and revokes the family.
 * `provenKey`: the thumbprint of the key the request's DPoP proof was signed with, if any; a
 * family bound to a key is used only with that key, and an unbound one only without.
 */
export async function rotateRefreshToken(deps: RefreshDeps, token: string | undefined | null, provenKey?: string): Promise<RotationResult> {
  if (!token) return { ok: false, reason: "missing" };
  if (!REFRESH_TOKEN_PATTERN.test(token)) return { ok: false, reason: "malformed" };
  const named = await parseToken(deps, token);
  if (!named) return { ok: false, reason: "unknown" }; // not issued by this server: never taken for reuse
  const hash = await sha256Hex(token);
  const key = refreshFamilyKey(named.familyId);

  for (let attempt = 0; attempt < MAX_CLAIM_ATTEMPTS; attempt++) {
    const raw = await deps.store.get(key);
    const parsed = parseFamily(raw);
    if (!parsed) return { ok: false, reason: "unknown" };
    if ("revoked" in parsed) return { ok: false, reason: "family-revoked" };
    const family = parsed.live;
    // Before any rotation or reuse check: without the key, a thief can neither use the
    // token nor make it count as reused (which would revoke the family).
    if ((family.jkt ?? null) !== (provenKey ?? null)) return { ok: false, reason: "wrong-key" };
    const now = deps.now();
    const base = { userId: family.userId, checks: family.checks, familyId: named.familyId, authTime: family.authTime ?? family.createdAt, ...(family.jkt ? { jkt: family.jkt } : {}) };

    if (named.generation === family.generation) {
      if (hash !== family.currentHash) return { ok: false, reason: "unknown" }; // names the family, but not a token we issued
      if (now >= family.expiresAt) return { ok: false, reason: "expired" };
      const next = await newToken(deps.secret, named.familyId, family.generation + 1);
      const rotated: RefreshFamily = {
        ...family, generation: family.generation + 1, currentHash: next.hash, previousHash: family.currentHash,
        rotatedAt: now, graceUsed: false, expiresAt: now + deps.policy.refreshTokenTtlSeconds * 1000,
      };
      // The claim: only if nobody rotated or revoked the family since we read it (or our resent
      // claim did: then the successor is ours to hand out, not a reason to spend the grace).
      let claimed: boolean;
      try {
        claimed = await deps.store.writeIf({ key, expected: raw }, familyWriteOps(named.familyId, rotated, deps.policy.refreshTokenTtlSeconds));
      } catch (error) {
        // A claim sent but not answered may still land: a client that kept the old token
        // would then be taken for a thief. With the successor it signs in again at worst.
        // One never sent cannot land: the old token stays the client's (a plain 503).
        if (StoreUnavailableError.is(error) && error.sent) return { ok: false, reason: "store-unavailable", newToken: next.token };
        throw error;
      }
      if (claimed || (await ourWriteLanded(deps.store, key, (f) => f.currentHash === next.hash))) return { ok: true, ...base, expiresAt: rotated.expiresAt, newToken: next.token };
      continue; // lost the race: read again, and see our token as just rotated
    }

    const justRotated = named.generation === family.generation - 1 && hash === family.previousHash;
    if (named.generation === family.generation - 1 && !justRotated) return { ok: false, reason: "unknown" };
    if (named.generation > family.generation) return { ok: false, reason: "unknown" };
    // A rotation stamped by a faster clock is in this server's future: its age is 0, never less (a grace of 0 allows nothing).
    const withinGrace = justRotated && family.rotatedAt !== null && Math.max(0, now - family.rotatedAt) < deps.policy.reuseGraceSeconds * 1000;
    if (withinGrace && !family.graceUsed) {
      const graceGenerations = [...(family.graceGenerations ?? []), named.generation].slice(-MAX_GRACE_RECORDED);
      const spent: RefreshFamily = { ...family, graceUsed: true, graceBy: crypto.randomUUID(), graceGenerations };
      if ((await deps.store.writeIf({ key, expected: raw }, [{ op: "set", key, value: JSON.stringify(spent), ttlSeconds: ttlUntil(family.expiresAt, now) }]))
        || (await ourWriteLanded(deps.store, key, (f) => f.graceBy === spent.graceBy))) {
        logAuthEvent("jwt.refresh-grace", { user: family.userId, family: named.familyId, generation: named.generation });
        return { ok: true, ...base, expiresAt: family.expiresAt, newToken: null }; // a concurrent refresh (two tabs), not a theft
      }
      continue;
    }
    // An older token, or the just-rotated one past its grace or used twice: reuse.
    await deps.store.write(revokeOps(family.userId, named.familyId, now, "reuse", deps.policy, {
      generation: family.generation, reusedGeneration: named.generation, graceGenerations: family.graceGenerations,
    }));
    logAuthEvent("jwt.refresh-reuse", { user: family.userId, family: named.familyId, generation: named.generation, current: family.generation });
    return { ok: false, reason: "reused" };
  }
  return { ok: false, reason: "contended" };
}
// #endregion rotate-refresh-token

// #region revoke-refresh-family
/**
 * Revokes a family: its refresh tokens and every access token it issued stop working at
 * once. The tombstone replaces the record unconditionally, so it wins over any rotation in
 * flight (that rotation's compare-and-write fails). Logout finds the family through its
 * access token's `fam` claim, because the refresh cookie is only ever sent to the refresh route.
 */
export async function revokeRefreshFamily(deps: RefreshDeps, userId: string, familyId: string, because = "logout"): Promise<void> {
  await deps.store.write(revokeRefreshFamilyOps(deps, userId, familyId, because));
}

/** Its writes, for a caller that makes them in one step with its own (logout: the jti's denylisting). */
export const revokeRefreshFamilyOps = (deps: RefreshDeps, userId: string, familyId: string, because = "logout") => revokeOps(userId, familyId, deps.now(), because, deps.policy);
// #endregion revoke-refresh-family

/** "Log out everywhere": the writes ending every family of the user (per-user index) and how many, made in one step with the token version's bump. */
export async function revokeAllRefreshFamiliesOps(deps: RefreshDeps, userId: string, because = "logout-everywhere"): Promise<{ ops: WriteOp[]; families: number }> {
  const families = await deps.store.sortedSetEntries(userFamiliesKey(userId));
  const now = deps.now();
  return { ops: families.flatMap((f) => revokeOps(userId, f.member, now, because, deps.policy)), families: families.length };
}

/** The family's record, for the dashboard (null when it is gone). */
export async function readRefreshFamily(store: KeyValueStore, familyId: string) {
  return parseFamily(await store.get(refreshFamilyKey(familyId)));
}

/** The family and generation a refresh token names, if this server issued it (its tag verifies). */
export async function refreshTokenFamily(keys: Pick<RefreshDeps, "secret" | "previousSecrets">, token: string | undefined | null) {
  return token ? parseToken(keys, token) : null;
}

/** Whether a refused token can be replaced through the refresh route rather than a login. */
export function canRefresh(claims: AccessTokenClaims | undefined, reason: JwtFailureReason): boolean {
  return Boolean(claims?.rev?.includes("refresh")) && ["expired", "stale-version", "role-changed"].includes(reason);
}
