import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { requireAuthjsUser } from "@/app/authjs/gate";

export const metadata: Metadata = { title: "Auth.js admin" };

export default async function AuthjsAdmin() {
  const session = await requireAuthjsUser();
  // Middleware refused non-admins already (its verdict is in Server-Timing) and handed the
  // answer to this page: forbidden() renders app/forbidden.tsx with a real 403.
  if (session.user.role !== "admin") forbidden();
  return (
    <section className="card authjs">
      <h1>Auth.js admin</h1>
      <p data-testid="admin-welcome">Welcome, {session.user.id}. Your Auth.js session says <code>role: &quot;{session.user.role}&quot;</code>.</p>
    </section>
  );
}
