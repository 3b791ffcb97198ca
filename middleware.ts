import { NextResponse, type NextRequest } from "next/server";
import { JWT_COOKIE, type JwtFailureReason } from "@/lib/jwt";
import { JWT_REFRESH_COOKIE } from "@/lib/jwt/issue";
import { SESSION_COOKIE, type SessionFailureReason } from "@/lib/session";
import { CROSS_ORIGIN_MESSAGE, NO_STORE, isCrossOriginWrite, jsonError, storeUnavailableResponse } from "@/lib/http";
import { StoreUnavailableError } from "@/lib/store";
import { EXPIRED_COOKIE_OPTIONS, ambiguousCookieNames } from "@/lib/cookies";
import { IS_PRODUCTION } from "@/lib/config";
import { logAuthEvent } from "@/lib/log";
import { contentSecurityPolicy, generateNonce } from "@/lib/security/headers";
import { withoutIdentityHeaders, type Area, type Verdict } from "@/app/area";
import { jwtArea } from "@/app/jwt/area";
import { sessionArea } from "@/app/session/area";
import { authjsArea, type AuthjsGuardReason } from "@/app/authjs/area";
import { PATHNAME_HEADER, loginUrl, refreshUrl } from "@/app/routes";
import { TIMING_HEADER } from "@/lib/observe/trace";
import { REFUSAL_COOKIE, REFUSAL_COOKIE_OPTIONS } from "@/lib/observe/refusal";
import { currentTrace, middlewareTiming, refusalRecord, traceGuard } from "@/lib/observe/middleware";

/**
 * The first gate, on the Edge runtime. Next.js 16 deprecates `middleware.ts` in favour of
 * `proxy.ts`, but `proxy.ts` runs only on Node.js, and verifying tokens at the Edge is part
 * of what this app demonstrates (see README).
 *
 * This file does what every request needs (ambiguous cookies removed, the Origin rule for
 * writes, identity headers stripped, the CSP nonce) and hands the request to its area's
 * guard (app/jwt/area.ts, app/session/area.ts, app/authjs/area.ts); `respond` turns the
 * guard's verdict into the answer.
 */

declare const EdgeRuntime: string | undefined;
const RUNTIME = typeof EdgeRuntime === "string" ? "edge" : "nodejs";

/** Every reason a guard can refuse for, as a typed union. */
type GuardReason = JwtFailureReason | SessionFailureReason | AuthjsGuardReason;

const AREAS: readonly Area<GuardReason>[] = [jwtArea, sessionArea, authjsArea];

/** The cookies that carry a credential, in every lane (Auth.js's are handled by ambiguousCookieNames). */
const CREDENTIAL_COOKIES = [JWT_COOKIE, JWT_REFRESH_COOKIE, SESSION_COOKIE];

function areaFor(pathname: string): Area<GuardReason> | undefined {
  return AREAS.find((area) => pathname === area.pagePath || pathname.startsWith(`${area.pagePath}/`) || pathname.startsWith(area.apiPrefix));
}

/**
 * Passes the request on: client-sent identity headers removed
 * first, then ours added, and a fresh CSP nonce, which Next.js reads from the request's CSP
 * header and puts on its scripts; the same policy goes on the response.
 */
function passOn(request: NextRequest, identity: Record<string, string> = {}, raw: Record<string, string> = {}): NextResponse {
  const forwarded = withoutIdentityHeaders(request.headers);
  // Where the user was going, for the second gate's redirect to login (app/request-path.ts).
  forwarded.set(PATHNAME_HEADER, `${request.nextUrl.pathname}${request.nextUrl.search}`);
  // Percent-encoded: a header carries bytes, and a subject such as "ａlice" (signed with the real
  // key) must not turn into an exception; encodeURIComponent leaves ordinary ids unchanged.
  for (const [name, value] of Object.entries(identity)) forwarded.set(name, encodeURIComponent(value));
  for (const [name, value] of Object.entries(raw)) forwarded.set(name, value);
  const csp = contentSecurityPolicy(generateNonce(), { development: !IS_PRODUCTION });
  forwarded.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers: forwarded } });
  response.headers.set("content-security-policy", csp);
  return response;
}

/** Server-Timing for this guard's answer (the demo's telemetry, lib/observe/). */
function timingFor(area: Area<GuardReason>, verdict: Verdict<GuardReason>): string {
  const outcome = verdict.ok ? (verdict.forward["x-auth-session-check"] === "optimistic" ? "accepted (shape only)" : "accepted") : `refused (${verdict.reason})`;
  return middlewareTiming(currentTrace(), `middleware (${RUNTIME}) ${area.name}: ${outcome}`);
}

/** Turns a guard's verdict into the response: pass on, redirect to login, 401, 403 or 503. */
function respond(area: Area<GuardReason>, verdict: Verdict<GuardReason>, request: NextRequest): Response {
  const { pathname, search } = request.nextUrl;
  const isApi = pathname.startsWith("/api/");
  const timing = timingFor(area, verdict);
  // On the answer, and as a request header for the dashboards, which draw it.
  const handOn = (identity: Record<string, string>) => {
    const response = passOn(request, identity, { [TIMING_HEADER]: timing });
    response.headers.set("server-timing", timing);
    return response;
  };
  if (verdict.ok) return handOn({ ...verdict.forward, "x-auth-runtime": RUNTIME });
  const refused = <R extends Response>(answer: R): R => {
    answer.headers.set("server-timing", timing);
    return withGateHeader(answer);
  };

  if (verdict.reason !== "missing") {
    logAuthEvent(`${area.name}.middleware.rejected`, { reason: verdict.reason, path: pathname, runtime: RUNTIME });
  }
  // Auth.js cannot throw through its callbacks: it reports an outage as this verdict.
  if (verdict.reason === "unavailable") return refused(storeUnavailableResponse(request));
  // An expired (or stale) access token that came with a refresh token: refresh on the way.
  if (verdict.refreshable && !isApi) {
    // Not for the browser's speculative loading (`Sec-Purpose: prefetch`): it would spend the
    // refresh token in the background, and with a click and other prefetches at once, more
    // than two uses of one token are reuse, which revokes the family. The click refreshes.
    // Next.js strips its own router's prefetch headers before middleware, so those cannot be
    // told apart here. Links to the JWT lane's protected pages are plain <a> links: a prefetch
    // would spend the refresh token unasked, and a client-side navigation spends it twice (as
    // an RSC fetch, then again as the page load Next.js falls back to), leaving no grace for a
    // second tab. tests/e2e/refresh-family.spec.ts counts the uses.
    if (isPrefetch(request)) return refused(new NextResponse(null, { status: 204, headers: NO_STORE }));
    return refused(redirectTo(request, refreshUrl(`${pathname}${search}`)));
  }
  if (verdict.reason === "forbidden") {
    if (isApi) return refused(NextResponse.json({ error: "Admins only.", reason: "forbidden" }, { status: 403, headers: NO_STORE }));
    // Signed in, wrong role, on a page: the page's own gate answers the real 403 (forbidden()
    // and app/forbidden.tsx), as in the other lanes. A rewrite to a 403 page would need an
    // absolute URL, and the one Next.js hands middleware says `localhost`: behind `next start
    // -H <host>` or a TLS proxy that rewrite becomes a proxied request (200, or 500).
    return handOn({});
  }

  const response = isApi
    ? NextResponse.json({ error: "Not signed in.", reason: verdict.reason }, { status: 401, headers: NO_STORE })
    : redirectTo(request, loginUrl(area.loginPath, `${pathname}${search}`, verdict.reason));
  // The login page draws this refused request (which gate, why, how long): lib/observe/refusal.ts.
  if (!isApi) response.cookies.set(REFUSAL_COOKIE, refusalCookie(request, area, verdict.reason), REFUSAL_COOKIE_OPTIONS);
  // A credential that failed verification is useless to the browser: drop it.
  if (verdict.reason !== "missing" && area.cookieName) response.cookies.set(area.cookieName, "", EXPIRED_COOKIE_OPTIONS);
  return refused(response);
}

/**
 * A redirect to a path on this site. Next.js insists on an absolute URL here, and turns one on
 * the origin it gave middleware back into a relative `Location` (the origin it gives says
 * `localhost` under `next start`, whatever Host the browser used): so the browser stays on the
 * origin it addressed, behind any proxy. tests/e2e/deployed/ checks the Location through nginx.
 */
function redirectTo(request: NextRequest, path: string): NextResponse {
  return NextResponse.redirect(new URL(path, request.nextUrl.origin));
}

/** The refused request, for the login page's picture (names and sizes, never the credential). */
function refusalCookie(request: NextRequest, area: Area<GuardReason>, reason: string): string {
  const sent = area.cookieName ? request.cookies.get(area.cookieName)?.value : undefined;
  const cookie = area.cookieName && sent !== undefined ? { name: area.cookieName, value: sent } : null;
  return refusalRecord({ path: request.nextUrl.pathname, runtime: RUNTIME, reason, trace: currentTrace(), cookie });
}

/** The browser's speculative loading (Speculation Rules, `<link rel=prefetch>`). */
function isPrefetch(request: NextRequest): boolean {
  return `${request.headers.get("sec-purpose") ?? ""} ${request.headers.get("purpose") ?? ""}`.includes("prefetch");
}

/** Marks responses that middleware answered itself, so tests and curl can see which gate refused. */
function withGateHeader<R extends Response>(response: R): R {
  response.headers.set("x-auth-gate", `middleware (${RUNTIME})`);
  return response;
}

export async function middleware(request: NextRequest) {
  const { pathname } = request.nextUrl;

  // A credential cookie sent twice, or a cookie posing as an Auth.js session chunk: removed
  // from the request before any guard, page, route or Auth.js reads it (so it counts as no
  // credential at all). The second gates check the raw header again (app/*/gate.ts).
  const ambiguous = ambiguousCookieNames(request.headers.get("cookie"), CREDENTIAL_COOKIES);
  if (ambiguous.length > 0) {
    logAuthEvent("auth.ambiguous-cookie", { cookie: ambiguous.join(","), path: pathname, runtime: RUNTIME });
    request.cookies.delete(ambiguous);
  }

  // One rule for every write: /api routes and server actions (a POST to a page with a
  // `Next-Action` header) alike. Next.js's own check on actions answers a 500 and logs a
  // stack trace; this answers a plain 403 first, and also refuses a cross-site request that
  // sent no Origin at all (Sec-Fetch-Site: cross-site), which Next.js lets through.
  if (isCrossOriginWrite(request)) {
    logAuthEvent("csrf.rejected", { path: pathname, origin: request.headers.get("origin") ?? "", action: request.headers.has("next-action") });
    return withGateHeader(
      pathname.startsWith("/api/")
        ? jsonError(403, CROSS_ORIGIN_MESSAGE)
        : new NextResponse(CROSS_ORIGIN_MESSAGE, { status: 403, headers: { ...NO_STORE, "content-type": "text/plain; charset=utf-8" } }),
    );
  }

  const area = areaFor(pathname);
  if (!area || area.publicPaths.includes(pathname)) return passOn(request);
  // Traced, so the store round trips the guard makes show up in Server-Timing.
  return traceGuard(RUNTIME, async () => {
    try {
      return await area.guard(request, (verdict) => respond(area, verdict, request));
    } catch (error) {
      // An outage is not a verdict on the user: 503, and the cookie stays.
      if (!StoreUnavailableError.is(error)) throw error;
      logAuthEvent(`${area.name}.middleware.store-unavailable`, { path: pathname, runtime: RUNTIME });
      return withGateHeader(storeUnavailableResponse(request));
    }
  });
}

export const config = {
  // Everything except Next's static assets: identity headers are stripped on every request.
  // (/bench/* is left out on purpose, the benchmark's unguarded baseline and its counters,
  // except /bench/passthrough: the same page through middleware's common path, no guard.)
  matcher: ["/((?!_next/static|_next/image|favicon.ico|bench/).*)", "/bench/passthrough"],
};
