import type { Metadata } from "next";
import { AUTHJS_ROUTES } from "@/app/authjs/routes";
import Link from "next/link";

export const metadata: Metadata = { title: "Auth.js" };

export default function AuthjsOverview() {
  return (
    <section className="card authjs">
      <h1>Auth.js lane</h1>
      <p>
        The framework way: <code>auth.ts</code> sets up next-auth v5 with a Credentials provider and the
        <code> jwt</code> session strategy. The session lives in an <strong>encrypted</strong> JWT (a JWE) in an
        HttpOnly cookie; <code>middleware.ts</code> decrypts it on the Edge runtime with the Edge-safe
        <code> auth.config.ts</code>, and every page checks again with <code>auth()</code>.
      </p>
      <ul className="links">
        <li><Link href={AUTHJS_ROUTES.login}>Sign in</Link></li>
        <li><Link href={AUTHJS_ROUTES.dashboard}>Dashboard</Link></li>
        <li><Link href={AUTHJS_ROUTES.admin}>Admin (admins only)</Link></li>
        <li><Link href={AUTHJS_ROUTES.replay}>Replay a stolen cookie</Link></li>
      </ul>
    </section>
  );
}
