import { requireAuthjsUser } from "@/app/authjs/gate";

/** Second gate for /authjs/(protected): auth() on Node.js, which also runs the token-version check. */
export default async function AuthjsProtectedLayout({ children }: { children: React.ReactNode }) {
  await requireAuthjsUser();
  return children;
}
