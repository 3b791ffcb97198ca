import type { NextRequest } from "next/server";

/**
 * What middleware.ts needs from each lane: where it lives, and its guard, the first
 * gate. Each lane's file (app/jwt/lane.ts, …) defines one; middleware only composes them.
 * Below it, what both gates share: the login URL, and the header the first gate records the
 * requested page in.
 */

/**
 * A guard's answer. `Reason` is the lane's own union of why it refuses (JwtFailureReason,
 * SessionFailureReason, …); middleware acts on "missing", "forbidden" and (Auth.js, whose callbacks cannot throw) "unavailable"; a store outage elsewhere throws StoreUnavailableError.
 */
export type Verdict<Reason extends string> =
  | { ok: true; forward: Record<string, string> }
  /** `refreshable`: send a page request through the refresh route instead of the login page. */
  | { ok: false; reason: Reason; refreshable?: boolean };

export interface Lane<Reason extends string> {
  name: "jwt" | "session" | "authjs" | "better-auth";
  /** The lane's overview page; protected pages live under it. */
  pagePath: string;
  apiPrefix: string;
  loginPath: string;
  /** Reachable without a credential. */
  publicPaths: readonly string[];
  /** The cookie to drop when it fails verification (Auth.js clears its own). */
  cookieName?: string;
  /** Every cookie that carries this lane's credential: one sent twice is removed as ambiguous. */
  credentialCookies: readonly string[];
  /**
   * More cookies to remove before anything reads the request, whichever lane it is for (Auth.js:
   * stray or contradicting parts of its chunked session cookie).
   */
  ambiguousCookies?(cookieHeader: string | null): string[];
  /**
   * The `WWW-Authenticate` challenge of an API 401, for a lane whose API takes a token in
   * `Authorization` (RFC 6750 §3): which schemes it accepts and, for a token it refused, why.
   */
  challenge?(reason: Reason): string;
  /** Where a page request with a `refreshable` verdict goes instead: through the refresh route, then on to `nextPath`. */
  refreshUrl?(nextPath: string): string;
  /**
   * The first gate: checks the request and answers through `respond` (pass on, redirect to
   * login or refresh, 401, 403 or 503), which middleware supplies.
   */
  guard(request: NextRequest, respond: (verdict: Verdict<Reason>) => Response): Promise<Response>;
}

/**
 * The header middleware records the requested page in, for the second gate's redirect to
 * login (`next`). Middleware removes any client-sent copy first.
 */
export const PATHNAME_HEADER = "x-auth-pathname";

/** `/jwt/login?next=/jwt/admin&reason=expired` */
export function loginUrl(loginPath: string, nextPath: string, reason?: string, refusedBy?: "page"): string {
  const params = new URLSearchParams({ next: nextPath });
  // Which gate said no, when it was the page's (middleware's refusals leave a cookie instead,
  // with their timings): the login page draws the refused request (app/ui/login-page.tsx).
  if (refusedBy) params.set("by", refusedBy);
  if (reason && reason !== "missing") params.set("reason", reason);
  return `${loginPath}?${params}`;
}
