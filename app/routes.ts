/**
 * The paths every lane shares, and the site's own pages. Each lane's paths are in its folder
 * (app/jwt/routes.ts, app/session/routes.ts, app/authjs/routes.ts), defined once there. (lib/
 * knows no pages: what it needs of a path, such as the refresh cookie's Path, it is given.)
 */
export const ROUTES = {
  home: "/",
  compare: "/compare",
  docs: { index: "/docs" },
  demo: { replay: "/api/demo/replay", reset: "/api/demo/reset", cookieBudget: "/api/demo/cookie-budget" },
  thirdParty: { profile: "/api/third-party/profile", jwks: "/.well-known/jwks.json" },
} as const;

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
