/**
 * Import rules (issue #15: one story per folder), checked by `npm test` (scripts/test-all.ts)
 * with dependency-cruiser. `npx depcruise --config .dependency-cruiser.cjs app lib middleware.ts
 * auth.ts auth.config.ts env.ts instrumentation.ts` runs them by hand.
 */
const LANES = {
  session: { own: "^(lib/session(/|\\.ts$)|app/session/|app/api/session/)", code: "lib/session(/|\\.ts$)|app/session/|app/api/session/" },
  jwt: { own: "^(lib/jwt(/|\\.ts$)|app/jwt/|app/api/jwt/)", code: "lib/jwt(/|\\.ts$)|app/jwt/|app/api/jwt/" },
  authjs: { own: "^(lib/authjs/|app/authjs/|app/api/authjs/|app/api/auth/|auth\\.ts$|auth\\.config\\.ts$)", code: "lib/authjs/|app/authjs/|app/api/authjs/|app/api/auth/|auth\\.ts$|auth\\.config\\.ts$" },
  "better-auth": { own: "^(lib/better-auth/|app/better-auth/|app/api/better-auth/)", code: "lib/better-auth/|app/better-auth/|app/api/better-auth/" },
};
const others = (lane) => `^(${Object.entries(LANES).filter(([name]) => name !== lane).map(([, l]) => l.code).join("|")})`;

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "A cycle means two modules are one story split in two: merge them or move the shared part down.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "lib-knows-no-pages",
      comment: "lib/ is auth logic: it imports nothing from app/ (pages, routes, the route table), middleware or the Auth.js entry files.",
      severity: "error",
      from: { path: "^lib/" },
      to: { path: "^(app/|middleware\\.ts$|auth\\.ts$|auth\\.config\\.ts$|env\\.ts$|instrumentation\\.ts$)" },
    },
    {
      name: "shared-basics-know-no-lane",
      comment: "lib/*.ts, lib/store/ and lib/security/ serve every lane, so they import none.",
      severity: "error",
      from: { path: "^lib/", pathNot: "^lib/(jwt|session|authjs|better-auth|third-party|generated)(/|\\.ts$)" },
      to: { path: "^(lib/(jwt|session|authjs|better-auth|third-party)(/|\\.ts$)|app/)" },
    },
    ...Object.keys(LANES).map((lane) => ({
      name: `${lane}-lane-alone`,
      comment:
        `The ${lane} lane imports nothing from the other lanes, directly or through a shared file. ` +
        "One exception, by design: the admin pages change a user's role for every lane at once " +
        "(app/admin/ is where the lanes' writes meet), so they may reach the other lanes through app/admin/.",
      severity: "error",
      from: { path: LANES[lane].own, pathNot: "^app/[a-z-]+/\\(protected\\)/admin/" },
      to: { path: others(lane), reachable: true },
    })),
    {
      name: "core-knows-no-add-on",
      comment:
        "lib/session.ts and lib/jwt.ts are the cores a reader copies first: the add-ons beside them " +
        "(lib/session/, lib/jwt/) import the core, never the other way round.",
      severity: "error",
      from: { path: "^lib/(session|jwt)\\.ts$" },
      to: { path: "^lib/(session|jwt)/" },
    },
    {
      name: "session-lane-no-token-libraries",
      comment:
        "A server-side session needs neither jose nor next-auth: copying the session lane must not bring them. " +
        "(The route that mints a token for a third party, app/api/session/token/, is the hybrid pattern and uses jose.)",
      severity: "error",
      from: { path: LANES.session.own, pathNot: "^(app/[a-z]+/\\(protected\\)/admin/|app/api/session/token/)" },
      to: { path: "node_modules/(jose|next-auth|@auth)/", reachable: true },
    },
    {
      name: "jwt-lane-no-next-auth",
      severity: "error",
      from: { path: LANES.jwt.own, pathNot: "^app/[a-z-]+/\\(protected\\)/admin/" },
      to: { path: "node_modules/(next-auth|@auth)/", reachable: true },
    },
    {
      name: "shared-basics-no-token-libraries",
      comment: "The shared basics serve the session lane too, so they import neither jose nor next-auth.",
      severity: "error",
      from: { path: "^lib/", pathNot: "^lib/(jwt|session|authjs|better-auth|third-party|generated)(/|\\.ts$)" },
      to: { path: "node_modules/(jose|next-auth|@auth)/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(\\.next|tests|scripts|bench|lib/generated)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"], extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".d.ts"] },
  },
};
