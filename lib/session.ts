import { z } from "zod";
import { defineSection, withShared } from "./config";
import { cookieName, authCookieOptions } from "./cookies";
import { getStore, parseJsonOrNull, rewriteOverRead, writeUnlessChanged, type KeyValueStore, type Revision, type WriteOp } from "./store";
import { generateOpaqueToken, isWellFormedOpaqueToken, sha256Hex } from "./opaque-token";
import { ttlUntil } from "./time";
import { roleSchema, type Role } from "./validation";
import { parseRoleChange, userRoleKey } from "./users";

/**
 * Server-side sessions, the core: a random token in an HttpOnly cookie, a record in the store
 * keyed by the token's SHA-256. Generate, hash, create, validate (sliding and absolute expiry),
 * invalidate: read it top to bottom. Add-ons live in lib/session/ (the device list, the markers
 * that say who ended a session) and import this file, never the reverse. Edge-safe.
 */

/** The lifetimes and device limit (shared: lib/config.ts), and whether middleware looks sessions up. */
export const sessionSection = withShared(
  defineSection(
    z.object({ SESSION_EDGE_LOOKUP: z.enum(["on", "off"], { error: 'SESSION_EDGE_LOOKUP must be "on" or "off".' }).default("on") }),
    () => ({ SESSION_EDGE_LOOKUP: process.env.SESSION_EDGE_LOOKUP }),
  ),
  (own, { idleTtlSeconds, absoluteTtlSeconds, maxDevices }) => ({
    idleTtlSeconds, absoluteTtlSeconds, maxDevices,
    edgeLookup: own.SESSION_EDGE_LOOKUP === "on", // middleware looks sessions up when the Edge can reach the store (Redis)
  }),
);
export const sessionConfig = sessionSection.get;

export const SESSION_COOKIE = cookieName("sid");
/** The record as JSON, under the SHA-256 (hex) of the token. */
export const sessionKey = (id: string) => `session:${id}`;
/** A sorted set of the user's session ids, scored by creation time. */
export const userSessionsKey = (userId: string) => `user-sessions:${userId}`;
/** Changes with each sign-in and role change of the user: a sign-in that read before one builds again. */
export const userRevision = (deps: SessionDeps, userId: string): Revision => ({ key: `user-sessions-rev:${userId}`, ttlSeconds: deps.policy.absoluteTtlSeconds });
/** lastSeenAt is rewritten at most this often, so a busy user doesn't cost a write per request. */
export const LAST_SEEN_RESOLUTION_SECONDS = 60;

export const sessionRecordSchema = z.object({
  userId: z.string(),
  role: roleSchema,
  createdAt: z.number(), // epoch milliseconds, like every time below
  lastSeenAt: z.number(),
  expiresAt: z.number(), // sliding (idle) expiry
  absoluteExpiresAt: z.number(), // hard cap no activity can extend
  userAgent: z.string(),
  authenticatedAt: z.number().optional(), // the last password check (sign-in or step-up); absent in older records
});
export type SessionRecord = z.infer<typeof sessionRecordSchema>;

/** `maxDevices`: live sessions per user at most; a new sign-in ends the oldest. */
export type SessionPolicy = { idleTtlSeconds: number; absoluteTtlSeconds: number; maxDevices: number };

/** Who ended a session, when not its own browser: a newer sign-in past the device limit, or the device list. */
export type EndedReason = "evicted" | "revoked";

/** Optional: markers that tell a browser who ended its session (lib/session/devices.ts provides them). */
export interface EndedSessions {
  /** The writes that end these sessions of the user (record and index entry at least). */
  endOps(ids: string[], userId: string, reason: EndedReason): Promise<WriteOp[]>;
  /** Why the session `id` is gone, if someone else ended it; null if unknown. */
  reasonFor(id: string): Promise<EndedReason | null>;
}

export type SessionDeps = { store: KeyValueStore; now: () => number; policy: SessionPolicy; ended?: EndedSessions };

export function defaultSessionDeps(): SessionDeps {
  const { idleTtlSeconds, absoluteTtlSeconds, maxDevices } = sessionConfig(); // (edgeLookup is middleware's)
  return { store: getStore(), now: Date.now, policy: { idleTtlSeconds, absoluteTtlSeconds, maxDevices } };
}

/** Why a session is refused. A store outage is not one: it throws StoreUnavailableError (a 503, never "signed out"). */
export type SessionFailureReason = "missing" | "malformed" | "unknown" | "expired" | "evicted" | "revoked";

/** Why a session was refused, in words; `maxDevices` is the device limit the eviction message names. */
export function sessionFailureMessages(maxDevices: number): Record<SessionFailureReason, string> {
  return {
    missing: "No session cookie was sent.",
    malformed: "The session cookie is not a token this server issues.",
    unknown: "The session does not exist: it was signed out, revoked or has expired.",
    expired: "The session has expired.",
    evicted: `The session was ended by a newer sign-in (device limit ${maxDevices}): the oldest session goes first.`,
    revoked: "The session was signed out from the device list.",
  };
}

/** The messages with this deployment's device limit. */
export const sessionFailureMessagesHere = () => sessionFailureMessages(sessionConfig().maxDevices);

export type SessionValidation =
  /** `ttlSeconds`: the record's TTL in the store (it is set from `record.expiresAt` on each write). */
  | { ok: true; id: string; record: SessionRecord; ttlSeconds: number }
  | { ok: false; reason: SessionFailureReason };

// #region session-token
/** 256 random bits, base64url: the cookie value. */
export const generateSessionToken = generateOpaqueToken;
/** The session id is the SHA-256 of the token: a leak of the store yields no usable cookie. */
export const sessionIdFromToken = sha256Hex;
export const isWellFormedSessionToken = isWellFormedOpaqueToken;
// #endregion session-token

/**
 * The record and its TTL travel in one SET ... EX: no window where it exists without expiry.
 * Updates of an existing record use XX, so a session signed out meanwhile stays signed out.
 */
export function writeRecord(id: string, record: SessionRecord, nowMs: number, { update = false } = {}): WriteOp {
  return { op: "set", key: sessionKey(id), value: JSON.stringify(record), ttlSeconds: ttlUntil(record.expiresAt, nowMs), onlyIfExists: update };
}

// #region create-session
/**
 * Creates a session; returns the token for the cookie (it is stored nowhere). A user at
 * `maxDevices` loses the oldest in the same write (through the per-user index, never a KEYS
 * scan). The record takes the role stored when it is written (a change since the password check wins).
 */
export async function createSession(
  deps: SessionDeps,
  user: { id: string; role: Role },
  userAgent: string,
): Promise<{ token: string; id: string; record: SessionRecord; evicted: string[] }> {
  const token = generateSessionToken();
  const id = await sessionIdFromToken(token);
  // Parallel sign-ins take turns, so the device limit holds; one that read before a role change builds again.
  return writeUnlessChanged(deps.store, userRevision(deps, user.id), [userRoleKey(user.id)], async ([storedRole]) => {
    const now = deps.now();
    const record: SessionRecord = {
      userId: user.id,
      role: parseRoleChange(storedRole, user.id)?.role ?? user.role,
      createdAt: now, authenticatedAt: now, lastSeenAt: now,
      expiresAt: now + deps.policy.idleTtlSeconds * 1000,
      absoluteExpiresAt: now + deps.policy.absoluteTtlSeconds * 1000,
      userAgent: userAgent.slice(0, 256),
    };
    const existing = await deps.store.sortedSetEntries(userSessionsKey(user.id)); // oldest first
    const evicted = existing.slice(0, Math.max(0, existing.length + 1 - deps.policy.maxDevices)).map((e) => e.member);
    // Record, TTL, index entry and evictions in one atomic write.
    return {
      ops: [
        ...(await endSessionsOps(deps, evicted, user.id, "evicted")),
        writeRecord(id, record, now),
        { op: "zadd", key: userSessionsKey(user.id), member: id, score: now },
        { op: "expire", key: userSessionsKey(user.id), ttlSeconds: deps.policy.absoluteTtlSeconds },
      ],
      result: { token, id, record, evicted },
    };
  });
}
// #endregion create-session

/** Ends sessions of the user that are not this browser's: with their marker when `deps.ended` keeps them. */
export async function endSessionsOps(deps: SessionDeps, ids: string[], userId: string, reason: EndedReason): Promise<WriteOp[]> {
  if (ids.length === 0) return [];
  return deps.ended ? deps.ended.endOps(ids, userId, reason) : ids.flatMap((id) => removeSessionOps(id, userId));
}

/** A stored record, or null when the value is missing or not a record. */
export function parseRecord(raw: string | null): SessionRecord | null {
  const parsed = sessionRecordSchema.safeParse(parseJsonOrNull(raw));
  return parsed.success ? parsed.data : null;
}

/**
 * Rewrites a session's record with `change`, only over the record read, reading again when a
 * request wrote it meanwhile: no concurrent write is lost, and a session ended meanwhile stays
 * ended. The record as it now stands, or null (ended, or `attempts` lost in a row).
 */
export async function updateRecord(deps: SessionDeps, id: string, change: (record: SessionRecord, nowMs: number) => SessionRecord, attempts = 8): Promise<SessionRecord | null> {
  return rewriteOverRead(deps.store, sessionKey(id), (raw) => {
    const record = parseRecord(raw);
    if (!record) return { answer: null };
    const now = deps.now();
    const updated = change(record, now);
    return updated === record ? { answer: updated } : { ops: [writeRecord(id, updated, now, { update: true })], answer: updated };
  }, null, attempts);
}

// #region validate-session
/**
 * Looks the session up and applies sliding expiry: when less than half of the idle TTL is
 * left, it is extended, but never past the absolute cap. `touch: false` only reads (the
 * Edge middleware's check, so one request doesn't write twice).
 * A store outage throws StoreUnavailableError: it is not a reason to sign anyone out.
 */
export async function validateSessionToken(
  deps: SessionDeps,
  token: string | undefined | null,
  { touch = true }: { touch?: boolean } = {},
): Promise<SessionValidation> {
  if (!token) return { ok: false, reason: "missing" };
  if (!isWellFormedSessionToken(token)) return { ok: false, reason: "malformed" };
  const id = await sessionIdFromToken(token);
  // One command: the record carries its own expiry (the store's TTL is set from it).
  const raw = await deps.store.get(sessionKey(id));
  const record = parseRecord(raw);
  // Only on the refusal path (a second round trip, when markers are kept): who ended it.
  if (!record) return { ok: false, reason: (await deps.ended?.reasonFor(id)) ?? "unknown" };

  const now = deps.now();
  if (now >= record.expiresAt || now >= record.absoluteExpiresAt) {
    if (touch) await deps.store.write(removeSessionOps(id, record.userId));
    return { ok: false, reason: "expired" };
  }
  if (!touch) return { ok: true, id, record, ttlSeconds: ttlUntil(record.expiresAt, now) };

  const idleMs = deps.policy.idleTtlSeconds * 1000;
  const shouldSlide = record.expiresAt - now < idleMs / 2;
  const shouldTouch = now - record.lastSeenAt >= LAST_SEEN_RESOLUTION_SECONDS * 1000;
  if (shouldSlide || shouldTouch) {
    const expiresAt = shouldSlide ? Math.min(now + idleMs, record.absoluteExpiresAt) : record.expiresAt;
    const updated: SessionRecord = { ...record, lastSeenAt: now, expiresAt };
    // Only over the record read: a change that landed meanwhile (a role change, a sign-out) wins.
    if (await deps.store.writeIf({ key: sessionKey(id), expected: raw }, [writeRecord(id, updated, now)])) {
      return { ok: true, id, record: updated, ttlSeconds: ttlUntil(updated.expiresAt, now) };
    }
    return validateSessionToken(deps, token, { touch: false });
  }
  return { ok: true, id, record, ttlSeconds: ttlUntil(record.expiresAt, now) };
}
// #endregion validate-session

/** A session's record and its index entry go together. */
export function removeSessionOps(id: string, userId: string): WriteOp[] {
  return [{ op: "del", key: sessionKey(id) }, { op: "zrem", key: userSessionsKey(userId), member: id }];
}

// #region invalidate-session
/** Deletes the session and its index entry together. Unknown tokens are a no-op. */
export async function invalidateSession(deps: SessionDeps, token: string | undefined | null): Promise<void> {
  if (!isWellFormedSessionToken(token)) return;
  const id = await sessionIdFromToken(token);
  const record = parseRecord(await deps.store.get(sessionKey(id)));
  if (record) await deps.store.write(removeSessionOps(id, record.userId));
}
// #endregion invalidate-session

/**
 * The cookie lives as long as the absolute cap; the store decides on every request whether the
 * session is alive. So sliding never re-sets the cookie (server components cannot set one).
 */
export function sessionCookieOptions(record: SessionRecord, nowMs: number) {
  return authCookieOptions(ttlUntil(record.absoluteExpiresAt, nowMs));
}
