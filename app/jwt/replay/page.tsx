import type { Metadata } from "next";
import { JWT_ROUTES } from "@/app/jwt/routes";
import Link from "next/link";
import { ReplayConsole } from "@/app/ui/replay-panel";
import { REVOCATION_CHECK_LABELS } from "@/app/jwt/check-labels";
import { REVOCATION_CHECKS, jwtConfig } from "@/lib/jwt";
import { formatSeconds } from "@/app/ui/duration";

export const metadata: Metadata = { title: "Replay a stolen JWT" };

export default function JwtReplay() {
  const shortAccessTtl = formatSeconds(jwtConfig().shortAccessTokenTtlSeconds);
  return (
    <section className="card jwt">
      <h1>Replay a stolen JWT</h1>
      <p>
        A JWT is checked with the signing key alone. Signing out clears your cookie, but a copy taken before
        stays valid until its <code>exp</code>, unless the token was issued with a revocation check that
        consults the store:
      </p>
      <ul>
        {REVOCATION_CHECKS.map((check) => (
          <li key={check}>
            <strong>{REVOCATION_CHECK_LABELS[check]}</strong>
            {check === "jti" && ": sign-out puts the token's jti on a denylist, so the copy is refused at once."}
            {check === "ver" && ": “sign out everywhere” (or a role change) bumps your token version; older tokens are refused."}
            {check === "refresh" && `: the access token lives ${shortAccessTtl}, and sign-out revokes the refresh token, so a copy dies soon.`}
          </li>
        ))}
      </ul>
      <p>Choose the checks on the <Link href={JWT_ROUTES.login}>login page</Link>; untick them all for the plain JWT.</p>
      <ReplayConsole lane="jwt" dashboard={JWT_ROUTES.dashboard} />
    </section>
  );
}
