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
import { stepUpRefusal } from "@/app/step-up";
import { NOT_A_FORM_MESSAGE, isFormData } from "@/app/form-argument";
import type { StepUpState } from "@/app/ui/step-up-prompt";
import { jwtAuthTimeMs } from "@/app/jwt/step-up";
import { renewJwtSignIn } from "@/app/jwt/renew-sign-in";
import { markPasswordChecked, sessionAuthTimeMs } from "@/lib/session/step-up";
import { betterAuthAuthTimeMs, markBetterAuthPasswordChecked } from "@/lib/better-auth/step-up";
import { getStore } from "@/lib/store";
import type { Role } from "@/lib/validation";

type Lane = "jwt" | "session" | "better-auth";
type Actor =
  | { ok: true; user: { id: string }; authTimeMs: number | null; markFresh: () => Promise<void> }
  | { ok: false };

/**
 * The caller on the lane the form was on, with when their password was last checked (from the
 * lane's credential, never the form) and how to make that now once it is checked again.
 */
async function actorOn(lane: Lane): Promise<Actor> {
  if (lane === "jwt") {
    const auth = await getJwtAuth();
    if (!auth.ok) return { ok: false };
    return { ok: true, user: auth.user, authTimeMs: jwtAuthTimeMs(auth.claims), markFresh: async () => {
      const user = await findUserById(auth.user.id);
      if (user) await renewJwtSignIn(user, auth.claims);
    } };
  }
  if (lane === "session") {
    const auth = await getSessionAuth();
    if (!auth.ok) return { ok: false };
    return { ok: true, user: auth.user, authTimeMs: sessionAuthTimeMs(auth.record), markFresh: async () => void (await markPasswordChecked(defaultSessionDeps(), auth.id)) };
  }
  // Better Auth: read from the store (not a cookie cache), so a revoked session cannot act.
  const { session } = await liveBetterAuthSession();
  if (!session) return { ok: false };
  return { ok: true, user: session.user, authTimeMs: await betterAuthAuthTimeMs(getStore(), session.session), markFresh: () => markBetterAuthPasswordChecked(getStore(), session.session, Date.now()) };
}

const roleChangeSchema = z.object({
  lane: z.enum(["jwt", "session", "better-auth"]),
  userId: z.string().min(1).max(64),
  role: roleSchema,
});

/** `change`: the change a step-up prompt is for (sent again with the password). */
export type RoleChangeState = StepUpState & { message?: string; error?: string; change?: { userId: string; role: Role } };

// #region change-role-action
/**
 * Server actions are public endpoints: the acting user is checked again here, with the
 * credential of the lane the form was on, and must be an admin right now; then, a sensitive
 * action, their sign-in must be recent (or the password come with the form: app/step-up.ts).
 */
export async function changeRole(_previous: RoleChangeState, form: FormData): Promise<RoleChangeState> {
  if (!isFormData(form)) return { error: NOT_A_FORM_MESSAGE };
  const input = roleChangeSchema.safeParse({ lane: form.get("lane"), userId: form.get("userId"), role: form.get("role") });
  if (!input.success) return { error: "Choose a user and a role." };
  const { lane, userId, role } = input.data;
  const actor = await actorOn(lane);
  // The role comes from the directory, never from the credential: a plain JWT keeps showing
  // a stale role until it expires (that is the demo), but it must not keep admin powers.
  const actingUser = actor.ok ? await findUserById(actor.user.id) : null;
  if (!actor.ok || actingUser?.role !== "admin") return { error: "Only a signed-in admin can change roles." };
  if (userId === actor.user.id) return { error: "Change someone else's role (an admin demoting themselves locks the demo)." };
  if (!(await findUserById(userId))) return { error: "No such user." };
  const refusal = await stepUpRefusal(form, { userId: actor.user.id, authTimeMs: actor.authTimeMs }, actor.markFresh);
  if (refusal) return { ...refusal, change: { userId, role } };

  const { sessionsUpdated } = await changeUserRole(defaultSessionDeps(), userId, role);
  logAuthEvent("role.changed", { by: actor.user.id, user: userId, role });
  revalidatePath(lane === "jwt" ? JWT_ROUTES.admin : lane === "session" ? SESSION_ROUTES.admin : BETTER_AUTH_ROUTES.admin);
  const sessions = sessionsUpdated === 0 ? "they had no live session" : sessionsUpdated === 1 ? "their one live session has the new role" : sessionsUpdated === 2 ? "both of their live sessions have the new role" : `all ${sessionsUpdated} of their live sessions have the new role`;
  // Lane by lane, what the write above did to each kind of sign-in (app/admin/change-role.ts).
  return {
    message:
      `${userId} is now ${role}. Sessions: ${sessions}. ` +
      "JWTs with the token-version check: now stale. " +
      "Auth.js: their sign-in ends at its next request (its token version is stale too). " +
      "Plain JWTs: the old role until they expire. " +
      "Better Auth: a cookie cache keeps the old role until it expires.",
  };
}
// #endregion change-role-action
