import type { Metadata } from "next";
import { headers } from "next/headers";
import { requireJwtUser } from "@/app/jwt/gate";
import { dashboardTimeline } from "@/app/ui/timeline-steps";
import { cookieBytes } from "@/lib/cookies";
import { JWT_COOKIE } from "@/lib/jwt";
import { JwtDashboardView } from "../../jwt-dashboard-view";
import { familyViewOf } from "../../refresh-demo";

export const metadata: Metadata = { title: "JWT dashboard" };

export default async function JwtDashboard() {
  const auth = await requireJwtUser();
  const requestHeaders = await headers();
  const timeline = dashboardTimeline({
    headers: requestHeaders,
    cookie: { name: JWT_COOKIE, bytes: cookieBytes(JWT_COOKIE, auth.token) },
    gate: "requireJwtUser()",
  });
  // With a refresh token: its family, drawn (one more read of the record the check just read).
  const refreshFamily = auth.claims.rev?.includes("refresh") && auth.claims.fam ? await familyViewOf(auth.claims.fam) : undefined;
  return <JwtDashboardView auth={auth} requestHeaders={requestHeaders} timeline={timeline} refreshFamily={refreshFamily} />;
}
