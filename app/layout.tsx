import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { ROUTES } from "@/app/routes";
import { SiteNav } from "@/app/ui/site-nav";
import { OpenLinkedFold } from "@/app/ui/open-linked-fold";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "jwt-vs-session", template: "%s · jwt-vs-session" },
  description: "Stateless JWTs and server-side sessions in Next.js, side by side.",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page is rendered per request: each needs the request's CSP nonce on its scripts
  // (a prerendered page would carry none, and the policy would block its scripts).
  await connection();
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">Skip to content</a>
        <header className="site">
          <Link href={ROUTES.home} className="brand">jwt-vs-session</Link>
          <SiteNav />
        </header>
        <main id="main" tabIndex={-1}>{children}</main>
        <OpenLinkedFold containerId="main" />
      </body>
    </html>
  );
}
