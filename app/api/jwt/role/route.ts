import { credentialCookieValue } from "@/lib/cookies";
import { NextResponse, type NextRequest } from "next/server";
import { authenticateJwt, refusedJwtResponse } from "@/app/jwt/gate";
import { JWT_COOKIE } from "@/lib/jwt";
import { NO_STORE, answerStoreOutage } from "@/lib/http";
import { getStore } from "@/lib/store";
import { lastRoleChange } from "@/lib/users";

/**
 * The role this token carries next to the directory's, and when the token catches up: for the
 * dashboard's "stale role" line (a request of its own, so the page itself stays storeless).
 * A token with the version check never gets here stale: the change refused it already.
 */
export async function GET(request: NextRequest) {
  return answerStoreOutage(request, async () => {
    const auth = await authenticateJwt(request.headers, credentialCookieValue(request.headers, JWT_COOKIE), request);
    if (!auth.ok) return refusedJwtResponse(auth);
    const change = await lastRoleChange(getStore(), auth.user.id);
    const directoryRole = change?.role ?? auth.user.role;
    return NextResponse.json(
      {
        tokenRole: auth.user.role,
        directoryRole,
        since: change && change.role !== auth.user.role ? change.since : null,
        // When this token is replaced: at its refresh (refresh check) or when it expires.
        catchesUpAt: auth.claims.rev?.includes("refresh") ? "refresh" : "exp",
        atMs: auth.claims.exp * 1000,
      },
      { headers: NO_STORE },
    );
  });
}
