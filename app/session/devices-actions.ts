"use server";

import { SESSION_ROUTES } from "@/app/session/routes";
import { redirect } from "next/navigation";
import { getSessionAuth } from "@/app/session/gate";
import { defaultSessionDeps } from "@/lib/session";
import { revokeOtherSessions, revokeSessionById } from "@/lib/session/devices";
import { markPasswordChecked, sessionAuthTimeMs } from "@/lib/session/step-up";
import { stepUpRefusal } from "@/app/step-up";
import type { StepUpState } from "@/app/ui/step-up-prompt";
import { isFormData } from "@/app/form-argument";

// Server actions are public endpoints: each one looks the caller's session up again. Signing
// other devices out is a sensitive action: it needs a recent sign-in, or the password again.

/** null: go ahead; otherwise the password prompt (the session's record says when it was last checked). */
function stepUp(form: FormData, auth: Extract<Awaited<ReturnType<typeof getSessionAuth>>, { ok: true }>) {
  return stepUpRefusal(form, { userId: auth.user.id, authTimeMs: sessionAuthTimeMs(auth.record) }, async () => {
    await markPasswordChecked(defaultSessionDeps(), auth.id);
  });
}

export async function revokeDevice(_state: StepUpState, form: FormData): Promise<StepUpState> {
  if (!isFormData(form)) return {};
  const auth = await getSessionAuth();
  const id = String(form.get("id") ?? "");
  if (!auth.ok || !/^[0-9a-f]{64}$/.test(id)) return {};
  const refusal = await stepUp(form, auth);
  if (refusal) return refusal;
  const revoked = await revokeSessionById(defaultSessionDeps(), auth.user.id, id); // refuses ids that are not the caller's
  // Back to the list, which says what happened (a fixed word in the URL: nothing a link could make the page say).
  if (revoked) redirect(`${SESSION_ROUTES.devices}?ended=one`);
  return {};
}

export async function revokeOtherDevices(_state: StepUpState, form: FormData): Promise<StepUpState> {
  if (!isFormData(form)) return {};
  const auth = await getSessionAuth();
  if (!auth.ok) return {};
  const refusal = await stepUp(form, auth);
  if (refusal) return refusal;
  await revokeOtherSessions(defaultSessionDeps(), auth.user.id, auth.id);
  redirect(`${SESSION_ROUTES.devices}?ended=others`);
}
