import { findStoredUser, lastRoleChange, listUsers } from "@/lib/users";
import type { Role } from "@/lib/validation";
import { getStore } from "@/lib/store";
import { currentPath } from "./request-path";
import { getJwtAuth } from "./jwt/gate";
import { JWT_ROUTES } from "./jwt/routes";
import { getSessionAuth } from "./session/gate";
import { SESSION_ROUTES } from "./session/routes";
import { getAuthjsSession } from "./authjs/gate";
import { AUTHJS_ROUTES } from "./authjs/routes";
import { getBetterAuthSession } from "./better-auth/gate";
import { BETTER_AUTH_ROUTES } from "./better-auth/routes";
import { cookies } from "next/headers";
import { BETTER_AUTH_CACHE_COOKIE } from "@/lib/better-auth/config";
import { cookieCacheExpiresAt } from "@/lib/better-auth/cookie-cache";
import { secondsUntil } from "@/lib/time";
import { ForbiddenNotice, type ForbiddenAdvice } from "./ui/forbidden-notice";
import { RefreshedOnTheWay } from "./jwt/refreshed-note";

/**
 * Who the refusing page's own gate saw (its cached check: no second verification), and the
 * role their credential carries. Only on the pages that call forbidden(), the admin pages:
 * Next.js renders this file's component along with every page below it, shown or not, and a
 * dashboard must not pay its store reads (the benchmark counts them: none for a plain JWT).
 */
interface RefusedUser {
  user: string;
  credentialRole: Role;
  loginPath: string;
  /** When this credential's sign-in was (epoch ms), if it says: only a role change since is news. */
  signedInAtMs: number | null;
  /** Better Auth with its cookie cache: the seconds until this browser's cached copy expires. */
  cacheSecondsLeft?: number;
  /** The JWT lane: the verified token's jti, which a transparent refresh on the way here names in the fragment. */
  jwtId?: string;
}

async function refusedUser(path: string): Promise<RefusedUser | null> {
  const pathname = path.split(/[?#]/)[0];
  if (pathname === JWT_ROUTES.admin) {
    const auth = await getJwtAuth();
    if (!auth.ok) return null;
    // Whole seconds: a change in the sign-in's own second counts as before it (no note rather than a wrong one).
    const signedInAtMs = (auth.claims.auth_time ?? auth.claims.iat) * 1000 + 999;
    return { user: auth.user.id, credentialRole: auth.user.role, loginPath: JWT_ROUTES.login, signedInAtMs, jwtId: auth.claims.jti };
  }
  if (pathname === SESSION_ROUTES.admin) {
    const auth = await getSessionAuth();
    return auth.ok ? { user: auth.user.id, credentialRole: auth.user.role, loginPath: SESSION_ROUTES.login, signedInAtMs: auth.record.createdAt } : null;
  }
  if (pathname === AUTHJS_ROUTES.admin) {
    const session = await getAuthjsSession();
    return session?.user ? { user: session.user.id, credentialRole: session.user.role, loginPath: AUTHJS_ROUTES.login, signedInAtMs: session.authTime ?? null } : null;
  }
  if (pathname === BETTER_AUTH_ROUTES.admin) {
    // The page's own getSession, cached for this render: no second store read.
    const session = await getBetterAuthSession();
    if (!session) return null;
    // With the cookie cache on, the role the page saw may be the cache's copy.
    const cache = (await cookies()).get(BETTER_AUTH_CACHE_COOKIE)?.value;
    const expiresAt = cache ? cookieCacheExpiresAt(cache) : null;
    return { user: session.user.id, credentialRole: session.user.role, loginPath: BETTER_AUTH_ROUTES.login, signedInAtMs: session.session.createdAt.getTime(), ...(expiresAt ? { cacheSecondsLeft: Math.max(0, secondsUntil(expiresAt)) } : {}) };
  }
  return null;
}

/**
 * The user's role now, from one read of their last role change (else the directory's). A role
 * change since this sign-in is a state change: the page says it first, and when (an admin page
 * made it). One from before the sign-in is old news (as on the dashboards): not said. With
 * no sign-in time to compare (a credential older than that field), it is said.
 */
async function roleNow(user: string, credentialRole: Role, signedInAtMs: number | null): Promise<{ currentRole: Role; changed?: { role: Role; sinceMs: number; nowMs: number } }> {
  const change = await lastRoleChange(getStore(), user);
  if (!change) return { currentRole: findStoredUser(user)?.role ?? credentialRole };
  const news = signedInAtMs === null || change.since > signedInAtMs;
  return { currentRole: change.role, ...(news && { changed: { role: change.role, sinceMs: change.since, nowMs: Date.now() } }) };
}

/**
 * Rendered with HTTP 403 by forbidden() (experimental.authInterrupts in next.config.ts), with
 * advice that works: a user whose role was raised after their credential was signed (a plain
 * JWT keeps its role, and so does Better Auth's cookie cache until it expires) only needs to sign in
 * again; anyone else needs an admin account.
 */
export default async function Forbidden() {
  const path = await currentPath("/");
  const refused = await refusedUser(path);
  let advice: ForbiddenAdvice | null = null;
  if (refused) {
    const { user, credentialRole, signedInAtMs } = refused;
    const loginPath = `${refused.loginPath}?${new URLSearchParams({ next: path })}`;
    const { currentRole, changed } = await roleNow(user, credentialRole, signedInAtMs);
    advice = currentRole === "admin"
      ? { kind: "stale", user, credentialRole, currentRole, loginPath, cacheSecondsLeft: refused.cacheSecondsLeft, changed }
      : { kind: "not-admin", user, role: currentRole, admins: (await listUsers()).filter((u) => u.role === "admin").map((u) => u.id), loginPath, changed };
  }
  // A refresh on the way here (an expired token, then the refresh route) is said here too, and its fragment leaves the address bar.
  return <ForbiddenNotice advice={advice}>{refused?.jwtId && <RefreshedOnTheWay jti={refused.jwtId} />}</ForbiddenNotice>;
}
