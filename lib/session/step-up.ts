import { updateRecord, type SessionDeps, type SessionRecord } from "../session";

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
  return (await updateRecord(deps, id, (record, now) => ({ ...record, authenticatedAt: now }), MAX_ATTEMPTS)) !== null;
}
// #endregion mark-password-checked
