import { rewriteOverRead } from "../store";
import { ttlUntil } from "../time";
import { parseFamily, refreshFamilyKey, type RefreshDeps, type RefreshFamily } from "./refresh";

// #region mark-family-password-checked
/**
 * Sudo mode: the password was checked again, so the family's next access tokens (this one's
 * and every refresh's) carry `auth_time` = now. A compare-and-write over the record just read:
 * a rotation in between is read again, and a family revoked meanwhile stays revoked (null).
 */
export async function markFamilyPasswordChecked(deps: RefreshDeps, familyId: string): Promise<number | null> {
  const key = refreshFamilyKey(familyId);
  return rewriteOverRead(deps.store, key, (raw) => {
    const parsed = parseFamily(raw);
    if (!parsed || !("live" in parsed)) return { answer: null };
    const now = deps.now();
    const family: RefreshFamily = { ...parsed.live, authTime: now };
    return { ops: [{ op: "set", key, value: JSON.stringify(family), ttlSeconds: ttlUntil(family.expiresAt, now) }], answer: now };
  }, null);
}
// #endregion mark-family-password-checked
