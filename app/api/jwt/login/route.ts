import { NextResponse } from "next/server";
import { authenticateLoginRequest } from "@/lib/security/login";
import { DEFAULT_CHECKS, issueAccessToken, jwtLoginSchema, setAccessCookie, setRefreshCookie } from "@/lib/jwt/issue";
import { createRefreshToken, defaultRefreshDeps } from "@/lib/jwt/refresh";
import { getStore } from "@/lib/store";
import { LOGIN_STORE_UNAVAILABLE_MESSAGE, NO_STORE, answerStoreOutage } from "@/lib/http";
import { logAuthEvent } from "@/lib/log";
import { JWT_ROUTES } from "@/app/jwt/routes";

// #region jwt-login-route
export async function POST(request: Request) {
  return answerStoreOutage(request, async () => {
    const login = await authenticateLoginRequest(request, jwtLoginSchema);
    if (!login.ok) return login.response;
    const { user } = login;
    // Which revocation checks this token gets: every one unless the login says otherwise.
    const checks = [...new Set(login.body.checks ?? DEFAULT_CHECKS)];

    const refresh = checks.includes("refresh") ? await createRefreshToken(defaultRefreshDeps(), user.id, checks) : null;
    // auth_time: now (the password was just checked), the family's sign-in time when there is one.
    const token = await issueAccessToken(getStore(), user, checks, refresh?.familyId, undefined, refresh?.family.createdAt ?? Date.now());
    // The tokens go into HttpOnly cookies, not the body: page scripts (and XSS) can't read them.
    const response = NextResponse.json({ user, checks }, { headers: NO_STORE });
    setAccessCookie(response, token, checks);
    if (refresh) setRefreshCookie(response, refresh.token, JWT_ROUTES.api.refresh);
    logAuthEvent("jwt.login", { user: user.id, checks: checks.join(",") || "none" });
    return response;
  }, LOGIN_STORE_UNAVAILABLE_MESSAGE);
}
// #endregion jwt-login-route
