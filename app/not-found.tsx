import { ROUTES } from "@/app/routes";
import Link from "next/link";

export default function NotFound() {
  return (
    <div className="card">
      <h1>404 — no such page</h1>
      <p>Back to the <Link href={ROUTES.home}>overview</Link>.</p>
    </div>
  );
}
