import { NextResponse, type NextRequest } from "next/server";
import { CROSS_ORIGIN_MESSAGE, NO_STORE, isCrossOriginWrite, jsonError, storeUnavailableResponse } from "@/lib/http";
import { StoreUnavailableError } from "@/lib/store";
import { EXPIRED_COOKIE_OPTIONS, readCredentialCookie, type AuthCookieOptions } from "@/lib/cookies";
import { IS_PRODUCTION } from "@/lib/config";
import { logAuthEvent } from "@/lib/log";
import { isSpeculativePrefetch } from "@/lib/fetch-metadata";
import { contentSecurityPolicy, generateNonce } from "@/lib/security/headers";
import { PATHNAME_HEADER, loginUrl, type Lane, type Verdict } from "./lane";
import { malformation, malformedRequestResponse } from "./malformed-request";

/**
 * The first gate, for middleware.ts: what every request needs (a request no page can answer
 * refused, app/malformed-request.ts; ambiguous credential cookies removed, the Origin rule for
 * writes, identity headers stripped, the CSP nonce), then the guard of the lane the path
 * belongs to (app/<lane>/lane.ts), whose verdict `respond` turns into the answer: pass on,
 * redirect to login or refresh, 401, 403 or 503.
 */

declare const EdgeRuntime: string | undefined;
export type Runtime = "edge" | "nodejs";
export const RUNTIME: Runtime = typeof EdgeRuntime === "string" ? "edge" : "nodejs";

/** What an observer adds to an answer (this app's telemetry: lib/observe/); a copy needs none. */
export interface Observation {
  /** Request headers handed on with a request that passes. */
  forward: Record<string, string>;
  /** Response headers on every answer. */
  headers: Record<string, string>;
  /** A cookie for the login page, when the browser is sent there. */
  loginCookie?: { name: string; value: string; options: AuthCookieOptions };
}
export interface FirstGateObserver {
  /** Runs a guard (to see the store round trips it makes). */
  trace<T>(guard: () => Promise<T>): Promise<T>;
  observe(lane: Lane<string>, verdict: Verdict<string>, request: NextRequest): Observation;
}
const NOTHING: Observation = { forward: {}, headers: {} };

/**
 * Headers that carry identity downstream (middleware adds `x-user-*` and `x-auth-*` from a
 * verdict's `forward`): a client must never be able to supply them.
 */
const IDENTITY_HEADER_PREFIXES = ["x-user-", "x-auth-"];

export const isIdentityHeader = (name: string) => IDENTITY_HEADER_PREFIXES.some((prefix) => name.startsWith(prefix));

/** A copy of the headers without any identity header (whatever the client sent under those names). */
export function withoutIdentityHeaders(headers: Headers): Headers {
  const copy = new Headers(headers);
  for (const name of [...copy.keys()]) if (isIdentityHeader(name)) copy.delete(name);
  return copy;
}

/** The middleware function for these lanes. */
export function firstGate(lanes: readonly Lane<string>[], observer?: FirstGateObserver) {
  const credentialCookies = lanes.flatMap((lane) => lane.credentialCookies);
  const laneFor = (pathname: string) =>
    lanes.find((lane) => pathname === lane.pagePath || pathname.startsWith(`${lane.pagePath}/`) || pathname.startsWith(lane.apiPrefix));

  return async function middleware(request: NextRequest): Promise<Response> {
    const { pathname } = request.nextUrl;
    // A Host, X-Forwarded-Host or X-Forwarded-Proto that builds no URL, a forged Next-Action,
    // a path that does not decode: a 400 here, not a 500 (and a stack trace) further on. The
    // log names what was wrong, never the value.
    const malformed = malformation(request);
    if (malformed) {
      logAuthEvent("request.malformed", { what: malformed, runtime: RUNTIME });
      return withGateHeader(malformedRequestResponse(request, malformed));
    }

    // A credential cookie sent twice, or one a lane finds ambiguous (a cookie posing as an
    // Auth.js session chunk): removed before any guard, page, route or Auth.js reads it (so it
    // counts as no credential at all). The second gates check the raw header again (app/*/gate.ts).
    const cookieHeader = request.headers.get("cookie");
    const ambiguous = [
      ...credentialCookies.filter((name) => readCredentialCookie(cookieHeader, name).status === "ambiguous"),
      ...lanes.flatMap((lane) => lane.ambiguousCookies?.(cookieHeader) ?? []),
    ];
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

    const lane = laneFor(pathname);
    if (!lane || lane.publicPaths.includes(pathname)) return passOn(request);
    const answer = (verdict: Verdict<string>) => respond(lane, verdict, request, observer?.observe(lane, verdict, request) ?? NOTHING);
    const guard = async () => {
      try {
        return await lane.guard(request, answer);
      } catch (error) {
        // An outage is not a verdict on the user: 503, and the cookie stays.
        if (!StoreUnavailableError.is(error)) throw error;
        logAuthEvent("store.unavailable", { message: error.message, path: pathname, runtime: RUNTIME });
        return answer({ ok: false, reason: "unavailable" });
      }
    };
    return observer ? observer.trace(guard) : guard();
  };
}

/**
 * Passes the request on: client-sent identity headers removed first, then ours added, and a
 * fresh CSP nonce, which Next.js reads from the request's CSP header and puts on its scripts;
 * the same policy goes on the response.
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

function respond(lane: Lane<string>, verdict: Verdict<string>, request: NextRequest, seen: Observation): Response {
  const { pathname, search } = request.nextUrl;
  const isApi = pathname.startsWith("/api/");
  const withSeen = <R extends Response>(answer: R): R => {
    for (const [name, value] of Object.entries(seen.headers)) answer.headers.set(name, value);
    return answer;
  };
  const handOn = (identity: Record<string, string>) => withSeen(passOn(request, identity, seen.forward));
  if (verdict.ok) return handOn({ ...verdict.forward, "x-auth-runtime": RUNTIME });
  const refused = <R extends Response>(answer: R): R => withGateHeader(withSeen(answer));

  if (verdict.reason !== "missing") {
    logAuthEvent(`${lane.name}.middleware.rejected`, { reason: verdict.reason, path: pathname, runtime: RUNTIME });
  }
  if (verdict.reason === "unavailable") return refused(storeUnavailableResponse(request));
  // An expired (or stale) access token that came with a refresh token: refresh on the way.
  if (verdict.refreshable && lane.refreshUrl && !isApi) {
    // Not for the browser's speculative loading (`Sec-Purpose: prefetch`): it would spend the
    // refresh token in the background, and with a click and other prefetches at once, more
    // than two uses of one token are reuse, which revokes the family. The click refreshes.
    // Next.js strips its own router's prefetch headers before middleware, so those cannot be
    // told apart here. Links to the JWT lane's protected pages are plain <a> links: a prefetch
    // would spend the refresh token unasked, and a client-side navigation spends it twice (as
    // an RSC fetch, then again as the page load Next.js falls back to), leaving no grace for a
    // second tab. tests/e2e/refresh-family.spec.ts counts the uses.
    if (isSpeculativePrefetch(request.headers)) return refused(new NextResponse(null, { status: 204, headers: NO_STORE }));
    return refused(redirectTo(request, lane.refreshUrl(`${pathname}${search}`)));
  }
  if (verdict.reason === "forbidden") {
    if (isApi) return refused(NextResponse.json({ error: "Admins only.", reason: "forbidden" }, { status: 403, headers: NO_STORE }));
    // Signed in, wrong role, on a page: the page's own gate answers the real 403 (forbidden()
    // and app/forbidden.tsx). A rewrite to a 403 page would need an absolute URL, and the one
    // Next.js hands middleware says `localhost`: behind `next start -H <host>` or a TLS proxy
    // that rewrite becomes a proxied request (200, or 500).
    return handOn({});
  }

  const response = isApi
    ? NextResponse.json({ error: "Not signed in.", reason: verdict.reason }, { status: 401, headers: NO_STORE })
    : redirectTo(request, loginUrl(lane.loginPath, `${pathname}${search}`, verdict.reason));
  if (isApi && lane.challenge) response.headers.set("www-authenticate", lane.challenge(verdict.reason));
  if (!isApi && seen.loginCookie) response.cookies.set(seen.loginCookie.name, seen.loginCookie.value, seen.loginCookie.options);
  // A credential that failed verification is useless to the browser: drop it.
  if (verdict.reason !== "missing" && lane.cookieName) response.cookies.set(lane.cookieName, "", EXPIRED_COOKIE_OPTIONS);
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

/** Marks responses that middleware answered itself, so tests and curl can see which gate refused. */
function withGateHeader<R extends Response>(response: R): R {
  response.headers.set("x-auth-gate", `middleware (${RUNTIME})`);
  return response;
}
