import "server-only";
import { cookies } from "next/headers";
import type { AccessTokenClaims } from "@/lib/jwt";
import { issueAccessToken, setAccessCookie } from "@/lib/jwt/issue";
import { defaultRefreshDeps } from "@/lib/jwt/refresh";
import { markFamilyPasswordChecked } from "@/lib/jwt/step-up";
import { checkRevocation } from "@/lib/jwt/revocation";
import { getStore } from "@/lib/store";
import type { User } from "@/lib/users";

// #region renew-jwt-sign-in
/**
 * After the password was checked again (in a server action): this browser's access token is
 * replaced by one with the same checks and `auth_time` = now, and its refresh family records
 * the time, so refreshes carry it on. The refresh cookie stays as it is; the old access token
 * keeps its old `auth_time` (a stale sign-in) until it expires.
 */
export async function renewJwtSignIn(user: User, claims: AccessTokenClaims): Promise<void> {
  if (claims.cnf) return; // a key-bound token is never re-issued as a cookie (its client refreshes with a proof)
  const checks = claims.rev ?? [];
  const family = checks.includes("refresh") ? claims.fam : undefined;
  const marked = family ? await markFamilyPasswordChecked(defaultRefreshDeps(), family) : null;
  if (family && marked === null) return; // the family ended meanwhile (a sign-out raced this): nothing to renew
  const token = await issueAccessToken(getStore(), user, checks, family, undefined, marked ?? Date.now());
  // A sign-out (denylist) or "sign out everywhere" (token version) that raced the password check
  // must not be undone by the new cookie: the old token is checked again after the new one is made.
  if (!(await checkRevocation(getStore(), claims)).ok) return;
  setAccessCookie({ cookies: await cookies() }, token, checks);
}
// #endregion renew-jwt-sign-in
