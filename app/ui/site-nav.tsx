"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { ROUTES } from "@/app/routes";
import { JWT_ROUTES } from "@/app/jwt/routes";
import { SESSION_ROUTES } from "@/app/session/routes";
import { AUTHJS_ROUTES } from "@/app/authjs/routes";
import { BETTER_AUTH_ROUTES } from "@/app/better-auth/routes";

const LINKS = [
  { href: ROUTES.home, label: "Overview" },
  { href: JWT_ROUTES.overview, label: "JWT" },
  { href: SESSION_ROUTES.overview, label: "Session" },
  { href: AUTHJS_ROUTES.overview, label: "Auth.js" },
  { href: BETTER_AUTH_ROUTES.overview, label: "Better Auth" },
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
