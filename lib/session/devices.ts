import { z } from "zod";
import { parseJsonOrNull, type WriteOp } from "../store";
import { type Role } from "../validation";
import { defaultSessionDeps, parseRecord, removeSessionOps, sessionKey, updateRecord, userSessionsKey } from "../session";
import type { EndedReason, EndedSessions, SessionDeps, SessionRecord } from "../session";

/**
 * Add-ons to the session core (lib/session.ts): the user's device list (list, sign out one
 * device or every other one), role changes applied to every live session, and the markers
 * that tell a browser who ended its session.
 */

/** `session-ended:<id>` says why a session that someone else ended is gone (see endedMarkers). */
const SESSION_ENDED_KEY_PREFIX = "session-ended:";
/** `user-ended-sessions:<userId>`: that user's markers, scored by when, so they stay few. */
const USER_ENDED_KEY_PREFIX = "user-ended-sessions:";
/** Markers kept per user: a flood of sign-ins past the device limit cannot grow the store. */
export const MAX_ENDED_MARKERS_PER_USER = 10;

export const sessionEndedKey = (id: string) => `${SESSION_ENDED_KEY_PREFIX}${id}`;
const userEndedKey = (userId: string) => `${USER_ENDED_KEY_PREFIX}${userId}`;

const endedSchema = z.object({ reason: z.enum(["evicted", "revoked"]), at: z.number() });

/**
 * Ends sessions that belong to someone else's browser: the record and its index entry go,
 * and a small marker says why, so that browser hears "ended by a newer sign-in" rather than
 * "does not exist". A marker lives one idle lifetime (a browser gone longer would have found
 * its session expired anyway), and a user keeps at most MAX_ENDED_MARKERS_PER_USER: the
 * oldest go in the same write. Reads the user's markers first (only when something ends).
 */
export function endedMarkers({ store, now, policy }: Pick<SessionDeps, "store" | "now" | "policy">): EndedSessions {
  return {
    async endOps(ids: string[], userId: string, reason: EndedReason): Promise<WriteOp[]> {
      const at = now();
      const marker = JSON.stringify({ reason, at });
      const kept = await store.sortedSetEntries(userEndedKey(userId)); // oldest first
      const overflow = kept.slice(0, Math.max(0, kept.length + ids.length - MAX_ENDED_MARKERS_PER_USER)).map((e) => e.member);
      return [
        ...ids.flatMap((id): WriteOp[] => [
          ...removeSessionOps(id, userId),
          { op: "set", key: sessionEndedKey(id), value: marker, ttlSeconds: policy.idleTtlSeconds },
          { op: "zadd", key: userEndedKey(userId), member: id, score: at },
        ]),
        ...overflow.flatMap((id): WriteOp[] => [{ op: "del", key: sessionEndedKey(id) }, { op: "zrem", key: userEndedKey(userId), member: id }]),
        { op: "expire", key: userEndedKey(userId), ttlSeconds: policy.idleTtlSeconds },
      ];
    },
    async reasonFor(id: string): Promise<EndedReason | null> {
      const ended = endedSchema.safeParse(parseJsonOrNull(await store.get(sessionEndedKey(id))));
      return ended.success ? ended.data.reason : null;
    },
  };
}

/** The core's deps with the ended markers: what the app's routes, pages and middleware use. */
export function withEndedMarkers(deps: SessionDeps): SessionDeps {
  return { ...deps, ended: endedMarkers(deps) };
}

export const sessionDepsWithDevices = () => withEndedMarkers(defaultSessionDeps());

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
    const record = parseRecord(raws[i]);
    if (record) live.push({ id: entry.member, record });
    else stale.push({ op: "zrem", key: userSessionsKey(userId), member: entry.member });
  });
  if (stale.length > 0) await deps.store.write(stale);
  return live;
}

/** The device list always leaves a marker: the browser signed out from it is told so. */
const markedEnd = (deps: SessionDeps) => deps.ended ?? endedMarkers(deps);

// #region revoke-sessions
/** Ends one of the user's sessions by id (the device list); false if it is not theirs. */
export async function revokeSessionById(deps: SessionDeps, userId: string, id: string): Promise<boolean> {
  const mine = (await deps.store.sortedSetEntries(userSessionsKey(userId))).some((e) => e.member === id);
  if (mine) await deps.store.write(await markedEnd(deps).endOps([id], userId, "revoked"));
  return mine;
}

/** Ends every session of the user except `keepId` (this device). Returns how many ended. */
export async function revokeOtherSessions(deps: SessionDeps, userId: string, keepId: string): Promise<number> {
  const others = (await deps.store.sortedSetEntries(userSessionsKey(userId))).filter((e) => e.member !== keepId);
  if (others.length > 0) await deps.store.write(await markedEnd(deps).endOps(others.map((e) => e.member), userId, "revoked"));
  return others.length;
}
// #endregion revoke-sessions

/**
 * Gives every live session of the user the role, keeping the rest of each record: each is
 * written only over what was read, so a slide or a password check landing meanwhile is kept
 * (read again and retried). Answers how many live sessions have the role now.
 */
export async function applyRoleToSessions(deps: SessionDeps, userId: string, role: Role): Promise<number> {
  const given = await Promise.all((await listSessionsForUser(deps, userId)).map(({ id }) => updateRecord(deps, id, (record) => (record.role === role ? record : { ...record, role }))));
  return given.filter((record) => record !== null).length;
}
