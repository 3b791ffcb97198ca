import type { Metadata } from "next";
import { SESSION_ROUTES } from "@/app/session/routes";
import Link from "next/link";

export const metadata: Metadata = { title: "Session" };

export default function SessionOverview() {
  return (
    <section className="card session">
      <h1>Session lane</h1>
      <p>
        Signing in here puts a random token in an HttpOnly cookie; the server keeps the session record in a
        store (<code>lib/session.ts</code>, <code>lib/store/</code>) under the token&apos;s SHA-256.
        <code> middleware.ts</code> looks the session up too when the store is Redis (on the in-memory store it can
        only check that the cookie looks right); every protected page looks the session up through
        <code> requireSessionUser()</code>, so signing out or revoking takes effect at once.
      </p>
      <ul className="links">
        <li><Link href={SESSION_ROUTES.login}>Sign in</Link></li>
        <li><Link href={SESSION_ROUTES.dashboard}>Dashboard</Link></li>
        <li><Link href={SESSION_ROUTES.admin}>Admin (admins only)</Link></li>
      </ul>
    </section>
  );
}
