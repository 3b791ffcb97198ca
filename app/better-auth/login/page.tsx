import type { Metadata } from "next";
import { LoginPage } from "@/app/ui/login-page";
import { SignInForm } from "@/app/ui/action-sign-in-form";
import { BETTER_AUTH_ROUTES } from "@/app/better-auth/routes";
import { BETTER_AUTH_SESSION_COOKIE } from "@/lib/better-auth/config";
import { signInWithUsername } from "../actions";

export const metadata: Metadata = { title: "Sign in · Better Auth" };

const REASONS = {
  invalid: "Better Auth found no live session for your cookie: it was signed out, expired, or was not one Better Auth signed.",
  revoked: "this session was signed out from the device list on another of your devices.",
};

/** Better Auth's sign-in (its username plugin) through a server action, behind the shared limiter. */
export default function BetterAuthLogin(props: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  return (
    <LoginPage
      lane="better-auth"
      title="Sign in — Better Auth"
      searchParams={props.searchParams}
      reasonMessages={REASONS}
      dashboardPath={BETTER_AUTH_ROUTES.dashboard}
      loginPath={BETTER_AUTH_ROUTES.login}
      form={(next, resetTo) => <SignInForm signIn={signInWithUsername} idPrefix="better-auth-" next={next} resetTo={resetTo} />}
      credentialCookie={BETTER_AUTH_SESSION_COOKIE}
    />
  );
}
