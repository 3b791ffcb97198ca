import "server-only";
import { tracingChannel } from "node:diagnostics_channel";
import { cache } from "react";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { credentialCookieValue } from "@/lib/cookies";
import { SESSION_COOKIE, validateSessionToken, type SessionFailureReason, type SessionRecord } from "@/lib/session";
import { sessionDepsWithDevices } from "@/lib/session/devices";
import { logAuthEvent } from "@/lib/log";
import type { AuthUser } from "@/lib/users";
import { currentPath } from "../request-path";
import { loginUrl } from "../lane";
import { SESSION_ROUTES } from "./routes";

/**
 * The /session lane's second gate. Middleware only does a fast first check (and can be
 * skipped, e.g. by a matcher mistake); every protected page, layout and route handler asks
 * again here, next to the data, and never trusts `x-user-*` request headers.
 */

export type SessionAuth =
  | { ok: true; user: AuthUser; token: string; id: string; record: SessionRecord; ttlSeconds: number; verifiedAtMs: number }
  | { ok: false; reason: SessionFailureReason; token: string | undefined };

/**
 * Validates a session token against the store (route handlers). A store outage throws
 * StoreUnavailableError (a 503, never "signed out").
 */
export async function authenticateSession(token: string | undefined): Promise<SessionAuth> {
  const deps = sessionDepsWithDevices(); // a refusal says who ended the session
  const verifiedAtMs = deps.now();
  const result = await validateSessionToken({ ...deps, now: () => verifiedAtMs }, token);
  if (!result.ok) {
    if (result.reason !== "missing") logAuthEvent("session.rejected", { reason: result.reason });
    return { ok: false, reason: result.reason, token };
  }
  return { ok: true, user: { id: result.record.userId, role: result.record.role }, token: token as string, id: result.id, record: result.record, ttlSeconds: result.ttlSeconds, verifiedAtMs };
}

// Announced on a diagnostics channel (node:diagnostics_channel): free unless something
// listens; the demo's request timeline does.
const gateChannel = tracingChannel("auth:gate");

// React `cache`: a layout and its page checking in the same render cost one lookup. The raw
// Cookie header, not cookies(): a credential cookie sent twice is ambiguous.
export const getSessionAuth = cache(async (): Promise<SessionAuth> => {
  const cookie = credentialCookieValue(await headers(), SESSION_COOKIE);
  return gateChannel.tracePromise(() => authenticateSession(cookie), {});
});

// #region require-session-user
/**
 * For layouts and pages: the user of a live session in the store, or a redirect to login.
 * If the store is down the page fails (error boundary) rather than signing the user out.
 */
export async function requireSessionUser() {
  const auth = await getSessionAuth();
  if (!auth.ok) redirect(loginUrl(SESSION_ROUTES.login, await currentPath(SESSION_ROUTES.dashboard), auth.reason, "page"));
  return auth;
}
// #endregion require-session-user
