import { NextResponse, type NextRequest } from "next/server";
import NextAuth, { type Session } from "next-auth";
import { authConfig } from "@/auth.config";
import { JWT_COOKIE, readAccessToken } from "@/lib/jwt/token";
import { SESSION_COOKIE, defaultSessionDeps, isWellFormedSessionToken, validateSessionToken } from "@/lib/session/session";
import { StoreUnavailableError, getStore, sessionLookupAtEdge, storeReachableFromEdge } from "@/lib/store";
import { authenticateAccessToken, needsStoreCheck } from "@/lib/jwt/revocation";
import { JWT_REFRESH_COOKIE, refreshUrl } from "@/lib/jwt/issue";
import { CROSS_ORIGIN_MESSAGE, NO_STORE, isCrossOriginWrite, jsonError, loginUrl, storeUnavailableResponse } from "@/lib/http";
import { EXPIRED_COOKIE_OPTIONS, ambiguousCookieNames } from "@/lib/cookies";
import { logAuthEvent } from "@/lib/log";
import { contentSecurityPolicy, generateNonce } from "@/lib/security/headers";

/**
 * The first gate, on the Edge runtime. Next.js 16 deprecates `middleware.ts` in favour of
 * `proxy.ts`, but `proxy.ts` runs only on Node.js, and verifying tokens at the Edge is part
 * of what this app demonstrates (see README).
 *
 * One guard per area; this file only composes them:
 * - /jwt: verifies the signed JWT here (pages verify again).
 * - /session: looks the session up when the store is reachable from the Edge (Redis over
 *   HTTP), otherwise checks only the cookie's shape; pages always do the real lookup.
 * - /authjs: Auth.js's own `auth()` decrypts its session cookie and runs the callbacks from
 *   auth.config.ts; admin pages are refused here with a 403 and re-checked on the page.
 */

declare const EdgeRuntime: string | undefined;
const RUNTIME = typeof EdgeRuntime === "string" ? "edge" : "nodejs";

/** Headers that carry identity downstream: a client must never be able to supply them. */
const IDENTITY_HEADER_PREFIXES = ["x-user-", "x-auth-"];

type Verdict =
  | { ok: true; forward: Record<string, string> }
  /** `refreshable`: send a page request through the refresh route instead of the login page. */
  | { ok: false; reason: string; refreshable?: boolean };

interface Area {
  name: "jwt" | "session" | "authjs";
  pagePrefix: string; // protected pages live under it
  apiPrefix: string;
  loginPath: string;
  publicPaths: readonly string[]; // reachable without a credential
  /** The cookie to drop when it fails verification (Auth.js clears its own). */
  cookieName?: string;
}

const jwtArea: Area = {
  name: "jwt",
  pagePrefix: "/jwt/",
  apiPrefix: "/api/jwt/",
  loginPath: "/jwt/login",
  publicPaths: ["/jwt", "/jwt/login", "/jwt/replay", "/api/jwt/login", "/api/jwt/logout", "/api/jwt/refresh"],
  cookieName: JWT_COOKIE,
};

const sessionArea: Area = {
  name: "session",
  pagePrefix: "/session/",
  apiPrefix: "/api/session/",
  loginPath: "/session/login",
  publicPaths: ["/session", "/session/login", "/session/replay", "/api/session/login", "/api/session/logout"],
  cookieName: SESSION_COOKIE,
};

const authjsArea: Area = {
  name: "authjs",
  pagePrefix: "/authjs/",
  apiPrefix: "/api/authjs/",
  loginPath: "/authjs/login",
  publicPaths: ["/authjs", "/authjs/login"],
};

const AREAS = [jwtArea, sessionArea, authjsArea];

// #region jwt-guard
async function checkJwt(request: NextRequest): Promise<Verdict> {
  const token = readAccessToken(request.headers, request.cookies.get(JWT_COOKIE)?.value);
  // Revocation checks need the store: from the Edge only when it is Redis over HTTP;
  // otherwise requireJwtUser() does them on Node.js.
  const auth = await authenticateAccessToken(token, storeReachableFromEdge() ? getStore() : null);
  if (!auth.ok) return { ok: false, reason: auth.reason, refreshable: auth.refreshable };
  const forward: Record<string, string> = { "x-user-id": auth.claims.sub, "x-user-role": auth.claims.role };
  if (needsStoreCheck(auth.claims)) forward["x-auth-jwt-revocation"] = auth.storeChecked ? "edge" : "deferred";
  return { ok: true, forward };
}
// #endregion jwt-guard

// #region session-guard
async function checkSession(request: NextRequest): Promise<Verdict> {
  const token = request.cookies.get(SESSION_COOKIE)?.value;
  if (!token) return { ok: false, reason: "missing" };
  if (!isWellFormedSessionToken(token)) return { ok: false, reason: "malformed" };
  // The memory store lives in the Node.js process's heap, which the Edge sandbox cannot
  // see: stay optimistic and let requireSessionUser() decide.
  if (!sessionLookupAtEdge()) return { ok: true, forward: { "x-auth-session-check": "optimistic" } };
  try {
    // Redis over HTTP works here: a revoked session stops before any page code runs.
    // Read-only: the page's own lookup does the sliding-expiry write.
    const result = await validateSessionToken(defaultSessionDeps(), token, { touch: false });
    if (!result.ok) return { ok: false, reason: result.reason };
    return {
      ok: true,
      forward: { "x-user-id": result.record.userId, "x-user-role": result.record.role, "x-auth-session-check": "store" },
    };
  } catch (error) {
    if (StoreUnavailableError.is(error)) return { ok: false, reason: "unavailable" };
    throw error;
  }
}
// #endregion session-guard

// #region authjs-guard
const AUTHJS_COOKIE_PATTERN = /(^|;\s*)(__Secure-)?authjs\.session-token(\.\d+)?=/;

/** `session` is what Auth.js's auth() made of the cookie (null if absent, invalid or revoked). */
function checkAuthjs(request: NextRequest, session: Session | null): Verdict {
  if (!session?.user) {
    const hadCookie = AUTHJS_COOKIE_PATTERN.test(request.headers.get("cookie") ?? "");
    return { ok: false, reason: hadCookie ? "invalid" : "missing" };
  }
  if (session.storeUnavailable) return { ok: false, reason: "unavailable" };
  if (request.nextUrl.pathname.startsWith("/authjs/admin") && session.user.role !== "admin") {
    return { ok: false, reason: "forbidden" };
  }
  return { ok: true, forward: { "x-user-id": session.user.id, "x-user-role": session.user.role } };
}
// #endregion authjs-guard

function areaFor(pathname: string): Area | undefined {
  return AREAS.find((area) => pathname.startsWith(area.pagePrefix) || pathname === area.pagePrefix.slice(0, -1) || pathname.startsWith(area.apiPrefix));
}

/**
 * Passes the request on (or rewrites it to `rewriteTo`): client-sent identity headers removed
 * first, then ours added, and a fresh CSP nonce, which Next.js reads from the request's CSP
 * header and puts on its scripts; the same policy goes on the response.
 */
function passOn(request: NextRequest, identity: Record<string, string> = {}, rewriteTo?: URL, status?: number): NextResponse {
  const forwarded = new Headers(request.headers);
  for (const name of [...forwarded.keys()]) {
    if (IDENTITY_HEADER_PREFIXES.some((prefix) => name.startsWith(prefix))) forwarded.delete(name);
  }
  // Where the user was going, for the second gate's redirect to login (lib/guards.ts).
  forwarded.set("x-auth-pathname", `${request.nextUrl.pathname}${request.nextUrl.search}`);
  // Percent-encoded: a header carries bytes, and a subject such as "ａlice" (signed with the real
  // key) must not turn into an exception; encodeURIComponent leaves ordinary ids unchanged.
  for (const [name, value] of Object.entries(identity)) forwarded.set(name, encodeURIComponent(value));
  const csp = contentSecurityPolicy(generateNonce(), { development: process.env.NODE_ENV !== "production" });
  forwarded.set("content-security-policy", csp);
  const response = rewriteTo
    ? NextResponse.rewrite(rewriteTo, { status, request: { headers: forwarded } })
    : NextResponse.next({ request: { headers: forwarded } });
  response.headers.set("content-security-policy", csp);
  return response;
}

/** Turns a guard's verdict into the response: pass on, redirect to login, 401, 403 or 503. */
function respond(area: Area, verdict: Verdict, request: NextRequest): Response {
  const { pathname, search } = request.nextUrl;
  const isApi = pathname.startsWith("/api/");
  if (verdict.ok) return passOn(request, { ...verdict.forward, "x-auth-runtime": RUNTIME });

  if (verdict.reason !== "missing") {
    logAuthEvent(`${area.name}.middleware.rejected`, { reason: verdict.reason, path: pathname, runtime: RUNTIME });
  }
  // An outage is not a verdict on the user: 503, and the cookie stays.
  if (verdict.reason === "unavailable") return withGateHeader(storeUnavailableResponse(isApi));
  // An expired (or stale) access token that came with a refresh token: refresh on the way.
  if (verdict.refreshable && !isApi) {
    // Not for the browser's speculative loading (`Sec-Purpose: prefetch`): it would spend the
    // refresh token in the background, and with a click and other prefetches at once, more
    // than two uses of one token are reuse, which revokes the family. The click refreshes.
    // (Next.js strips its own router's prefetch headers before middleware, so those cannot
    // be told apart here.)
    if (isPrefetch(request)) return withGateHeader(new NextResponse(null, { status: 204, headers: NO_STORE }));
    return withGateHeader(NextResponse.redirect(new URL(refreshUrl(`${pathname}${search}`), request.url)));
  }
  if (verdict.reason === "forbidden") {
    // Signed in, wrong role: a real 403 with the app's 403 page, not a redirect loop.
    return withGateHeader(
      isApi
        ? NextResponse.json({ error: "Admins only.", reason: "forbidden" }, { status: 403, headers: NO_STORE })
        : passOn(request, {}, new URL("/not-allowed", request.url), 403),
    );
  }

  const response = isApi
    ? NextResponse.json({ error: "Not signed in.", reason: verdict.reason }, { status: 401, headers: NO_STORE })
    : NextResponse.redirect(new URL(loginUrl(area.loginPath, `${pathname}${search}`, verdict.reason), request.url));
  // A credential that failed verification is useless to the browser: drop it.
  if (verdict.reason !== "missing" && area.cookieName) response.cookies.set(area.cookieName, "", EXPIRED_COOKIE_OPTIONS);
  return withGateHeader(response);
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

// Auth.js's wrapper decrypts the session cookie (running the jwt/session callbacks) and
// appends any cookie it re-issues or clears to our response. Built on first use, so the
// secret comes from the validated config at run time, not at build time.
type AuthjsMiddleware = ReturnType<typeof NextAuth>["auth"];
let authjsMiddleware: AuthjsMiddleware | undefined;

/**
 * The /authjs guard for this request. The verdict is answered against the request as it
 * arrived: Auth.js hands its callback a copy whose URL is AUTH_URL's origin when that is
 * set, and a redirect or rewrite built from that copy would leave the site (a rewrite to
 * another origin is a proxy).
 */
function guardAuthjs(request: NextRequest): Promise<Response> {
  authjsMiddleware ??= NextAuth(authConfig()).auth;
  const guard = authjsMiddleware((authRequest: NextRequest & { auth: Session | null }) =>
    respond(authjsArea, checkAuthjs(request, authRequest.auth), request),
  ) as unknown as (request: NextRequest, context: { params: Promise<object> }) => Promise<Response>;
  // The wrapper is typed for route handlers; its second argument is passed through to our
  // callback, which does not use it.
  return guard(request, { params: Promise.resolve({}) });
}

/** The cookies that carry a credential, in every lane (Auth.js's are handled by ambiguousCookieNames). */
const CREDENTIAL_COOKIES = [JWT_COOKIE, JWT_REFRESH_COOKIE, SESSION_COOKIE];

export async function middleware(request: NextRequest) {
  const { pathname } = request.nextUrl;

  // A credential cookie sent twice, or a cookie posing as an Auth.js session chunk: removed
  // from the request before any guard, page, route or Auth.js reads it (so it counts as no
  // credential at all). The second gates check the raw header again (lib/guards.ts).
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
  if (area === authjsArea) return guardAuthjs(request);
  const verdict = area === jwtArea ? await checkJwt(request) : await checkSession(request);
  return respond(area, verdict, request);
}

export const config = {
  // Everything except Next's static assets: identity headers are stripped on every request.
  // (/bench/* is left out on purpose: the benchmark's unguarded baseline and its counters.)
  matcher: ["/((?!_next/static|_next/image|favicon.ico|bench/).*)"],
};
