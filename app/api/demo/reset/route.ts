import { NextResponse, type NextRequest } from "next/server";
import { CROSS_ORIGIN_MESSAGE, NO_STORE, answerStoreOutage, isCrossOriginWrite, jsonError } from "@/lib/http";
import { EXPIRED_COOKIE_OPTIONS } from "@/lib/cookies";
import { clearJwtCookies } from "@/lib/jwt/issue";
import { SESSION_COOKIE } from "@/lib/session";
import { AUTHJS_SESSION_COOKIE } from "@/lib/authjs/session-cookie";
import { BETTER_AUTH_CACHE_COOKIE, BETTER_AUTH_SESSION_COOKIE } from "@/lib/better-auth/config";
import { JWT_ROUTES } from "@/app/jwt/routes";
import { RESET_DONE_MESSAGE, demoResetEnabled, resetDemo } from "@/app/demo/reset";

/** Every lane's credential cookie but the JWT lane's (clearJwtCookies), Auth.js's chunks included. */
const CREDENTIAL_COOKIES = new Set([SESSION_COOKIE, AUTHJS_SESSION_COOKIE, BETTER_AUTH_SESSION_COOKIE, BETTER_AUTH_CACHE_COOKIE]);
const isCredentialCookie = (name: string) => CREDENTIAL_COOKIES.has(name) || name.startsWith(`${AUTHJS_SESSION_COOKIE}.`);

/**
 * POST only, same-origin only (middleware checks too), and only where the reset is enabled.
 * The reset ends every sign-in; the browser that asked for it also drops its credential cookies,
 * so its pages say "not signed in", not "cookie refused".
 */
export async function POST(request: NextRequest) {
  if (isCrossOriginWrite(request)) return jsonError(403, CROSS_ORIGIN_MESSAGE);
  if (!demoResetEnabled()) {
    return jsonError(403, "Resetting the demo is turned off on this server (set DEMO_RESET_ENABLED=true to allow it).");
  }
  return answerStoreOutage(request, async () => {
    await resetDemo();
    const response = NextResponse.json({ ok: true, message: RESET_DONE_MESSAGE }, { headers: NO_STORE });
    for (const { name } of request.cookies.getAll()) if (isCredentialCookie(name)) response.cookies.set(name, "", EXPIRED_COOKIE_OPTIONS);
    clearJwtCookies(response, JWT_ROUTES.api.refresh); // the refresh cookie is never sent here: cleared by name and path
    return response;
  });
}
