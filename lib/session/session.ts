import { z } from "zod";
import { DEFAULTS, SECONDS_PER_DAY, defineSection, maxDevices, positiveSeconds } from "../config";
import { cookieName, authCookieOptions } from "../cookies";
import { getStore, parseJsonOrNull, storeReachableFromEdge, type KeyValueStore, type WriteOp } from "../store";
import { generateOpaqueToken, isWellFormedOpaqueToken, sha256Hex } from "../opaque-token";
import { secondsUntil } from "../time";
import { roleSchema, type Role } from "../validation";

/**
 * Server-side sessions: a random token in an HttpOnly cookie, a record in the store.
 *
 * Edge-safe (Web Crypto, no Node built-ins) so middleware can import the cookie name and
 * the well-formedness check; the store calls themselves run in Node route handlers and
 * server components.
 */

/** The SESSION_* variables: lifetimes, devices per user, and whether middleware looks sessions up. */
export const sessionSection = defineSection(
  z.object({
    SESSION_IDLE_TTL_SECONDS: positiveSeconds(7 * SECONDS_PER_DAY),
    SESSION_ABSOLUTE_TTL_SECONDS: positiveSeconds(DEFAULTS.SESSION_ABSOLUTE_TTL_SECONDS),
    SESSION_MAX_DEVICES: maxDevices,
    SESSION_EDGE_LOOKUP: z.enum(["on", "off"], { error: 'SESSION_EDGE_LOOKUP must be "on" or "off".' }).default("on"),
  }).refine((env) => env.SESSION_ABSOLUTE_TTL_SECONDS >= env.SESSION_IDLE_TTL_SECONDS, {
    message: "SESSION_ABSOLUTE_TTL_SECONDS must be at least SESSION_IDLE_TTL_SECONDS.",
    path: ["SESSION_ABSOLUTE_TTL_SECONDS"],
  }).transform((e) => ({
    idleTtlSeconds: e.SESSION_IDLE_TTL_SECONDS,
    absoluteTtlSeconds: e.SESSION_ABSOLUTE_TTL_SECONDS,
    maxDevices: e.SESSION_MAX_DEVICES,
    /** Middleware looks sessions up when the store is reachable from the Edge (Redis). */
    edgeLookup: e.SESSION_EDGE_LOOKUP === "on",
  })),
  () => ({
    SESSION_IDLE_TTL_SECONDS: process.env.SESSION_IDLE_TTL_SECONDS,
    SESSION_ABSOLUTE_TTL_SECONDS: process.env.SESSION_ABSOLUTE_TTL_SECONDS,
    SESSION_MAX_DEVICES: process.env.SESSION_MAX_DEVICES,
    SESSION_EDGE_LOOKUP: process.env.SESSION_EDGE_LOOKUP,
  }),
);
export const sessionConfig = sessionSection.get;

export const SESSION_COOKIE = cookieName("sid");
/** `session:<sha256 hex of the token>` holds the record as JSON. */
const SESSION_KEY_PREFIX = "session:";
/** `user-sessions:<userId>` is a sorted set of that user's session ids, scored by creation time. */
const USER_SESSIONS_KEY_PREFIX = "user-sessions:";
/** `session-ended:<id>` says why a session that someone else ended is gone (see endedOps). */
const SESSION_ENDED_KEY_PREFIX = "session-ended:";
/** `user-ended-sessions:<userId>`: that user's markers, scored by when, so they stay few. */
const USER_ENDED_KEY_PREFIX = "user-ended-sessions:";
/** Markers kept per user: a flood of sign-ins past the device limit cannot grow the store. */
export const MAX_ENDED_MARKERS_PER_USER = 10;

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
});
export type SessionRecord = z.infer<typeof sessionRecordSchema>;

export interface SessionPolicy {
  idleTtlSeconds: number;
  absoluteTtlSeconds: number;
  /** At most this many live sessions per user; a new login evicts the oldest. */
  maxDevices: number;
}

export interface SessionDeps {
  store: KeyValueStore;
  now: () => number;
  policy: SessionPolicy;
}

export function defaultSessionDeps(): SessionDeps {
  const { idleTtlSeconds, absoluteTtlSeconds, maxDevices } = sessionConfig(); // (edgeLookup is middleware's)
  return { store: getStore(), now: Date.now, policy: { idleTtlSeconds, absoluteTtlSeconds, maxDevices } };
}

/**
 * "evicted" and "revoked" name who ended the session when it was not its own browser: a
 * newer sign-in past the device limit, or a sign-out from the device list.
 * "unavailable" is never returned by validateSessionToken (it throws); guards map the outage to it.
 */
export type SessionFailureReason = "missing" | "malformed" | "unknown" | "expired" | "evicted" | "revoked" | "unavailable";

/** Why a session was refused, in words; `maxDevices` is the device limit the eviction message names. */
export function sessionFailureMessages(maxDevices: number): Record<SessionFailureReason, string> {
  return {
    missing: "No session cookie was sent.",
    malformed: "The session cookie is not a token this server issues.",
    unknown: "The session does not exist: it was signed out, revoked or has expired.",
    expired: "The session has expired.",
    evicted: `The session was ended by a newer sign-in (device limit ${maxDevices}): the oldest session goes first.`,
    revoked: "The session was signed out from the device list.",
    unavailable: "The session store is unavailable right now; your session is intact. Try again in a moment.",
  };
}

/** The messages with this deployment's device limit (SESSION_MAX_DEVICES). */
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

export const sessionKey = (id: string) => `${SESSION_KEY_PREFIX}${id}`;
export const userSessionsKey = (userId: string) => `${USER_SESSIONS_KEY_PREFIX}${userId}`;
export const sessionEndedKey = (id: string) => `${SESSION_ENDED_KEY_PREFIX}${id}`;
const userEndedKey = (userId: string) => `${USER_ENDED_KEY_PREFIX}${userId}`;

const endedSchema = z.object({ reason: z.enum(["evicted", "revoked"]), at: z.number() });
type EndedReason = z.infer<typeof endedSchema>["reason"];

/**
 * Ends sessions that belong to someone else's browser: the record and its index entry go,
 * and a small marker says why, so that browser hears "ended by a newer sign-in" rather than
 * "does not exist". A marker lives one idle lifetime (a browser gone longer would have found
 * its session expired anyway), and a user keeps at most MAX_ENDED_MARKERS_PER_USER: the
 * oldest go in the same write. Reads the user's markers first (only when something ends).
 */
async function endedOps(ids: string[], userId: string, reason: EndedReason, deps: SessionDeps): Promise<WriteOp[]> {
  const now = deps.now();
  const marker = JSON.stringify({ reason, at: now });
  const kept = await deps.store.sortedSetEntries(userEndedKey(userId)); // oldest first
  const overflow = kept.slice(0, Math.max(0, kept.length + ids.length - MAX_ENDED_MARKERS_PER_USER)).map((e) => e.member);
  return [
    ...ids.flatMap((id): WriteOp[] => [
      ...removeSessionOps(id, userId),
      { op: "set", key: sessionEndedKey(id), value: marker, ttlSeconds: deps.policy.idleTtlSeconds },
      { op: "zadd", key: userEndedKey(userId), member: id, score: now },
    ]),
    ...overflow.flatMap((id): WriteOp[] => [{ op: "del", key: sessionEndedKey(id) }, { op: "zrem", key: userEndedKey(userId), member: id }]),
    { op: "expire", key: userEndedKey(userId), ttlSeconds: deps.policy.idleTtlSeconds },
  ];
}

/** A TTL for the store: at least 1 s (a record about to expire must not be written without one). */
const ttlUntil = (targetMs: number, nowMs: number) => Math.max(1, secondsUntil(targetMs, nowMs));

/**
 * The record and its TTL travel in one SET ... EX: no window where it exists without expiry.
 * Updates of an existing record use XX, so a session signed out meanwhile stays signed out.
 */
function writeRecord(id: string, record: SessionRecord, nowMs: number, { update = false } = {}): WriteOp {
  return { op: "set", key: sessionKey(id), value: JSON.stringify(record), ttlSeconds: ttlUntil(record.expiresAt, nowMs), onlyIfExists: update };
}

// #region create-session
/**
 * Creates a session for this user; returns the token for the cookie (it is stored nowhere).
 * If the user already has `maxDevices` sessions, the oldest are evicted in the same write,
 * found through the per-user index (sorted by creation), never by scanning keys.
 */
export async function createSession(
  deps: SessionDeps,
  user: { id: string; role: Role },
  userAgent: string,
): Promise<{ token: string; id: string; record: SessionRecord; evicted: string[] }> {
  const now = deps.now();
  const token = generateSessionToken();
  const id = await sessionIdFromToken(token);
  const record: SessionRecord = {
    userId: user.id,
    role: user.role,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: now + deps.policy.idleTtlSeconds * 1000,
    absoluteExpiresAt: now + deps.policy.absoluteTtlSeconds * 1000,
    userAgent: userAgent.slice(0, 256),
  };
  const existing = await deps.store.sortedSetEntries(userSessionsKey(user.id)); // oldest first
  const evicted = existing.slice(0, Math.max(0, existing.length + 1 - deps.policy.maxDevices)).map((e) => e.member);
  // Record, TTL, index entry and evictions in one atomic write.
  await deps.store.write([
    ...(evicted.length > 0 ? await endedOps(evicted, user.id, "evicted", deps) : []),
    writeRecord(id, record, now),
    { op: "zadd", key: userSessionsKey(user.id), member: id, score: now },
    { op: "expire", key: userSessionsKey(user.id), ttlSeconds: deps.policy.absoluteTtlSeconds },
  ]);
  return { token, id, record, evicted };
}
// #endregion create-session

async function readRecord(store: KeyValueStore, id: string): Promise<SessionRecord | null> {
  const parsed = sessionRecordSchema.safeParse(parseJsonOrNull(await store.get(sessionKey(id))));
  return parsed.success ? parsed.data : null;
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
  const parsed = sessionRecordSchema.safeParse(parseJsonOrNull(await deps.store.get(sessionKey(id))));
  if (!parsed.success) return { ok: false, reason: await whyEnded(deps.store, id) };
  const record = parsed.data;

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
    const updated: SessionRecord = {
      ...record,
      lastSeenAt: now,
      expiresAt: shouldSlide ? Math.min(now + idleMs, record.absoluteExpiresAt) : record.expiresAt,
    };
    await deps.store.write([writeRecord(id, updated, now, { update: true })]);
    return { ok: true, id, record: updated, ttlSeconds: ttlUntil(updated.expiresAt, now) };
  }
  return { ok: true, id, record, ttlSeconds: ttlUntil(record.expiresAt, now) };
}
// #endregion validate-session

/** Only on the refusal path (a second round trip): "evicted", "revoked", or "unknown". */
async function whyEnded(store: KeyValueStore, id: string): Promise<SessionFailureReason> {
  const ended = endedSchema.safeParse(parseJsonOrNull(await store.get(sessionEndedKey(id))));
  return ended.success ? ended.data.reason : "unknown";
}

function removeSessionOps(id: string, userId: string): WriteOp[] {
  return [
    { op: "del", key: sessionKey(id) },
    { op: "zrem", key: userSessionsKey(userId), member: id },
  ];
}

// #region invalidate-session
/** Deletes the session and its index entry together. Unknown tokens are a no-op. */
export async function invalidateSession(deps: SessionDeps, token: string | undefined | null): Promise<void> {
  if (!isWellFormedSessionToken(token)) return;
  const id = await sessionIdFromToken(token);
  const record = await readRecord(deps.store, id);
  if (record) await deps.store.write(removeSessionOps(id, record.userId));
}
// #endregion invalidate-session

/**
 * The user's live sessions, oldest first, read through the per-user index (never a KEYS
 * scan). Index entries whose record has expired are pruned on the way.
 */
export async function listSessionsForUser(deps: SessionDeps, userId: string): Promise<Array<{ id: string; record: SessionRecord }>> {
  const entries = await deps.store.sortedSetEntries(userSessionsKey(userId));
  if (entries.length === 0) return [];
  const raws = await deps.store.getMany(entries.map((e) => sessionKey(e.member)));
  const live: Array<{ id: string; record: SessionRecord }> = [];
  const stale: WriteOp[] = [];
  entries.forEach((entry, i) => {
    const parsed = sessionRecordSchema.safeParse(parseJsonOrNull(raws[i]));
    if (parsed.success) live.push({ id: entry.member, record: parsed.data });
    else stale.push({ op: "zrem", key: userSessionsKey(userId), member: entry.member });
  });
  if (stale.length > 0) await deps.store.write(stale);
  return live;
}

// #region revoke-sessions
/** Ends one of the user's sessions by id (the device list); false if it is not theirs. */
export async function revokeSessionById(deps: SessionDeps, userId: string, id: string): Promise<boolean> {
  const mine = (await deps.store.sortedSetEntries(userSessionsKey(userId))).some((e) => e.member === id);
  if (mine) await deps.store.write(await endedOps([id], userId, "revoked", deps));
  return mine;
}

/** Ends every session of the user except `keepId` (this device). Returns how many ended. */
export async function revokeOtherSessions(deps: SessionDeps, userId: string, keepId: string): Promise<number> {
  const others = (await deps.store.sortedSetEntries(userSessionsKey(userId))).filter((e) => e.member !== keepId);
  if (others.length > 0) await deps.store.write(await endedOps(others.map((e) => e.member), userId, "revoked", deps));
  return others.length;
}
// #endregion revoke-sessions

/**
 * The writes that give every live session of the user a new role, keeping each record's
 * remaining lifetime: the user's next request (any device) sees the new role.
 */
export async function roleChangeOps(deps: SessionDeps, userId: string, role: Role): Promise<WriteOp[]> {
  const now = deps.now();
  return (await listSessionsForUser(deps, userId)).map(({ id, record }) => writeRecord(id, { ...record, role }, now, { update: true }));
}


/**
 * The cookie lives as long as the absolute cap; the store decides, on every request, whether
 * the session is still alive (idle expiry, revocation). So sliding never needs to re-set the
 * cookie, and server components (which cannot set cookies) can validate freely.
 */
export function sessionCookieOptions(record: SessionRecord, nowMs: number) {
  return authCookieOptions(ttlUntil(record.absoluteExpiresAt, nowMs));
}

/**
 * Whether middleware looks sessions up itself: only when it can (Redis over HTTP is reachable
 * from the Edge; the memory store lives in the Node.js process), and unless
 * SESSION_EDGE_LOOKUP=off (the benchmark compares both; the page always looks it up).
 */
export function sessionLookupAtEdge(): boolean {
  return storeReachableFromEdge() && sessionConfig().edgeLookup;
}
