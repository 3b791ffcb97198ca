import type { NextRequest } from "next/server";
import { toNextJsHandler } from "better-auth/next-js";
import { z } from "zod";
import { betterAuthWith } from "@/lib/better-auth/auth";
import { COOKIE_CACHE_PREFERENCE, parseCookieCacheChoice } from "@/lib/better-auth/config";
import { apiErrorStatus, storeOutageIn } from "@/lib/better-auth/errors";
import { withLoginLimiter } from "@/lib/better-auth/sign-in";
import { LOGIN_FAILED_MESSAGE, rateLimitedResponse } from "@/lib/security/login";
import { LOGIN_STORE_UNAVAILABLE_MESSAGE, jsonError, parseJsonBody, storeUnavailableResponse } from "@/lib/http";
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
  return toNextJsHandler(betterAuthWith(parseCookieCacheChoice(request.cookies.get(COOKIE_CACHE_PREFERENCE)?.value)));
}

/** Better Auth answers an unknown or disabled endpoint with a bare 404. */
const NO_SUCH_ENDPOINT_MESSAGE = "There is no such Better Auth endpoint here.";

async function answer(request: NextRequest, run: () => Promise<Response>): Promise<Response> {
  try {
    const response = await run();
    if (response.status === 404 && !response.headers.get("content-type")?.includes("json")) return jsonError(404, NO_SUCH_ENDPOINT_MESSAGE);
    return response;
  } catch (error) {
    if (storeOutageIn(error)) {
      logAuthEvent("store.unavailable", { path: request.nextUrl.pathname });
      return storeUnavailableResponse(request, request.nextUrl.pathname === BETTER_AUTH_ROUTES.api.signIn ? LOGIN_STORE_UNAVAILABLE_MESSAGE : undefined);
    }
    const status = apiErrorStatus(error);
    if (status === null) throw error;
    const body = (error as { body?: { message?: unknown; code?: unknown } }).body;
    return jsonError(status, typeof body?.message === "string" ? body.message : "Better Auth refused the request.", typeof body?.code === "string" ? { code: body.code } : {});
  }
}

export function GET(request: NextRequest) {
  return answer(request, () => handlerFor(request).GET(request));
}

// #region better-auth-sign-in-route
export function POST(request: NextRequest) {
  return answer(request, async () => {
    if (request.nextUrl.pathname !== BETTER_AUTH_ROUTES.api.signIn) {
      // Better Auth reads a body of any size whole: over the limit of every JSON route here, a
      // 413 first. (Whether it is JSON, and its shape, are Better Auth's to check.)
      const body = await parseJsonBody(request.clone(), z.unknown());
      if (!body.ok && body.response.status === 413) return body.response;
      return handlerFor(request).POST(request);
    }
    // The JSON sign-in: the same body rules and limiter as every lane's login route.
    const body = await parseJsonBody(request.clone(), credentialsSchema);
    if (!body.ok) return body.response;
    const result = await withLoginLimiter(body.data.username, request.headers, async () => {
      try {
        return await handlerFor(request).POST(request);
      } catch (error) {
        if (apiErrorStatus(error) === 401) return null; // a wrong password (or unknown user)
        throw error;
      }
    }, (response) => response?.status === 200);
    if (result.ok) return result.value as Response;
    if (result.reason === "rate-limited") return rateLimitedResponse(result.retryAfterSeconds);
    return jsonError(401, LOGIN_FAILED_MESSAGE, { attemptsLeft: result.attemptsLeft });
  });
}
// #endregion better-auth-sign-in-route
