/** The /session lane's paths, defined once: its gates, route handlers and links use these. */
export const SESSION_ROUTES = {
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
    /** The hybrid: a short-lived token for a third party (lib/third-party/). */
    thirdPartyToken: "/api/session/token",
  },
} as const;
