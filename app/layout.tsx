import type { Metadata } from "next";
import Link from "next/link";
import "./globals.css";

export const metadata: Metadata = {
  title: "jwt-vs-session",
  description: "Stateless JWTs and server-side sessions in Next.js, side by side.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="site">
          <strong>jwt-vs-session</strong>
          <Link href="/">Overview</Link>
          <Link href="/jwt">JWT area</Link>
          <Link href="/session">Session area</Link>
          <Link href="/authjs">Auth.js area</Link>
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
