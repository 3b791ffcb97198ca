import { NextResponse } from "next/server";
import { getAuthjsSession } from "@/app/authjs/gate";
import { NO_STORE, jsonError, storeUnavailableResponse } from "@/lib/http";

/** The Auth.js session's user (the jwt callback, including the token-version check, has run). */
export async function GET(request: Request) {
  const session = await getAuthjsSession();
  // Auth.js reports an outage on the session (its callbacks cannot throw): a 503, not "signed out".
  if (session?.storeUnavailable) return storeUnavailableResponse(request);
  if (!session?.user) return jsonError(401, "Not signed in.");
  return NextResponse.json({ user: { id: session.user.id, role: session.user.role, name: session.user.name } }, { headers: NO_STORE });
}
