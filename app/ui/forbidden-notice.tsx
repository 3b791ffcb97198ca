import { ROUTES } from "@/app/routes";
import Link from "next/link";

export function ForbiddenNotice() {
  return (
    <div className="card">
      <h1>403 — not allowed</h1>
      <p>You are signed in, but this page is for the <strong>admin</strong> role only.</p>
      <p>Sign in as <code>alice</code> to see it, or go back to the <Link href={ROUTES.home}>overview</Link>.</p>
    </div>
  );
}
