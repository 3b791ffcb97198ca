/**
 * The revocation checks a /jwt access token can be issued with (its signed `rev` claim).
 * Plain constants, so the login form (client) and lib/jwt/token.ts (server) share them.
 * - "jti": logout puts the token's jti on a denylist in the store;
 * - "ver": the token carries the user's token version; "log out everywhere" and role
 *   changes bump it;
 * - "refresh": the token is short-lived and comes with a rotating refresh token.
 */
export const REVOCATION_CHECKS = ["jti", "ver", "refresh"] as const;
export type RevocationCheck = (typeof REVOCATION_CHECKS)[number];

export const REVOCATION_CHECK_LABELS: Record<RevocationCheck, string> = {
  jti: "jti denylist",
  ver: "token version",
  refresh: "short access token + refresh token",
};
