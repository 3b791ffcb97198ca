import { z } from "zod";
import type { KeyValueStore } from "./store";
import type { Role } from "./users";
import { roleChangeOps, type SessionDeps } from "./session/session";
import { parseTokenVersion, tokenVersionKey, tokenVersionTtlSeconds } from "./token-version";

/**
 * Roles can change while users are signed in (the admin pages change them). The demo user
 * directory in lib/users.ts holds each user's starting role; a change is stored here, in
 * the same store as sessions, so every instance sees it.
 */
export const USER_ROLE_KEY_PREFIX = "user-role:";
const roleSchema = z.enum(["admin", "user"]);
const userRoleKey = (userId: string) => `${USER_ROLE_KEY_PREFIX}${userId}`;

/** The user's current role: the stored change if there is one, else the directory's role. */
export async function currentRole(store: KeyValueStore, userId: string, directoryRole: Role): Promise<Role> {
  const stored = roleSchema.safeParse(await store.get(userRoleKey(userId)));
  return stored.success ? stored.data : directoryRole;
}

/**
 * The role and the token version in one read (MGET, a single snapshot). A role change writes
 * both at once, so a token signed from this pair never carries the old role with the new
 * version: a sign-in or refresh racing a role change mints a token that is refused as stale.
 */
export async function currentRoleAndTokenVersion(store: KeyValueStore, userId: string, directoryRole: Role): Promise<{ role: Role; tokenVersion: number }> {
  const [role, version] = await store.getMany([userRoleKey(userId), tokenVersionKey(userId)]);
  const stored = roleSchema.safeParse(role);
  return { role: stored.success ? stored.data : directoryRole, tokenVersion: parseTokenVersion(version) };
}

// #region change-role
/**
 * Changes a user's role, in one atomic write:
 * - the directory entry (new logins and JWT refreshes get the new role);
 * - every live session record of the user (server-side sessions see it on the next request);
 * - the user's token version (JWTs issued with the "ver" check are refused, and refreshed
 *   with the new role; JWTs without it keep the old role until they expire).
 */
export async function changeUserRole(deps: SessionDeps, userId: string, role: Role): Promise<{ sessionsUpdated: number }> {
  const sessionOps = await roleChangeOps(deps, userId, role);
  await deps.store.write([
    { op: "setPermanent", key: userRoleKey(userId), value: role },
    ...sessionOps,
    { op: "set", key: tokenVersionKey(userId), value: String(deps.now()), ttlSeconds: tokenVersionTtlSeconds() },
  ]);
  return { sessionsUpdated: sessionOps.length };
}
// #endregion change-role
