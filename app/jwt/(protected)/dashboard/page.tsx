import type { Metadata } from "next";
import { headers } from "next/headers";
import { requireJwtUser } from "@/app/jwt/gate";
import { JwtDashboardView } from "../../jwt-dashboard-view";

export const metadata: Metadata = { title: "JWT dashboard" };

export default async function JwtDashboard() {
  const auth = await requireJwtUser();
  return <JwtDashboardView auth={auth} requestHeaders={await headers()} />;
}
