"use server";

import { refusedAsCrossOrigin } from "@/app/demo/reveal";
import { getJwtAuth } from "./gate";

/** DEMO ONLY: the signed-in user's own access token, for the replay demo (app/demo/reveal.ts says why). */
export async function revealJwtCredential(): Promise<string | null> {
  if (await refusedAsCrossOrigin("revealJwtCredential")) return null;
  const auth = await getJwtAuth();
  return auth.ok ? auth.token : null;
}
