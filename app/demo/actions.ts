"use server";

import { headers } from "next/headers";
import { getJwtAuth, getSessionAuth } from "@/lib/guards";
import { isCrossOriginWrite } from "@/lib/http";
import { logAuthEvent } from "@/lib/log";

/**
 * DEMO ONLY, deliberately undoing HttpOnly: hands the current cookie value to the page so
 * the "stolen credential" panel can keep a copy. A real app never does this; it is here to
 * simulate what an attacker with the cookie (malware, a proxy log, a shared machine) holds.
 * Only for the signed-in user's own credential.
 */
export async function revealCredential(area: "jwt" | "session"): Promise<string | null> {
  // Middleware refuses cross-site actions, but /bench/baseline (outside its matcher, so the
  // benchmark's baseline pays no middleware) renders this action too: check here as well.
  if (isCrossOriginWrite({ method: "POST", headers: await headers() })) {
    logAuthEvent("csrf.rejected", { action: "revealCredential" });
    return null;
  }
  const auth = area === "jwt" ? await getJwtAuth() : await getSessionAuth();
  return auth.ok ? auth.token : null;
}
