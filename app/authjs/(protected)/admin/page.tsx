import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { requireAuthjsUser } from "@/app/authjs/gate";
import { BETTER_AUTH_ROUTES } from "@/app/better-auth/routes";
import { JWT_ROUTES } from "@/app/jwt/routes";
import { SESSION_ROUTES } from "@/app/session/routes";

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
      <p data-testid="authjs-roles-where">
        {/* Plain links: a prefetch of a JWT page would spend a refresh token (tests/unit/architecture/jwt-links.test.ts). */}
        Roles are changed on the <a href={JWT_ROUTES.admin}>JWT</a>, <a href={SESSION_ROUTES.admin}>session</a> or{" "}
        <a href={BETTER_AUTH_ROUTES.admin}>Better Auth</a> admin page: every lane shares one directory of users. A change
        ends the user&apos;s Auth.js sign-in at once (it bumps their token version), and they sign in again with the new role.
      </p>
    </section>
  );
}
