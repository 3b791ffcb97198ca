import type { Metadata } from "next";
import { LoginPage } from "@/app/ui/login-page";
import { JWT_COOKIE, JWT_FAILURE_MESSAGES, REVOCATION_CHECKS, jwtConfig, type RevocationCheck } from "@/lib/jwt";
import { REVOCATION_CHECK_LABELS } from "@/app/jwt/check-labels";
import { JWT_ROUTES } from "@/app/jwt/routes";
import { REFRESH_FAILURE_MESSAGES } from "@/lib/jwt/refresh";
import { formatSeconds } from "@/app/ui/duration";

export const metadata: Metadata = { title: "Sign in · JWT" };

/** Why a token or a refresh was refused (the refresh route sends `refresh-<reason>`). */
const REASONS: Record<string, string> = {
  ...JWT_FAILURE_MESSAGES,
  ...Object.fromEntries(Object.entries(REFRESH_FAILURE_MESSAGES).map(([reason, message]) => [`refresh-${reason}`, message])),
  // The refresh route names what ended a family (app/jwt/refresh-exchange.ts): what is left is a sign-out.
  "refresh-family-revoked": "The sign-in this refresh token belongs to was signed out.",
  "refresh-everywhere": "“Sign out everywhere” ended every sign-in of this account, this browser's included.",
};

/** Each check in one sentence, under its checkbox: what it stores and what it lets sign-out do. */
function checkHints(): Record<RevocationCheck, string> {
  return {
    jti: "Each token has an ID (its jti claim); signing out puts that ID on a denylist in the store, so a stolen copy is refused at once.",
    ver: "Your account has a version number in the store; “sign out everywhere” or a role change raises it, and every token carrying an older one is refused.",
    refresh: `The token lives only ${formatSeconds(jwtConfig().shortAccessTokenTtlSeconds)} and a second, longer-lived refresh token gets new ones; signing out revokes the refresh token, so a stolen copy soon stops working.`,
  };
}

export default function JwtLogin(props: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const hints = checkHints();
  const CHOICES = REVOCATION_CHECKS.map((check) => ({ check, label: REVOCATION_CHECK_LABELS[check], hint: hints[check] }));
  return <LoginPage lane="jwt" title="Sign in — JWT" searchParams={props.searchParams} reasonMessages={REASONS} dashboardPath={JWT_ROUTES.dashboard} loginPath={JWT_ROUTES.login} endpoint={JWT_ROUTES.api.login} revocationChoices={CHOICES} credentialCookie={JWT_COOKIE} />;
}
