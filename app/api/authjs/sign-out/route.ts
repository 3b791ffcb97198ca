import type { NextRequest } from "next/server";
import { signOut } from "@/auth";
import { CROSS_ORIGIN_MESSAGE, NO_STORE, isCrossOriginWrite, jsonError } from "@/lib/http";

/**
 * Auth.js's sign-out for a page that stays where it is (the revocation stopwatch): its cookie
 * goes, and nothing else happens. A route handler rather than a server action: an action that
 * deletes a cookie makes Next render the page again, which then showed a half-signed-out mix
 * (an emptied cookie in one panel, the session still read in another) under a banner saying
 * the page shows the credential as it was.
 */
export async function POST(request: NextRequest) {
  if (isCrossOriginWrite(request)) return jsonError(403, CROSS_ORIGIN_MESSAGE);
  await signOut({ redirect: false });
  return Response.json({ ok: true }, { headers: NO_STORE });
}
