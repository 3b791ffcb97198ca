import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { requireSessionUser } from "@/app/session/gate";
import { listUsers } from "@/lib/users";
import { RoleManager } from "@/app/ui/role-manager";

export const metadata: Metadata = { title: "Session admin" };

export default async function SessionAdmin() {
  const auth = await requireSessionUser();
  // The role comes from the session record, read from the store on this very request.
  if (auth.record.role !== "admin") forbidden();
  return (
    <section className="card session">
      <h1>Session admin</h1>
      <p data-testid="admin-welcome">Welcome, {auth.user.id}. The store says <code>role: &quot;{auth.record.role}&quot;</code>.</p>
      <p>The role was read from the session record in the store on this request, so a change there applies at once.</p>
      <h2>Change a role</h2>
      <p>A session user sees a role change on their very next request: it is written into their session records.</p>
      <RoleManager lane="session" users={(await listUsers()).map(({ id, role }) => ({ id, role }))} actorId={auth.user.id} />
    </section>
  );
}
