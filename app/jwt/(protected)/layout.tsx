import { requireJwtUser } from "@/app/jwt/gate";

/** Second gate for every page under /jwt/(protected): verify the token again, here on Node. */
export default async function JwtProtectedLayout({ children }: { children: React.ReactNode }) {
  await requireJwtUser();
  return children;
}
