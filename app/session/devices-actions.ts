"use server";

import { SESSION_ROUTES } from "@/app/session/routes";
import { redirect } from "next/navigation";
import { getSessionAuth } from "@/app/session/gate";
import { defaultSessionDeps } from "@/lib/session";
import { revokeOtherSessions, revokeSessionById } from "@/lib/session/devices";

// Server actions are public endpoints: each one looks the caller's session up again.

export async function revokeDevice(form: FormData): Promise<void> {
  const auth = await getSessionAuth();
  const id = String(form.get("id") ?? "");
  if (!auth.ok || !/^[0-9a-f]{64}$/.test(id)) return;
  const revoked = await revokeSessionById(defaultSessionDeps(), auth.user.id, id); // refuses ids that are not the caller's
  // Back to the list, which says what happened (a fixed word in the URL: nothing a link could make the page say).
  if (revoked) redirect(`${SESSION_ROUTES.devices}?ended=one`);
}

export async function revokeOtherDevices(): Promise<void> {
  const auth = await getSessionAuth();
  if (!auth.ok) return;
  await revokeOtherSessions(defaultSessionDeps(), auth.user.id, auth.id);
  redirect(`${SESSION_ROUTES.devices}?ended=others`);
}
