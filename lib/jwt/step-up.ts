import { ttlUntil } from "../time";
import { parseFamily, refreshFamilyKey, type RefreshDeps, type RefreshFamily } from "./refresh";

/** Attempts at the compare-and-write: each retry means a rotation changed the record meanwhile. */
const MAX_ATTEMPTS = 8;

// #region mark-family-password-checked
/**
 * Sudo mode: the password was checked again, so the family's next access tokens (this one's
 * and every refresh's) carry `auth_time` = now. A compare-and-write over the record just read:
 * a rotation in between is retried, and a family revoked meanwhile stays revoked (null).
 */
export async function markFamilyPasswordChecked(deps: RefreshDeps, familyId: string): Promise<number | null> {
  const key = refreshFamilyKey(familyId);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const raw = await deps.store.get(key);
    const parsed = parseFamily(raw);
    if (!parsed || !("live" in parsed)) return null;
    const now = deps.now();
    const family: RefreshFamily = { ...parsed.live, authTime: now };
    const ttlSeconds = ttlUntil(family.expiresAt, now);
    if (await deps.store.writeIf({ key, expected: raw }, [{ op: "set", key, value: JSON.stringify(family), ttlSeconds }])) return now;
  }
  return null;
}
// #endregion mark-family-password-checked
