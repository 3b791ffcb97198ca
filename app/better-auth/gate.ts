import "server-only";
import { tracingChannel } from "node:diagnostics_channel";
import { cache } from "react";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { betterAuthWith, endedFromDeviceList, type BetterAuth } from "@/lib/better-auth/auth";
import { StoreUnavailableError } from "@/lib/store";
import { credentialCookieValue } from "@/lib/cookies";
import { BETTER_AUTH_SESSION_COOKIE, cookieCacheChoiceIn, type CookieCacheSeconds } from "@/lib/better-auth/config";
import { askBetterAuth, failedToGetSession, storeOutageIn } from "@/lib/better-auth/errors";
import { roleSchema, type Role } from "@/lib/validation";
import { currentPath } from "../request-path";
import { loginUrl } from "../lane";
import { BETTER_AUTH_ROUTES } from "./routes";

/**
 * The /better-auth lane's second gate: Better Auth's own `auth.api.getSession`, asked again next
 * to the data on every protected page, route and action. With the cookie cache on, it answers
 * from the signed cookie while that is young enough, without reading the store.
 */

/** What a Better Auth session tells a page, typed (Better Auth types extra user fields loosely). */
export interface BetterAuthSession {
  user: { id: string; role: Role; name: string; username: string };
  session: { id: string; token: string; createdAt: Date; expiresAt: Date; userAgent: string | null; ipAddress: string | null };
}

type RawSession = NonNullable<Awaited<ReturnType<BetterAuth["api"]["getSession"]>>>;

function typed(raw: RawSession): BetterAuthSession {
  const user = raw.user as RawSession["user"] & { role?: unknown; username?: unknown };
  return {
    // A role Better Auth did not store as one of ours grants nothing.
    user: { id: user.id, role: roleSchema.catch("user").parse(user.role), name: user.name, username: String(user.username ?? user.id) },
    session: {
      id: raw.session.id,
      token: raw.session.token,
      createdAt: new Date(raw.session.createdAt),
      expiresAt: new Date(raw.session.expiresAt),
      userAgent: raw.session.userAgent ?? null,
      ipAddress: raw.session.ipAddress ?? null,
    },
  };
}

/** The cookie cache this browser chose on the dashboard (a demo switch: off unless chosen). */
export async function cookieCacheChoice(): Promise<CookieCacheSeconds> {
  return cookieCacheChoiceIn(await cookies());
}

/** Better Auth, with this browser's cookie cache choice. */
export async function betterAuthHere(): Promise<BetterAuth> {
  return betterAuthWith(await cookieCacheChoice());
}

// #region better-auth-get-session
/**
 * The session for these request headers, or null. A store outage throws StoreUnavailableError
 * (a 503 or the error page, never "signed out"). `fromStore`: skip the cookie cache (before a
 * change is made on the session's authority, a revoked session must not act on its cached copy);
 * `readOnly`: no sliding of the expiry (checking a copied credential changes nothing). A cookie
 * cache Better Auth cannot read is ignored: the session is read from the store instead.
 */
export async function authenticateBetterAuth(auth: BetterAuth, requestHeaders: Headers, { fromStore = false, readOnly = false } = {}): Promise<BetterAuthSession | null> {
  try {
    const raw = await askBetterAuth(() => auth.api.getSession({ headers: requestHeaders, query: { disableCookieCache: fromStore, disableRefresh: readOnly } }));
    return raw ? typed(raw) : null;
  } catch (error) {
    if (!fromStore && failedToGetSession(error)) return authenticateBetterAuth(auth, requestHeaders, { fromStore: true, readOnly });
    throw storeOutageIn(error) ?? error;
  }
}
// #endregion better-auth-get-session

// Announced on a diagnostics channel (node:diagnostics_channel): free unless something
// listens; the demo's request timeline does.
const gateChannel = tracingChannel("auth:gate");

// React `cache`: a layout and its page checking in the same render cost one lookup.
export const getBetterAuthSession = cache(async (): Promise<BetterAuthSession | null> => {
  const [auth, requestHeaders] = await Promise.all([betterAuthHere(), headers()]);
  return gateChannel.tracePromise(() => authenticateBetterAuth(auth, requestHeaders), {});
});

/**
 * For server actions, which are public endpoints: the caller's session read from the store
 * (not the cookie cache), so a session revoked a moment ago cannot act.
 */
export async function liveBetterAuthSession(): Promise<{ auth: BetterAuth; session: BetterAuthSession | null; requestHeaders: Headers }> {
  const [auth, requestHeaders] = await Promise.all([betterAuthHere(), headers()]);
  return { auth, session: await authenticateBetterAuth(auth, requestHeaders, { fromStore: true }), requestHeaders };
}

// #region require-better-auth-user
/** For layouts and pages of /better-auth: the Better Auth session, or login. */
export async function requireBetterAuthUser(): Promise<BetterAuthSession> {
  const session = await getBetterAuthSession();
  if (session) return session;
  const sent = credentialCookieValue(await headers(), BETTER_AUTH_SESSION_COOKIE);
  redirect(loginUrl(BETTER_AUTH_ROUTES.login, await currentPath(BETTER_AUTH_ROUTES.dashboard), sent === undefined ? undefined : await whyNoSession(sent), "page"));
}

/**
 * A session cookie came, and Better Auth found no live session behind it: "revoked" when its
 * owner signed it out from another device's list, else "invalid" (signed out, expired, or not
 * one Better Auth signed). On this refusal path only, one store read.
 */
async function whyNoSession(cookieValue: string): Promise<"revoked" | "invalid"> {
  try {
    return (await endedFromDeviceList(cookieValue)) ? "revoked" : "invalid";
  } catch (error) {
    if (StoreUnavailableError.is(error)) return "invalid"; // only the words on the login page are at stake
    throw error;
  }
}
// #endregion require-better-auth-user
