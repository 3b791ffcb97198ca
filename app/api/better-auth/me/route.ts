import { NextResponse, type NextRequest } from "next/server";
import { authenticateBetterAuth, betterAuthHere } from "@/app/better-auth/gate";
import { credentialCookieValue } from "@/lib/cookies";
import { BETTER_AUTH_SESSION_COOKIE } from "@/lib/better-auth/config";
import { NO_STORE, answerStoreOutage, refusedCredentialResponse } from "@/lib/http";

/** The Better Auth session's user, checked by Better Auth's getSession (the second gate). */
export async function GET(request: NextRequest) {
  return answerStoreOutage(request, async () => {
    const session = await authenticateBetterAuth(await betterAuthHere(), request.headers);
    if (!session) return refusedCredentialResponse(credentialCookieValue(request.headers, BETTER_AUTH_SESSION_COOKIE) ? "invalid" : "missing");
    const { id, role, name } = session.user;
    return NextResponse.json({ user: { id, role, name }, session: { expiresAt: session.session.expiresAt.getTime() } }, { headers: NO_STORE });
  });
}
