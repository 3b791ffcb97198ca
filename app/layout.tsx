import { ROUTES } from "@/app/routes";
import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import "./globals.css";

export const metadata: Metadata = {
  title: "jwt-vs-session",
  description: "Stateless JWTs and server-side sessions in Next.js, side by side.",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page is rendered per request: each needs the request's CSP nonce on its scripts
  // (a prerendered page would carry none, and the policy would block its scripts).
  await connection();
  return (
    <html lang="en">
      <body>
        <header className="site">
          <strong>jwt-vs-session</strong>
          <Link href={ROUTES.home}>Overview</Link>
          <Link href={ROUTES.jwt.area}>JWT area</Link>
          <Link href={ROUTES.session.area}>Session area</Link>
          <Link href={ROUTES.authjs.area}>Auth.js area</Link>
          <Link href={ROUTES.compare}>Compare</Link>
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
