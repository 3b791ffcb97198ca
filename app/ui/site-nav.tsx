"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { ROUTES } from "@/app/routes";

const LINKS = [
  { href: ROUTES.home, label: "Overview" },
  { href: ROUTES.jwt.overview, label: "JWT" },
  { href: ROUTES.session.overview, label: "Session" },
  { href: ROUTES.authjs.overview, label: "Auth.js" },
  { href: ROUTES.compare, label: "Compare" },
  { href: ROUTES.docs.index, label: "Docs" },
] as const;

/** The site's navigation: the current section is marked for screen readers (aria-current) and by sight. */
export function SiteNav() {
  const pathname = usePathname();
  const current = (href: string) => (href === ROUTES.home ? pathname === href : pathname === href || pathname.startsWith(`${href}/`));
  return (
    <nav className="site-nav" aria-label="Main">
      <ul>
        {LINKS.map(({ href, label }) => (
          <li key={href}>
            <Link href={href} aria-current={current(href) ? "page" : undefined}>{label}</Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
