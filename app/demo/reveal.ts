import "server-only";
import { headers } from "next/headers";
import { isCrossOriginWrite } from "@/lib/http";
import { logAuthEvent } from "@/lib/log";

/**
 * DEMO ONLY, deliberately undoing HttpOnly: each lane's `reveal…Credential` action hands the
 * current cookie value to the page, so the "stolen credential" panel can keep a copy. A real
 * app never does this; it is here to simulate what an attacker with the cookie (malware, a
 * proxy log, a shared machine) holds. Only for the signed-in user's own credential.
 *
 * Middleware refuses cross-site actions, but /bench/baseline (outside its matcher, so the
 * benchmark's baseline pays no middleware) renders these actions too: they check here as well.
 */
export async function refusedAsCrossOrigin(action: string): Promise<boolean> {
  if (!isCrossOriginWrite({ method: "POST", headers: await headers() })) return false;
  logAuthEvent("csrf.rejected", { action });
  return true;
}
