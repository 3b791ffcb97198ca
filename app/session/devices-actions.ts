"use server";

import { ROUTES } from "@/app/routes";
import { revalidatePath } from "next/cache";
import { getSessionAuth } from "@/app/session/gate";
import { defaultSessionDeps, revokeOtherSessions, revokeSessionById } from "@/lib/session/session";

// Server actions are public endpoints: each one looks the caller's session up again.

export async function revokeDevice(form: FormData): Promise<void> {
  const auth = await getSessionAuth();
  const id = String(form.get("id") ?? "");
  if (!auth.ok || !/^[0-9a-f]{64}$/.test(id)) return;
  await revokeSessionById(defaultSessionDeps(), auth.user.id, id); // refuses ids that are not the caller's
  revalidatePath(ROUTES.session.devices);
}

export async function revokeOtherDevices(): Promise<void> {
  const auth = await getSessionAuth();
  if (!auth.ok) return;
  await revokeOtherSessions(defaultSessionDeps(), auth.user.id, auth.id);
  revalidatePath(ROUTES.session.devices);
}
