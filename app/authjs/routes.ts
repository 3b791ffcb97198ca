/** The /authjs lane's paths, defined once: its gates, route handlers and links use these. */
export const AUTHJS_ROUTES = {
  overview: "/authjs",
  login: "/authjs/login",
  dashboard: "/authjs/dashboard",
  admin: "/authjs/admin",
  replay: "/authjs/replay",
  api: { prefix: "/api/authjs/", me: "/api/authjs/me", signOut: "/api/authjs/sign-out" },
} as const;
