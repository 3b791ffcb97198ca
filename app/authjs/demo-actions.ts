"use server";

import { cookies } from "next/headers";
import { refusedAsCrossOrigin } from "@/app/demo/reveal";
import { findAuthjsCookie } from "@/lib/authjs/cookie";
import { getAuthjsSession } from "./gate";

/** DEMO ONLY: the signed-in user's own Auth.js cookie, for the replay demo (app/demo/reveal.ts says why). */
export async function revealAuthjsCredential(): Promise<string | null> {
  if (await refusedAsCrossOrigin("revealAuthjsCredential")) return null;
  const session = await getAuthjsSession();
  if (!session?.user) return null;
  return findAuthjsCookie(await cookies())?.value ?? null;
}
