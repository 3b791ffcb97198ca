import { NextRequest } from "next/server";
import { toNextJsHandler } from "better-auth/next-js";
import { z } from "zod";
import { betterAuthWith, endSession } from "@/lib/better-auth/auth";
import { cookieCacheChoiceIn } from "@/lib/better-auth/config";
import { apiErrorStatus, askBetterAuth, failedToGetSession, refusedSignIn, storeOutageIn } from "@/lib/better-auth/errors";
import { withLoginLimiter } from "@/lib/better-auth/sign-in";
import { refusedLoginResponse } from "@/lib/security/login";
import { LOGIN_STORE_UNAVAILABLE_MESSAGE, SIGN_OUT_STORE_UNAVAILABLE_MESSAGE, jsonError, parseJsonBody, storeUnavailableResponse } from "@/lib/http";
import { credentialsSchema } from "@/lib/validation";
import { logAuthEvent } from "@/lib/log";
import { BETTER_AUTH_ROUTES } from "@/app/better-auth/routes";

/**
 * Better Auth's handler, mounted the way its Next.js guide shows (`toNextJsHandler`), at
 * `/api/better-auth/*`. Around it: the login rate limiter every lane shares on sign-in, and one
 * answer to a store outage (503) and to anything else Better Auth throws (its own status, with
 * a sentence), never a stack trace.
 */
function handlerFor(request: NextRequest) {
  return toNextJsHandler(betterAuthWith(cookieCacheChoiceIn(request.cookies)));
}

/** For an endpoint this app does not serve (and for Better Auth's own bare 404s). */
const NO_SUCH_ENDPOINT_MESSAGE = "There is no such Better Auth endpoint here: this app serves sign-in, get-session and sign-out.";

async function answer(request: NextRequest, run: () => Promise<Response>): Promise<Response> {
  try {
    const response = await run();
    if (response.status === 404 && !response.headers.get("content-type")?.includes("json")) return jsonError(404, NO_SUCH_ENDPOINT_MESSAGE);
    return response;
  } catch (error) {
    if (storeOutageIn(error)) {
      logAuthEvent("store.unavailable", { path: request.nextUrl.pathname });
      const { signIn, signOut } = BETTER_AUTH_ROUTES.api;
      const path = request.nextUrl.pathname;
      return storeUnavailableResponse(request, path === signIn ? LOGIN_STORE_UNAVAILABLE_MESSAGE : path === signOut ? SIGN_OUT_STORE_UNAVAILABLE_MESSAGE : undefined);
    }
    const status = apiErrorStatus(error);
    if (status === null) throw error;
    const body = (error as { body?: { message?: unknown; code?: unknown } }).body;
    return jsonError(status, typeof body?.message === "string" ? body.message : "Better Auth refused the request.", typeof body?.code === "string" ? { code: body.code } : {});
  }
}

/**
 * The endpoints served over HTTP: this lane's pages and actions call Better Auth in-process
 * (`auth.api`), so only what a script or a client library needs is mounted. Everything else
 * Better Auth would answer (verify-password, update-session, list-accounts, …) is a 404 here:
 * each is one more way in, several with no rate limit.
 */
const SERVED: Record<"GET" | "POST", readonly string[]> = {
  GET: [BETTER_AUTH_ROUTES.api.getSession],
  POST: [BETTER_AUTH_ROUTES.api.signIn, BETTER_AUTH_ROUTES.api.signOut],
};
const notServed = () => jsonError(404, NO_SUCH_ENDPOINT_MESSAGE);

/**
 * GET get-session, called in-process rather than through the router (which turns every error
 * into a response of its own, a store outage into a 500): an outage is a 503 here. Its
 * Set-Cookie (a refreshed cookie cache, a slid expiry) comes back on the response. A cookie
 * cache Better Auth cannot read is ignored: asked again without it, from the store.
 */
export function GET(request: NextRequest) {
  if (!SERVED.GET.includes(request.nextUrl.pathname)) return notServed();
  const auth = betterAuthWith(cookieCacheChoiceIn(request.cookies), { setsCookies: false });
  // Not `asResponse` (which answers any error as a 500 itself): errors are thrown, to `answer`.
  const getSession = (disableCookieCache: boolean) => askBetterAuth(() => auth.api.getSession({ headers: request.headers, query: { disableCookieCache }, returnHeaders: true }));
  return answer(request, async () => {
    const { headers, response } = await getSession(false).catch((error: unknown) => {
      if (!failedToGetSession(error)) throw error;
      return getSession(true);
    });
    return Response.json(response, { headers });
  });
}

// #region better-auth-sign-in-route
export function POST(request: NextRequest) {
  const { pathname } = request.nextUrl;
  if (!SERVED.POST.includes(pathname)) return notServed();
  return answer(request, async () => {
    if (pathname === BETTER_AUTH_ROUTES.api.signOut) {
      // Sign-out needs no body; one that comes must be JSON within every JSON route's limit
      // (Better Auth would read a body of any size whole): a 413 or a 400 first.
      if (hasBody(request)) {
        const body = await parseJsonBody(request.clone(), z.unknown());
        if (!body.ok) return body.response;
      }
      return signOut(request);
    }
    // The JSON sign-in: the same body rules and limiter as every lane's login route, and only
    // the validated fields go on (no `rememberMe` or `callbackURL` of the client's).
    const body = await parseJsonBody(request, credentialsSchema);
    if (!body.ok) return body.response;
    const result = await withLoginLimiter(body.data.username, request.headers, async () => {
      try {
        return await handlerFor(request).POST(forwardedSignIn(request, body.data));
      } catch (error) {
        if (refusedSignIn(apiErrorStatus(error))) return null;
        throw error;
      }
    }, (response) => response?.status === 200);
    if (result.ok) return result.value as Response;
    // Anything but Better Auth's refusal is its own answer, never "incorrect" for the right password.
    if (result.reason === "incorrect" && result.value && !refusedSignIn(result.value.status)) return result.value;
    return refusedLoginResponse(result);
  });
}
// #endregion better-auth-sign-in-route

/**
 * The sign-in as Better Auth is asked it: the validated fields as JSON, whatever content type
 * the client sent (a script's `curl -d` says form-urlencoded; Better Auth would not read it,
 * and the right password answered "incorrect"), and without the client's cookies: a sign-in
 * reads none, and with cookies Better Auth asks for an Origin (403) that a script does not
 * send. The Origin rule for browsers is middleware's (app/first-gate.ts), before this.
 */
function forwardedSignIn(request: NextRequest, credentials: unknown): NextRequest {
  const headers = new Headers(request.headers);
  headers.set("content-type", "application/json");
  headers.delete("content-length");
  headers.delete("cookie");
  return new NextRequest(request.url, { method: "POST", headers, body: JSON.stringify(credentials) });
}

/** Whether a request carries a body at all (a `fetch` POST with none sends Content-Length: 0). */
const hasBody = (request: Request) =>
  request.headers.has("transfer-encoding") || Number(request.headers.get("content-length") ?? "0") > 0;

/**
 * Sign-out for scripts: the session is deleted from the store first (an outage is a 503 and the
 * cookie stays), then Better Auth's own sign-out clears the cookies. Called in-process, as the
 * lane's sign-out action does: over HTTP Better Auth asks a request with cookies for an Origin,
 * which a script does not send, and it answered 403 with the session already deleted and the
 * cookies kept. The Origin rule for browsers is middleware's (app/first-gate.ts), before this.
 */
async function signOut(request: NextRequest): Promise<Response> {
  const auth = betterAuthWith(cookieCacheChoiceIn(request.cookies), { setsCookies: false });
  const session = await askBetterAuth(() => auth.api.getSession({ headers: request.headers, query: { disableCookieCache: true, disableRefresh: true } }));
  if (session) await endSession(auth, session.session.token);
  const { headers, response } = await askBetterAuth(() => auth.api.signOut({ headers: request.headers, returnHeaders: true }));
  return Response.json(response, { headers });
}
