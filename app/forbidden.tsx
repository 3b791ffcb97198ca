import { findUserById, listUsers } from "@/lib/users";
import { currentPath } from "./request-path";
import { getJwtAuth } from "./jwt/gate";
import { JWT_ROUTES } from "./jwt/routes";
import { getSessionAuth } from "./session/gate";
import { SESSION_ROUTES } from "./session/routes";
import { getAuthjsSession } from "./authjs/gate";
import { AUTHJS_ROUTES } from "./authjs/routes";
import { ForbiddenNotice, type ForbiddenAdvice } from "./ui/forbidden-notice";

/**
 * Who the refusing page's own gate saw (its cached check: no second verification), and the
 * role their credential carries. Only on the pages that call forbidden(), the admin pages:
 * Next.js renders this file's component along with every page below it, shown or not, and a
 * dashboard must not pay its store reads (the benchmark counts them: none for a plain JWT).
 */
async function refusedUser(path: string): Promise<{ user: string; credentialRole: string; loginPath: string } | null> {
  const pathname = path.split(/[?#]/)[0];
  if (pathname === JWT_ROUTES.admin) {
    const auth = await getJwtAuth();
    return auth.ok ? { user: auth.user.id, credentialRole: auth.user.role, loginPath: JWT_ROUTES.login } : null;
  }
  if (pathname === SESSION_ROUTES.admin) {
    const auth = await getSessionAuth();
    return auth.ok ? { user: auth.user.id, credentialRole: auth.user.role, loginPath: SESSION_ROUTES.login } : null;
  }
  if (pathname === AUTHJS_ROUTES.admin) {
    const user = (await getAuthjsSession())?.user;
    return user ? { user: user.id, credentialRole: user.role, loginPath: AUTHJS_ROUTES.login } : null;
  }
  return null;
}

/**
 * Rendered with HTTP 403 by forbidden() (experimental.authInterrupts in next.config.ts), with
 * advice that works: a user whose role was raised after their credential was signed (a plain
 * JWT keeps its role) only needs to sign in again; anyone else needs an admin account.
 */
export default async function Forbidden() {
  const path = await currentPath("/");
  const refused = await refusedUser(path);
  let advice: ForbiddenAdvice | null = null;
  if (refused) {
    const { user, credentialRole } = refused;
    const loginPath = `${refused.loginPath}?${new URLSearchParams({ next: path })}`;
    const currentRole = (await findUserById(user))?.role ?? credentialRole;
    advice = currentRole === "admin"
      ? { kind: "stale", user, credentialRole, currentRole, loginPath }
      : { kind: "not-admin", user, role: currentRole, admins: (await listUsers()).filter((u) => u.role === "admin").map((u) => u.id), loginPath };
  }
  return <ForbiddenNotice advice={advice} />;
}
