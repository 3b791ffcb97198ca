/** The /jwt lane's paths, defined once: its gates, route handlers and links use these. */
export const JWT_ROUTES = {
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
    /** The token endpoint for non-browser clients: DPoP-bound tokens in the body (lib/jwt/dpop.ts). */
    token: "/api/jwt/token",
    role: "/api/jwt/role",
  },
} as const;

/** Through the refresh route, then on to `nextPath`. */
export function refreshUrl(nextPath: string): string {
  return `${JWT_ROUTES.api.refresh}?${new URLSearchParams({ next: nextPath })}`;
}

/**
 * What the transparent refresh puts on its way back to `nextPath`: a fragment (never sent to a
 * server) naming the new token's jti, so the page it lands on can say the token was refreshed
 * on the way, and only for the token it was (app/jwt/refreshed-note.tsx). A copy without such
 * a note can redirect to `nextPath` as it is.
 */
export const refreshedFragment = (jti: string) => `#refreshed=${jti}`;

export function afterRefreshUrl(nextPath: string, jti: string | undefined): string {
  return nextPath.includes("#") || !jti ? nextPath : `${nextPath}${refreshedFragment(jti)}`;
}
