import type { Metadata } from "next";
import Link from "next/link";
import { BETTER_AUTH_ROUTES } from "@/app/better-auth/routes";
import { ROUTES } from "@/app/routes";

export const metadata: Metadata = { title: "Better Auth" };

export default function BetterAuthOverview() {
  return (
    <section className="card better-auth">
      <h1>Better Auth lane</h1>
      <p>
        The framework way for sessions: Better Auth keeps a <strong>session in the store</strong> and gives the browser
        a signed cookie naming it, like our session lane. Its <strong>cookie cache</strong>, off by default, adds a
        short-lived signed copy of the session in a second cookie, so most requests skip the store, and a revoked
        session keeps working until that copy expires. The dashboard turns it on and off and times the difference.
      </p>
      <p>
        <code>middleware.ts</code> only checks that the session cookie is there (what Better Auth documents: it proves
        nothing about the session); every page, route and action asks again with <code>auth.api.getSession</code>.
      </p>
      <p>
        Next to the other lanes, with this app&apos;s figures: <Link href={ROUTES.compare}>the comparison</Link>. What the
        library gives, what it costs per request, and when the cache is worth its delay:{" "}
        <a href={`${ROUTES.docs.index}/choosing#our-session-vs-better-auths`}>our session vs Better Auth&apos;s</a>.
      </p>
      <ul className="links">
        <li><Link href={BETTER_AUTH_ROUTES.login}>Sign in</Link></li>
        <li><Link href={BETTER_AUTH_ROUTES.dashboard}>Dashboard</Link></li>
        <li><Link href={BETTER_AUTH_ROUTES.admin}>Admin (admins only)</Link></li>
      </ul>
    </section>
  );
}
