import { LoginPage } from "@/app/ui/login-page";
import { JWT_FAILURE_MESSAGES } from "@/lib/jwt";

export default function JwtLogin(props: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  return <LoginPage area="jwt" title="Sign in — JWT" searchParams={props.searchParams} reasonMessages={JWT_FAILURE_MESSAGES} />;
}
