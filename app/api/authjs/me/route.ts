import { NextResponse } from "next/server";
import { getAuthjsSession } from "@/app/authjs/gate";
import { NO_STORE, jsonError, refusedCredentialResponse } from "@/lib/http";

/** The Auth.js session's user (the jwt callback, including the token-version check, has run). */
export async function GET(_request: Request) {
  const session = await getAuthjsSession();
  if (session?.storeUnavailable) return refusedCredentialResponse("unavailable");
  if (!session?.user) return jsonError(401, "Not signed in.");
  return NextResponse.json({ user: { id: session.user.id, role: session.user.role, name: session.user.name } }, { headers: NO_STORE });
}
