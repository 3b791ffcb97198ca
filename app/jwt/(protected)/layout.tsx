import { requireJwtUser } from "@/app/jwt/gate";
import { RefreshedOnTheWay } from "@/app/jwt/refreshed-note";

/** How recent a refresh-signed token must be for the page to say it was refreshed on the way here. */
const JUST_REFRESHED_MS = 60_000;

/** Second gate for every page under /jwt/(protected): verify the token again, here on Node. */
export default async function JwtProtectedLayout({ children }: { children: React.ReactNode }) {
  const auth = await requireJwtUser();
  // A refresh signs a token later than the sign-in it carries (auth_time); a sign-in's own token has iat = auth_time.
  const { iat, auth_time: authTime } = auth.claims;
  const signedByRefresh = authTime !== undefined && iat > authTime && iat * 1000 >= auth.verifiedAtMs - JUST_REFRESHED_MS;
  return (
    <>
      <RefreshedOnTheWay signedByRefresh={signedByRefresh} />
      {children}
    </>
  );
}
