"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getJwtAuth } from "@/app/jwt/gate";
import { getSessionAuth } from "@/app/session/gate";
import { changeUserRole } from "./change-role";
import { defaultSessionDeps } from "@/lib/session";
import { findUserById } from "@/lib/users";
import { roleSchema } from "@/lib/validation";
import { logAuthEvent } from "@/lib/log";
import { JWT_ROUTES } from "@/app/jwt/routes";
import { SESSION_ROUTES } from "@/app/session/routes";
import { liveBetterAuthSession } from "@/app/better-auth/gate";
import { BETTER_AUTH_ROUTES } from "@/app/better-auth/routes";

/** The Better Auth caller, read from the store (not a cookie cache), in the shape the other gates answer with. */
async function betterAuthActor() {
  const { session } = await liveBetterAuthSession();
  return session ? { ok: true as const, user: session.user } : { ok: false as const };
}

const roleChangeSchema = z.object({
  lane: z.enum(["jwt", "session", "better-auth"]),
  userId: z.string().min(1).max(64),
  role: roleSchema,
});

export type RoleChangeState = { message?: string; error?: string };

// #region change-role-action
/**
 * Server actions are public endpoints: the acting user is checked again here, with the
 * credential of the lane the form was on, and must be an admin right now.
 */
export async function changeRole(_previous: RoleChangeState, form: FormData): Promise<RoleChangeState> {
  const input = roleChangeSchema.safeParse({ lane: form.get("lane"), userId: form.get("userId"), role: form.get("role") });
  if (!input.success) return { error: "Choose a user and a role." };
  const { lane, userId, role } = input.data;
  const actor = lane === "jwt" ? await getJwtAuth() : lane === "session" ? await getSessionAuth() : await betterAuthActor();
  // The role comes from the directory, never from the credential: a plain JWT keeps showing
  // a stale role until it expires (that is the demo), but it must not keep admin powers.
  const actingUser = actor.ok ? await findUserById(actor.user.id) : null;
  if (!actor.ok || actingUser?.role !== "admin") return { error: "Only a signed-in admin can change roles." };
  if (userId === actor.user.id) return { error: "Change someone else's role (an admin demoting themselves locks the demo)." };
  if (!(await findUserById(userId))) return { error: "No such user." };

  const { sessionsUpdated } = await changeUserRole(defaultSessionDeps(), userId, role);
  logAuthEvent("role.changed", { by: actor.user.id, user: userId, role });
  revalidatePath(lane === "jwt" ? JWT_ROUTES.admin : lane === "session" ? SESSION_ROUTES.admin : BETTER_AUTH_ROUTES.admin);
  const sessions = sessionsUpdated === 0 ? "They had no live session" : sessionsUpdated === 1 ? "Their one live session has the new role" : sessionsUpdated === 2 ? "Both of their live sessions have the new role" : `All ${sessionsUpdated} of their live sessions have the new role`;
  return { message: `${userId} is now ${role}. ${sessions}; their JWTs with the token-version check are now stale, plain JWTs keep the old role until they expire, and a Better Auth cookie cache keeps it until the cache expires.` };
}
// #endregion change-role-action
