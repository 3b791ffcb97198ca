import type { Metadata } from "next";
import { ForbiddenNotice } from "../ui/forbidden-notice";

export const metadata: Metadata = { title: "Admins only" };

/** Middleware rewrites refused admin requests here, with status 403. */
export default function NotAllowed() {
  return <ForbiddenNotice />;
}
