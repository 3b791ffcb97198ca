import { forbidden } from "next/navigation";
import { requireSessionUser } from "@/lib/guards";

export default async function SessionAdmin() {
  const auth = await requireSessionUser();
  // The role comes from the session record, read from the store on this very request.
  if (auth.record.role !== "admin") forbidden();
  return (
    <section className="card session">
      <h1>Session admin</h1>
      <p data-testid="admin-welcome">Welcome, {auth.user.id}. The store says <code>role: &quot;{auth.record.role}&quot;</code>.</p>
      <p>The role was read from the session record in the store on this request, so a change there applies at once.</p>
    </section>
  );
}
