/**
 * The site's own pages and the demo's endpoints. Each lane's paths are in its folder
 * (app/jwt/routes.ts, app/session/routes.ts, app/authjs/routes.ts), defined once there, and
 * what the lanes share (the login URL) is in app/lane.ts. (lib/ knows no pages: what it needs
 * of a path, such as the refresh cookie's Path, it is given.)
 */
export const ROUTES = {
  home: "/",
  compare: "/compare",
  leakedKeyDrill: "/compare/leaked-key",
  docs: { index: "/docs" },
  demo: { replay: "/api/demo/replay", reset: "/api/demo/reset", cookieBudget: "/api/demo/cookie-budget" },
  thirdParty: { profile: "/api/third-party/profile", jwks: "/.well-known/jwks.json" },
} as const;
