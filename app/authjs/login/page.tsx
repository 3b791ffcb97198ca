import type { Metadata } from "next";
import { LoginPage } from "@/app/ui/login-page";
import { SignInForm } from "@/app/ui/action-sign-in-form";
import { signInWithCredentials } from "../actions";
import { AUTHJS_ROUTES } from "@/app/authjs/routes";
import { AUTHJS_SESSION_COOKIE } from "@/lib/authjs/session-cookie";
import type { AuthjsRefusal } from "@/app/authjs/gate";
import { storeReachableFromEdge } from "@/lib/store";

export const metadata: Metadata = { title: "Sign in · Auth.js" };

const REASONS: Record<AuthjsRefusal, string> = {
  "role-changed": "an admin changed your role since your cookie was issued, and Auth.js's token-version check ended it. Signing in again gives you a cookie with your current role.",
  "stale-version": "you signed out everywhere since your cookie was issued, so its token version is stale. Sign in again for a new one.",
  expired: "your sign-in is older than the absolute limit: Auth.js re-issues its cookie on use, so activity alone never ends it, and the token's sign-in time does. Sign in again.",
  invalid: "Auth.js could not use the session cookie this browser sent: it could not be decrypted (altered, or sealed with another key) or it has expired. Signing in again gives you a new cookie.",
};

/** Where the first gate can read the store (Redis over REST), it refuses a stale token version too, and says only "invalid". */
const INVALID_AT_THE_EDGE = "Auth.js could not use the session cookie this browser sent: it could not be decrypted (altered, or sealed with another key), it has expired, or its token version is stale (a role change or \"sign out everywhere\" since it was issued). Signing in again gives you a new cookie.";

/** Auth.js's sign-in goes through a server action (signIn("credentials")), not the JSON route. */
export default function AuthjsLogin(props: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  return (
    <LoginPage
      lane="authjs"
      title="Sign in — Auth.js"
      searchParams={props.searchParams}
      reasonMessages={storeReachableFromEdge() ? { ...REASONS, invalid: INVALID_AT_THE_EDGE } : REASONS}
      dashboardPath={AUTHJS_ROUTES.dashboard}
      loginPath={AUTHJS_ROUTES.login}
      form={(next, resetTo) => <SignInForm signIn={signInWithCredentials} idPrefix="authjs-" next={next} resetTo={resetTo} />}
      credentialCookie={AUTHJS_SESSION_COOKIE}
    />
  );
}
