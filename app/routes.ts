/**
 * Every path the gates, route handlers and links use, defined once. (lib/ knows no pages:
 * what it needs of a path, such as the refresh cookie's Path, it is given.)
 */
export const ROUTES = {
  home: "/",
  compare: "/compare",
  docs: { index: "/docs" },
  jwt: {
    overview: "/jwt",
    login: "/jwt/login",
    dashboard: "/jwt/dashboard",
    admin: "/jwt/admin",
    replay: "/jwt/replay",
    playground: "/jwt/playground",
    api: {
      prefix: "/api/jwt/",
      login: "/api/jwt/login",
      logout: "/api/jwt/logout",
      logoutEverywhere: "/api/jwt/logout-everywhere",
      /** Also the refresh cookie's Path: the browser sends that cookie nowhere else. */
      refresh: "/api/jwt/refresh",
      /** The dashboard's "refresh now", which also lets a thief copy the token it spends. */
      refreshDemo: "/api/jwt/refresh/demo",
      /** The thief replaying that copy. Both below the refresh path, so they get its cookies. */
      refreshThief: "/api/jwt/refresh/thief",
      me: "/api/jwt/me",
      role: "/api/jwt/role",
    },
  },
  session: {
    overview: "/session",
    login: "/session/login",
    dashboard: "/session/dashboard",
    admin: "/session/admin",
    devices: "/session/devices",
    replay: "/session/replay",
    api: {
      prefix: "/api/session/",
      login: "/api/session/login",
      logout: "/api/session/logout",
      me: "/api/session/me",
      thirdPartyToken: "/api/session/token",
    },
  },
  authjs: {
    overview: "/authjs",
    login: "/authjs/login",
    dashboard: "/authjs/dashboard",
    admin: "/authjs/admin",
    replay: "/authjs/replay",
    api: { prefix: "/api/authjs/", me: "/api/authjs/me" },
  },
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

/** Through the refresh route, then on to `nextPath`. */
export function refreshUrl(nextPath: string): string {
  return `${ROUTES.jwt.api.refresh}?${new URLSearchParams({ next: nextPath })}`;
}
