import { requireSessionUser } from "@/app/session/gate";

/** Second gate for every page under /session/(protected): the authoritative store lookup. */
export default async function SessionProtectedLayout({ children }: { children: React.ReactNode }) {
  await requireSessionUser();
  return children;
}
