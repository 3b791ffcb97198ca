/** The /better-auth lane's paths, defined once: its gates, route handlers and links use these. */
export const BETTER_AUTH_ROUTES = {
  overview: "/better-auth",
  login: "/better-auth/login",
  dashboard: "/better-auth/dashboard",
  admin: "/better-auth/admin",
  api: {
    /** Better Auth's own endpoints (its handler, `basePath`): they check their own credentials. */
    handler: "/api/better-auth",
    signIn: "/api/better-auth/sign-in/username",
    /** Better Auth's own sign-out (JSON): for scripts, and the revocation stopwatch's, which must not re-render the page. */
    signOut: "/api/better-auth/sign-out",
    getSession: "/api/better-auth/get-session",
    /** This lane's API, guarded like the other lanes' (`/api/better-auth/me`). */
    prefix: "/api/better-auth/me",
    me: "/api/better-auth/me",
  },
} as const;
