import { headers } from "next/headers";
import { requireJwtUser } from "@/app/jwt/gate";
import { JwtDashboardView } from "../../jwt-dashboard-view";

export default async function JwtDashboard() {
  const auth = await requireJwtUser();
  return <JwtDashboardView auth={auth} requestHeaders={await headers()} />;
}
