import "server-only";
import { userRevision, type SessionDeps } from "@/lib/session";
import { applyRoleToSessions } from "@/lib/session/devices";
import { newRevisionOp } from "@/lib/store";
import { roleWriteOp } from "@/lib/users";
import { revokeAllTokensForUser } from "@/lib/token-version";
import type { Role } from "@/lib/validation";
import { applyRoleChange } from "@/lib/better-auth/auth";

// #region change-role
/**
 * Changes a user's role for every lane. First one atomic write, made over the token version
 * read (it only goes up, whatever this server's clock says: lib/token-version.ts):
 * - the stored role (new logins and JWT refreshes get it);
 * - the user's token version (JWTs issued with the "ver" check, and Auth.js sessions, are
 *   refused and must sign in or refresh to get the new role; JWTs without it keep the old
 *   role until they expire);
 * - the user's session revision: a session sign-in that read before this write builds again
 *   (lib/session.ts createSession), with the new role.
 * Then every live session listed after it gets the role (one created before the write is in the
 * list), each record written over what was read. The change never waits for sign-ins, however
 * many there are. Then Better Auth is told through its own API (its sessions keep a copy of
 * the user): a Better Auth cookie cache keeps the old role until it expires anyway.
 * The lanes know nothing of each other: this page is where their writes meet.
 */
export async function changeUserRole(deps: SessionDeps, userId: string, role: Role): Promise<{ sessionsUpdated: number }> {
  const now = deps.now();
  await revokeAllTokensForUser(deps.store, userId, now, [roleWriteOp(userId, role, now), newRevisionOp(userRevision(deps, userId))]);
  const sessionsUpdated = await applyRoleToSessions(deps, userId, role);
  await applyRoleChange(userId, role);
  return { sessionsUpdated };
}
// #endregion change-role
