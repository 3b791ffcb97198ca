import type { Metadata } from "next";
import { JWT_ROUTES } from "@/app/jwt/routes";
import Link from "next/link";

export const metadata: Metadata = { title: "JWT" };

export default function JwtOverview() {
  return (
    <section className="card jwt">
      <h1>JWT lane</h1>
      <p>
        Signing in here puts a signed JWT (HS256, made with <code>jose</code> in <code>lib/jwt.ts</code>) in an
        HttpOnly cookie. <code>middleware.ts</code> verifies it on the Edge runtime before any page runs, and
        every protected page verifies it again through <code>requireJwtUser()</code>. A plain JWT needs nothing
        stored on the server; the revocation checks the login offers (a denylist, a token version, a refresh
        family) each keep a little in the store (the login says what).
      </p>
      <ul className="links">
        <li><Link href={JWT_ROUTES.login}>Sign in</Link></li>
        {/* Plain links (see middleware.ts): with an expired access token, a prefetch or a client-side navigation would spend the refresh token unasked, or twice. */}
        <li><a href={JWT_ROUTES.dashboard}>Dashboard</a></li>
        <li><a href={JWT_ROUTES.admin}>Admin (admins only)</a></li>
      </ul>
    </section>
  );
}
