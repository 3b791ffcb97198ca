import "server-only";
import { writeForUser, type SessionDeps } from "@/lib/session";
import { roleChangeOps } from "@/lib/session/devices";
import { roleWriteOp } from "@/lib/users";
import { tokenVersionWriteOp } from "@/lib/token-version";
import type { Role } from "@/lib/validation";
import { applyRoleChange } from "@/lib/better-auth/auth";

// #region change-role
/**
 * Changes a user's role for every lane, in one atomic write (writeForUser: a session being
 * created meanwhile is not missed, it is listed and written again):
 * - the directory entry (new logins and JWT refreshes get the new role);
 * - every live session record of the user (server-side sessions see it on the next request);
 * - the user's token version (JWTs issued with the "ver" check, and Auth.js sessions, are
 *   refused and must sign in or refresh to get the new role; JWTs without it keep the old
 *   role until they expire).
 * Then Better Auth is told through its own API (its sessions keep a copy of the user), after
 * the write: a Better Auth cookie cache keeps the old role until it expires anyway.
 * The lanes know nothing of each other: this page is where their writes meet.
 */
export async function changeUserRole(deps: SessionDeps, userId: string, role: Role): Promise<{ sessionsUpdated: number }> {
  const sessionsUpdated = await writeForUser(deps, userId, [], async () => {
    const sessionOps = await roleChangeOps(deps, userId, role);
    const now = deps.now();
    return { ops: [roleWriteOp(userId, role, now), ...sessionOps, tokenVersionWriteOp(userId, now)], result: sessionOps.length };
  });
  await applyRoleChange(userId, role);
  return { sessionsUpdated };
}
// #endregion change-role
