"use server";

import { getJwtAuth, getSessionAuth } from "@/lib/guards";

/**
 * DEMO ONLY, deliberately undoing HttpOnly: hands the current cookie value to the page so
 * the "stolen credential" panel can keep a copy. A real app never does this; it is here to
 * simulate what an attacker with the cookie (malware, a proxy log, a shared machine) holds.
 * Only for the signed-in user's own credential.
 */
export async function revealCredential(area: "jwt" | "session"): Promise<string | null> {
  const auth = area === "jwt" ? await getJwtAuth() : await getSessionAuth();
  return auth.ok ? auth.token : null;
}
