import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { requireBetterAuthUser } from "@/app/better-auth/gate";
import { listUsers } from "@/lib/users";
import { RoleManager } from "@/app/ui/role-manager";

export const metadata: Metadata = { title: "Better Auth admin" };

export default async function BetterAuthAdmin() {
  const session = await requireBetterAuthUser();
  // Middleware only saw that a cookie was there: the role is checked here, with a real 403
  // (app/forbidden.tsx). With the cookie cache on, the role is the cache's copy.
  if (session.user.role !== "admin") forbidden();
  return (
    <section className="card better-auth">
      <h1>Better Auth admin</h1>
      <p data-testid="admin-welcome">Welcome, {session.user.id}. Better Auth&apos;s session says <code>role: &quot;{session.user.role}&quot;</code>.</p>
      <h2>Change a role</h2>
      <p>
        Better Auth updates its copy of the user in every live session in the store: with the cookie cache off, the
        user sees the new role on their next request; with it on, once their cache expires.
      </p>
      <RoleManager lane="better-auth" users={(await listUsers()).map(({ id, role }) => ({ id, role }))} actorId={session.user.id} />
    </section>
  );
}
