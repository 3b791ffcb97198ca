import { credentialCookieValue } from "@/lib/cookies";
import { NextResponse, type NextRequest } from "next/server";
import { authenticateLoginRequest } from "@/lib/security/login";
import { SESSION_COOKIE, createSession, invalidateSession, sessionCookieOptions } from "@/lib/session";
import { sessionDepsWithDevices } from "@/lib/session/devices";
import { LOGIN_STORE_UNAVAILABLE_MESSAGE, NO_STORE, answerStoreOutage } from "@/lib/http";
import { logAuthEvent } from "@/lib/log";

// #region session-login-route
export async function POST(request: NextRequest) {
  return answerStoreOutage(request, async () => {
    const login = await authenticateLoginRequest(request);
    if (!login.ok) return login.response;
    const deps = sessionDepsWithDevices(); // an eviction past the device limit leaves its marker
    // No fixation: whatever session cookie came with the request is ended, never adopted;
    // the new session always gets a fresh random token.
    await invalidateSession(deps, credentialCookieValue(request.headers, SESSION_COOKIE));
    const session = await createSession(deps, login.user, request.headers.get("user-agent") ?? "unknown");

    const response = NextResponse.json({ user: login.user }, { headers: NO_STORE });
    response.cookies.set(SESSION_COOKIE, session.token, sessionCookieOptions(session.record, deps.now()));
    logAuthEvent("session.login", { user: login.user.id });
    return response;
  }, LOGIN_STORE_UNAVAILABLE_MESSAGE);
}
// #endregion session-login-route
