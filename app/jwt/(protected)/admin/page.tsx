import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { requireJwtUser } from "@/app/jwt/gate";
import { listUsers } from "@/lib/users";
import { RoleManager } from "@/app/ui/role-manager";
import { RefreshedOnTheWay } from "@/app/jwt/refreshed-note";

export const metadata: Metadata = { title: "JWT admin" };

export default async function JwtAdmin() {
  const auth = await requireJwtUser();
  // The role comes from the signed claims: no lookup, and no way to see a role change before the token is reissued.
  if (auth.user.role !== "admin") forbidden();
  return (
    <section className="card jwt">
      <h1>JWT admin</h1>
      <RefreshedOnTheWay jti={auth.claims.jti} />
      <p data-testid="admin-welcome">Welcome, {auth.user.id}. Your token says <code>role: &quot;{auth.claims.role}&quot;</code>.</p>
      <p>The role was read from the token&apos;s claims, which were fixed when the token was signed.</p>
      <h2>Change a role</h2>
      <p>
        A JWT user keeps the role in their token until it is refreshed or expires, unless the token was
        issued with the token-version check (the token carries the user&apos;s version number from the store; a role
        change raises it, so an older token is refused): then the change makes it stale at once.
      </p>
      <RoleManager lane="jwt" users={(await listUsers()).map(({ id, role }) => ({ id, role }))} actorId={auth.user.id} />
    </section>
  );
}
