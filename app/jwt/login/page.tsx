import { LoginPage } from "@/app/ui/login-page";
import { JWT_FAILURE_MESSAGES } from "@/lib/jwt/token";
import { REFRESH_FAILURE_MESSAGES } from "@/lib/jwt/refresh";

/** Why a token or a refresh was refused (the refresh route sends `refresh-<reason>`). */
const REASONS: Record<string, string> = {
  ...JWT_FAILURE_MESSAGES,
  ...Object.fromEntries(Object.entries(REFRESH_FAILURE_MESSAGES).map(([reason, message]) => [`refresh-${reason}`, message])),
};

export default function JwtLogin(props: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  return <LoginPage area="jwt" title="Sign in — JWT" searchParams={props.searchParams} reasonMessages={REASONS} />;
}
