"use server";

import { refusedAsCrossOrigin } from "@/app/demo/reveal";
import { getSessionAuth } from "./gate";

/** DEMO ONLY: the signed-in user's own session token, for the replay demo (app/demo/reveal.ts says why). */
export async function revealSessionCredential(): Promise<string | null> {
  if (await refusedAsCrossOrigin("revealSessionCredential")) return null;
  const auth = await getSessionAuth();
  return auth.ok ? auth.token : null;
}
