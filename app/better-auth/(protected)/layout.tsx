import { requireBetterAuthUser } from "@/app/better-auth/gate";

/** Second gate for /better-auth/(protected): Better Auth's getSession on Node.js. */
export default async function BetterAuthProtectedLayout({ children }: { children: React.ReactNode }) {
  await requireBetterAuthUser();
  return children;
}
