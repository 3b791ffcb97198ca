import { jwtConfig, type RevocationCheck } from "@/lib/jwt";
import { formatSeconds } from "@/app/ui/duration";

/** The revocation checks, as the login form and the dashboards name them. */
export const REVOCATION_CHECK_LABELS: Record<RevocationCheck, string> = {
  jti: "jti denylist",
  ver: "token version",
  refresh: "short access token + refresh token",
};

/**
 * Each check in one sentence: what it stores and what it lets sign-out do. The login form
 * shows it under the check's checkbox, the dashboard beside the check a token carries.
 */
export function revocationCheckHints(): Record<RevocationCheck, string> {
  return {
    jti: "Each token has an ID (its jti claim); signing out puts that ID on a denylist in the store, so a stolen copy is refused at once.",
    ver: "Your account has a version number in the store; “sign out everywhere” or a role change raises it, and every token carrying an older one is refused.",
    refresh: `The token lives only ${formatSeconds(jwtConfig().shortAccessTokenTtlSeconds)} and a second, longer-lived refresh token gets new ones; signing out revokes the refresh token, so a stolen copy soon stops working.`,
  };
}
