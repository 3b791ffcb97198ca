import { parseJsonOrNull } from "../store";
import { sessionKey, sessionRecordSchema, writeRecord, type SessionDeps, type SessionRecord } from "../session";

/**
 * Sudo mode for the session lane (lib/step-up.ts decides): the record says when the password
 * was last checked. A record from before that field existed has no time: stale, never signed out.
 */
export const sessionAuthTimeMs = (record: SessionRecord): number | null => record.authenticatedAt ?? null;

/** Attempts at the compare-and-write: each retry means a request touched the record meanwhile. */
const MAX_ATTEMPTS = 4;

// #region mark-password-checked
/**
 * After the password was checked again: the record's `authenticatedAt` becomes now. Written
 * only over the exact record read (and only if it still exists), so a session signed out
 * meanwhile stays signed out, and a concurrent sliding-expiry write is not lost.
 */
export async function markPasswordChecked(deps: SessionDeps, id: string): Promise<boolean> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const raw = await deps.store.get(sessionKey(id));
    const record = sessionRecordSchema.safeParse(parseJsonOrNull(raw));
    if (!record.success) return false;
    const now = deps.now();
    const updated: SessionRecord = { ...record.data, authenticatedAt: now };
    if (await deps.store.writeIf({ key: sessionKey(id), expected: raw }, [writeRecord(id, updated, now, { update: true })])) return true;
  }
  return false;
}
// #endregion mark-password-checked
