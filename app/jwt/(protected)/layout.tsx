import { requireJwtUser } from "@/app/jwt/gate";
import { RefreshedOnTheWay } from "@/app/jwt/refreshed-note";

/** Second gate for every page under /jwt/(protected): verify the token again, here on Node. */
export default async function JwtProtectedLayout({ children }: { children: React.ReactNode }) {
  const auth = await requireJwtUser();
  return (
    <>
      <RefreshedOnTheWay jti={auth.claims.jti} />
      {children}
    </>
  );
}
