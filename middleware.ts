import { NextResponse, type NextRequest } from "next/server";
import { JWT_COOKIE, verifyAccessToken, readAccessToken } from "@/lib/jwt";
import { SESSION_COOKIE, defaultSessionDeps, isWellFormedSessionToken, validateSessionToken } from "@/lib/session";
import { StoreUnavailableError, storeReachableFromEdge } from "@/lib/store";
import { CROSS_ORIGIN_MESSAGE, NO_STORE, isCrossOriginWrite, jsonError, loginUrl, storeUnavailableResponse } from "@/lib/http";
import { EXPIRED_COOKIE_OPTIONS } from "@/lib/cookies";
import { logAuthEvent } from "@/lib/log";

/**
 * The first gate, on the Edge runtime. Next.js 16 deprecates `middleware.ts` in favour of
 * `proxy.ts`, but `proxy.ts` runs only on Node.js, and verifying a JWT at the Edge is part
 * of what this app demonstrates (see README).
 *
 * Each area has one guard; this file only composes them. The JWT guard verifies the
 * signature here (pages verify again). The session guard looks the session up in the store
 * when the store is reachable from the Edge (Redis over HTTP), and otherwise only checks the
 * cookie's shape; lib/guards.ts always does the authoritative lookup.
 */

declare const EdgeRuntime: string | undefined;
const RUNTIME = typeof EdgeRuntime === "string" ? "edge" : "nodejs";

/** Headers that carry identity downstream: a client must never be able to supply them. */
const IDENTITY_HEADER_PREFIXES = ["x-user-", "x-auth-"];

type Verdict = { ok: true; forward: Record<string, string> } | { ok: false; reason: string };

interface Area {
  name: "jwt" | "session";
  pagePrefix: string; // protected pages live under it
  apiPrefix: string;
  loginPath: string;
  publicPaths: readonly string[]; // reachable without a credential
  cookieName: string;
  /** Whether the request may pass (with headers to forward downstream), or why not. */
  check(request: NextRequest): Promise<Verdict>;
}

const jwtArea: Area = {
  name: "jwt",
  pagePrefix: "/jwt/",
  apiPrefix: "/api/jwt/",
  loginPath: "/jwt/login",
  publicPaths: ["/jwt", "/jwt/login", "/api/jwt/login", "/api/jwt/logout"],
  cookieName: JWT_COOKIE,
  // #region jwt-guard
  async check(request): Promise<Verdict> {
    const token = readAccessToken(request.headers, request.cookies.get(JWT_COOKIE)?.value);
    const result = await verifyAccessToken(token);
    if (!result.ok) return { ok: false, reason: result.reason };
    return { ok: true, forward: { "x-user-id": result.claims.sub, "x-user-role": result.claims.role } };
  },
  // #endregion jwt-guard
};

const sessionArea: Area = {
  name: "session",
  pagePrefix: "/session/",
  apiPrefix: "/api/session/",
  loginPath: "/session/login",
  publicPaths: ["/session", "/session/login", "/api/session/login", "/api/session/logout"],
  cookieName: SESSION_COOKIE,
  // #region session-guard
  async check(request): Promise<Verdict> {
    const token = request.cookies.get(SESSION_COOKIE)?.value;
    if (!token) return { ok: false, reason: "missing" };
    if (!isWellFormedSessionToken(token)) return { ok: false, reason: "malformed" };
    // The memory store lives in the Node.js process's heap, which the Edge sandbox cannot
    // see: stay optimistic and let requireSessionUser() decide.
    if (!storeReachableFromEdge()) return { ok: true, forward: { "x-auth-session-check": "optimistic" } };
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
  },
  // #endregion session-guard
};

const AREAS = [jwtArea, sessionArea];

function areaFor(pathname: string): Area | undefined {
  return AREAS.find((area) => pathname.startsWith(area.pagePrefix) || pathname.startsWith(area.apiPrefix));
}

export async function middleware(request: NextRequest) {
  const { pathname, search } = request.nextUrl;

  if (pathname.startsWith("/api/") && isCrossOriginWrite(request)) {
    logAuthEvent("csrf.rejected", { path: pathname, origin: request.headers.get("origin") ?? "" });
    return withGateHeader(jsonError(403, CROSS_ORIGIN_MESSAGE));
  }

  // Strip identity headers the client sent *before* setting any of our own.
  const forwarded = new Headers(request.headers);
  for (const name of [...forwarded.keys()]) {
    if (IDENTITY_HEADER_PREFIXES.some((prefix) => name.startsWith(prefix))) forwarded.delete(name);
  }

  // Where the user was going, for the second gate's redirect to login (lib/guards.ts).
  forwarded.set("x-auth-pathname", `${pathname}${search}`);

  const area = areaFor(pathname);
  if (!area || area.publicPaths.includes(pathname)) {
    return NextResponse.next({ request: { headers: forwarded } });
  }

  const verdict = await area.check(request);
  if (verdict.ok) {
    for (const [name, value] of Object.entries(verdict.forward)) forwarded.set(name, value);
    forwarded.set("x-auth-runtime", RUNTIME);
    return NextResponse.next({ request: { headers: forwarded } });
  }

  if (verdict.reason !== "missing") {
    logAuthEvent(`${area.name}.middleware.rejected`, { reason: verdict.reason, path: pathname, runtime: RUNTIME });
  }
  // An outage is not a verdict on the user: 503, and the cookie stays.
  if (verdict.reason === "unavailable") return withGateHeader(storeUnavailableResponse(pathname.startsWith("/api/")));

  const response = pathname.startsWith("/api/")
    ? NextResponse.json({ error: "Not signed in.", reason: verdict.reason }, { status: 401, headers: NO_STORE })
    : NextResponse.redirect(new URL(loginUrl(area.loginPath, `${pathname}${search}`, verdict.reason), request.url));
  // A credential that failed verification is useless to the browser: drop it.
  if (verdict.reason !== "missing") response.cookies.set(area.cookieName, "", EXPIRED_COOKIE_OPTIONS);
  return withGateHeader(response);
}

/** Marks responses that middleware answered itself, so tests and curl can see which gate refused. */
function withGateHeader<R extends Response>(response: R): R {
  response.headers.set("x-auth-gate", `middleware (${RUNTIME})`);
  return response;
}

export const config = {
  // Everything except Next's static assets: identity headers are stripped on every request.
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
