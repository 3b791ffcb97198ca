import type { Metadata } from "next";
import { LoginPage } from "@/app/ui/login-page";
import { JWT_COOKIE, JWT_FAILURE_MESSAGES, REVOCATION_CHECKS } from "@/lib/jwt";
import { REVOCATION_CHECK_LABELS, revocationCheckHints } from "@/app/jwt/check-labels";
import { JWT_ROUTES } from "@/app/jwt/routes";
import { REFRESH_FAILURE_MESSAGES } from "@/lib/jwt/refresh";

export const metadata: Metadata = { title: "Sign in · JWT" };

/** Why a token or a refresh was refused (the refresh route sends `refresh-<reason>`). */
const REASONS: Record<string, string> = {
  ...JWT_FAILURE_MESSAGES,
  ...Object.fromEntries(Object.entries(REFRESH_FAILURE_MESSAGES).map(([reason, message]) => [`refresh-${reason}`, message])),
  // The refresh route names what ended a family (app/jwt/refresh-exchange.ts): what is left is a sign-out.
  "refresh-family-revoked": "The sign-in this refresh token belongs to was signed out.",
  "refresh-everywhere": "“Sign out everywhere” ended every sign-in of this account, this browser's included.",
};

/**
 * The checks ticked when the form opens: all of them, or those a link names (`?checks=none` for
 * a plain JWT, `?checks=jti,ver`). A link only chooses among the form's own checkboxes.
 */
function initiallyTicked(checks: string | string[] | undefined): (check: string) => boolean {
  if (typeof checks !== "string") return () => true;
  const named = new Set(checks.split(","));
  return (check) => named.has(check);
}

export default async function JwtLogin(props: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const hints = revocationCheckHints();
  const ticked = initiallyTicked((await props.searchParams).checks);
  const CHOICES = REVOCATION_CHECKS.map((check) => ({ check, label: REVOCATION_CHECK_LABELS[check], hint: hints[check], checked: ticked(check) }));
  return <LoginPage lane="jwt" title="Sign in — JWT" searchParams={props.searchParams} reasonMessages={REASONS} dashboardPath={JWT_ROUTES.dashboard} loginPath={JWT_ROUTES.login} endpoint={JWT_ROUTES.api.login} revocationChoices={CHOICES} credentialCookie={JWT_COOKIE} />;
}
