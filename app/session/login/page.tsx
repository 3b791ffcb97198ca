import type { Metadata } from "next";
import { LoginPage } from "@/app/ui/login-page";
import { SESSION_ROUTES } from "@/app/session/routes";
import { SESSION_COOKIE, sessionFailureMessagesHere } from "@/lib/session";

export const metadata: Metadata = { title: "Sign in · session" };

export default function SessionLogin(props: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  return <LoginPage lane="session" title="Sign in — session" searchParams={props.searchParams} reasonMessages={sessionFailureMessagesHere()} dashboardPath={SESSION_ROUTES.dashboard} loginPath={SESSION_ROUTES.login} endpoint={SESSION_ROUTES.api.login} credentialCookie={SESSION_COOKIE} />;
}
