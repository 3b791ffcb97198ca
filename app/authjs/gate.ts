import "server-only";
import { tracingChannel } from "node:diagnostics_channel";
import { cache } from "react";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import type { Session } from "next-auth";
import { auth, handlers } from "@/auth";
import { signInTooOld } from "@/auth.config";
import { decryptAuthjsCookie, findAuthjsCookie } from "@/lib/authjs/cookie";
import { AUTHJS_SESSION_COOKIE, ambiguousAuthjsCookieNames, carriesAuthjsSessionCookie } from "@/lib/authjs/session-cookie";
import { StoreUnavailableError, getStore } from "@/lib/store";
import { currentTokenVersion, isTokenVersionCurrent } from "@/lib/token-version";
import { findStoredUser, lastRoleChange } from "@/lib/users";
import { logAuthEvent } from "@/lib/log";
import { currentPath } from "../request-path";
import { loginUrl } from "../lane";
import { AUTHJS_ROUTES } from "./routes";

/**
 * The /authjs lane's second gate: Auth.js's own `auth()` (which decrypts the cookie and runs
 * the callbacks in auth.config.ts), asked again next to the data.
 */

// Announced on a diagnostics channel (node:diagnostics_channel): free unless something
// listens; the demo's request timeline does.
const gateChannel = tracingChannel("auth:gate");

/**
 * Auth.js joins every cookie whose name starts with its session cookie's name. Middleware
 * removes stray and ambiguous ones before Auth.js reads them; if it did not run, a request
 * carrying one gets no Auth.js session at all (refused, never spliced together).
 */
export const getAuthjsSession = cache(async (): Promise<Session | null> => {
  const ambiguous = ambiguousAuthjsCookieNames((await headers()).get("cookie"));
  if (ambiguous.length > 0) {
    logAuthEvent("auth.ambiguous-cookie", { cookie: ambiguous.join(",") });
    return null;
  }
  return gateChannel.tracePromise(() => auth(), {});
});

// #region require-authjs-user
/** For layouts and pages of /authjs: the Auth.js session (callbacks already ran), or login. */
export async function requireAuthjsUser(): Promise<Session> {
  const session = await getAuthjsSession();
  if (session?.storeUnavailable) throw new StoreUnavailableError("page render", "store did not answer");
  if (!session?.user) redirect(loginUrl(AUTHJS_ROUTES.login, await currentPath(AUTHJS_ROUTES.dashboard), await whyRefused(), "page"));
  return session;
}

/**
 * Why auth() gave no session, for the login page and its picture. Auth.js's callbacks return
 * null without a reason, so on this refusal path only the cookie is opened again: no cookie
 * at all; "expired" (past the absolute cap); "role-changed" or "stale-version" (a role change,
 * or else "sign out everywhere", since the sign-in); else "invalid", which says all of it (what
 * middleware says too when, on Redis over REST, it refuses such a cookie itself).
 */
export type AuthjsRefusal = "invalid" | "expired" | "role-changed" | "stale-version";

async function whyRefused(): Promise<AuthjsRefusal | undefined> {
  if (!carriesAuthjsSessionCookie((await headers()).get("cookie"))) return undefined;
  const cookie = findAuthjsCookie(await cookies());
  const token = cookie ? await decryptAuthjsCookie(cookie) : null;
  if (!token?.id) return "invalid";
  if (signInTooOld(token)) return "expired";
  try {
    if (!findStoredUser(token.id)) return "invalid"; // ids are usernames
    const [version, change] = await Promise.all([currentTokenVersion(getStore(), token.id), lastRoleChange(getStore(), token.id)]);
    if (isTokenVersionCurrent(token.ver ?? 0, version)) return "invalid";
    // Only a role change and "sign out everywhere" raise the version: which one came after the
    // sign-in? Its time, not the cookie's `iat`: each page load re-issues the cookie (middleware
    // cannot see the memory store), so a refused cookie's `iat` may be later than the change.
    return (change?.since ?? 0) > (token.authTime ?? 0) ? "role-changed" : "stale-version";
  } catch (error) {
    if (StoreUnavailableError.is(error)) return "invalid"; // only the words on the login page are at stake
    throw error;
  }
}
// #endregion require-authjs-user

/**
 * A copied Auth.js cookie, checked by Auth.js itself: its own session endpoint decrypts it and
 * runs the callbacks (token version, absolute cap), exactly as for the browser it came from.
 * For the replay demo; null when Auth.js does not accept it.
 */
export async function authenticateAuthjsCookie(value: string, origin: string): Promise<Session | null> {
  const request = new Request(new URL("/api/auth/session", origin), { headers: { cookie: `${AUTHJS_SESSION_COOKIE}=${value}` } });
  const response = await handlers.GET(request as Parameters<typeof handlers.GET>[0]);
  const session = (await response.json().catch(() => null)) as Session | null;
  return session?.user ? session : null;
}
