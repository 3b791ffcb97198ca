import { NextResponse } from "next/server";
import { authenticateLoginRequest } from "@/lib/login";
import { JWT_COOKIE, jwtCookieOptions, signAccessToken } from "@/lib/jwt";
import { NO_STORE } from "@/lib/http";
import { logAuthEvent } from "@/lib/log";

// #region jwt-login-route
export async function POST(request: Request) {
  const login = await authenticateLoginRequest(request);
  if (!login.ok) return login.response;

  const token = await signAccessToken(login.user);
  // The token goes into an HttpOnly cookie, not the body: page scripts (and XSS) can't read it.
  const response = NextResponse.json({ user: login.user }, { headers: NO_STORE });
  response.cookies.set(JWT_COOKIE, token, jwtCookieOptions());
  logAuthEvent("jwt.login", { user: login.user.id });
  return response;
}
// #endregion jwt-login-route
