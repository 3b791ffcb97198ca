import type { Metadata } from "next";
import { headers } from "next/headers";
import { requireJwtUser } from "@/app/jwt/gate";
import { dashboardTimeline } from "@/app/ui/timeline-steps";
import { cookieBytes } from "@/lib/cookies";
import { JWT_COOKIE, type AccessTokenClaims } from "@/lib/jwt";
import { readRefreshFamily } from "@/lib/jwt/refresh";
import { getStore } from "@/lib/store";
import { lastRoleChange } from "@/lib/users";
import { JwtDashboardView } from "../../jwt-dashboard-view";
import { familyView } from "../../refresh-family-view";
import type { RoleCaughtUp } from "../../stale-role";

export const metadata: Metadata = { title: "JWT dashboard" };

/**
 * Whether this token is the one a refresh signed with a new role: the sign-in (its refresh
 * family) began before the role change, and this token is the first signed since (issued
 * within one token lifetime of the change). With the token-version check, the token it
 * replaced was refused as stale; without it, the refresh was simply the next one due.
 */
function roleCaughtUp(claims: AccessTokenClaims, familyCreatedAt: number | undefined, change: { role: string; since: number } | null): RoleCaughtUp | undefined {
  if (!change || familyCreatedAt === undefined || change.role !== claims.role || familyCreatedAt >= change.since) return undefined;
  const issuedAtMs = claims.iat * 1000; // whole seconds: a refresh in the change's own second reads up to 1 s early
  const lifetimeMs = (claims.exp - claims.iat) * 1000;
  if (issuedAtMs + 1000 <= change.since || issuedAtMs >= change.since + lifetimeMs) return undefined;
  return { role: claims.role, sinceMs: change.since, refusedAsStale: claims.rev?.includes("ver") ?? false };
}

export default async function JwtDashboard() {
  const auth = await requireJwtUser();
  const requestHeaders = await headers();
  const timeline = dashboardTimeline({
    headers: requestHeaders,
    cookie: { name: JWT_COOKIE, bytes: cookieBytes(JWT_COOKIE, auth.token) },
    gate: "requireJwtUser()",
  });
  // With a refresh token: its family, drawn (one more read of the record the check just read),
  // and whether the last refresh brought a new role (the user's last role change, one read).
  const family = auth.claims.rev?.includes("refresh") && auth.claims.fam ? await readRefreshFamily(getStore(), auth.claims.fam) : undefined;
  const refreshFamily = family === undefined ? undefined : familyView(family);
  const caughtUp = family && "live" in family ? roleCaughtUp(auth.claims, family.live.createdAt, await lastRoleChange(getStore(), auth.user.id)) : undefined;
  return <JwtDashboardView auth={auth} requestHeaders={requestHeaders} timeline={timeline} refreshFamily={refreshFamily} roleCaughtUp={caughtUp} />;
}
