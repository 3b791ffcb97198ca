import type { NextRequest } from "next/server";
import { caughtByAuthjs, handlers, isStoreOutage, rateLimitWait } from "@/auth";
import { rateLimitedResponse } from "@/lib/security/login";
import { LOGIN_STORE_UNAVAILABLE_MESSAGE, storeUnavailableResponse } from "@/lib/http";
import { withoutReissuedSessionCookie } from "@/lib/authjs/session-cookie";
import { isCallbackUrl, withRedirectPath } from "@/lib/authjs/redirect";
import { isBackgroundFetch } from "@/lib/fetch-metadata";
import { malformedRequestResponse } from "@/app/malformed-request";

/**
 * The request as the client addressed it. Next.js's NextRequest rewrites 127.0.0.1 (and
 * [::1]) to `localhost` in its URL, so a client that reached the app as 127.0.0.1 would be
 * redirected to another origin after signing in or out: Auth.js takes its base URL (and which
 * callback URLs count as same-site) from the request URL. A plain Request keeps the Host.
 */
function asAddressed(request: NextRequest): NextRequest {
  const host = request.headers.get("host");
  const url = new URL(request.url);
  if (!host || host === url.host) return request;
  url.host = host;
  const init: RequestInit & { duplex?: "half" } = { method: request.method, headers: request.headers, body: request.body, duplex: "half" };
  return new Request(url, init) as NextRequest; // Auth.js reads only what a Request has
}

/** Every callbackUrl the query carries: Auth.js reads the last of a repeated one, the URL's get() the first. */
const callbackUrlsValid = (request: NextRequest) => request.nextUrl.searchParams.getAll("callbackUrl").every(isCallbackUrl);

/**
 * Auth.js's own endpoints. A background read of the session (useSession()) never changes the
 * browser's cookie: refused, it answers null but leaves the cookie for the next page load, which
 * tells the user why; accepted, it does not re-issue it (page loads slide it), so a read sent
 * before a sign-out and answered after it cannot put the signed-out cookie back.
 */
export async function GET(request: NextRequest): Promise<Response> {
  if (!callbackUrlsValid(request)) return malformedRequestResponse(request, "callback-url");
  // Every redirect as a path: Auth.js builds it on the Host or X-Forwarded-Host the client sent.
  const response = withRedirectPath(await handlers.GET(asAddressed(request)));
  const sessionRead = request.nextUrl.pathname.endsWith("/session") && isBackgroundFetch(request.headers);
  return sessionRead ? withoutReissuedSessionCookie(response) : response;
}

/**
 * Auth.js's own endpoints. A sign-in refused by the login rate limiter answers 429, and one the
 * store failed (the limiter in authorize(), or the role and token version read after it) 503,
 * like the other lanes, not a redirect to Auth.js's error page; redirects are paths.
 */
export async function POST(request: NextRequest): Promise<Response> {
  if (!callbackUrlsValid(request)) return malformedRequestResponse(request, "callback-url");
  const caught: { error?: unknown } = {};
  const response = await caughtByAuthjs.run(caught, () => handlers.POST(asAddressed(request)));
  if (isStoreOutage(caught.error)) return storeUnavailableResponse(request, LOGIN_STORE_UNAVAILABLE_MESSAGE);
  const wait = rateLimitWait(caught.error);
  return wait === null ? withRedirectPath(response) : rateLimitedResponse(wait);
}
