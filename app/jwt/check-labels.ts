import type { RevocationCheck } from "@/lib/jwt";

/** The revocation checks, as the login form and the dashboards name them. */
export const REVOCATION_CHECK_LABELS: Record<RevocationCheck, string> = {
  jti: "jti denylist",
  ver: "token version",
  refresh: "short access token + refresh token",
};
