import type { NextRequest } from "next/server";
import { SESSION_COOKIE, isWellFormedSessionToken, sessionConfig, validateSessionToken, type SessionFailureReason } from "@/lib/session";
import { sessionDepsWithDevices } from "@/lib/session/devices";
import { storeReachableFromEdge } from "@/lib/store";
import type { Lane, Verdict } from "../lane";
import { SESSION_ROUTES } from "./routes";

/**
 * Whether middleware looks sessions up itself: only when it can (Redis over HTTP is reachable
 * from the Edge; the memory store lives in the Node.js process), and unless
 * SESSION_EDGE_LOOKUP=off (the benchmark compares both; the page always looks it up).
 */
export function sessionLookupAtEdge(): boolean {
  return storeReachableFromEdge() && sessionConfig().edgeLookup;
}

// #region session-guard
async function checkSession(request: NextRequest): Promise<Verdict<SessionFailureReason>> {
  const token = request.cookies.get(SESSION_COOKIE)?.value;
  if (!token) return { ok: false, reason: "missing" };
  if (!isWellFormedSessionToken(token)) return { ok: false, reason: "malformed" };
  // The memory store lives in the Node.js process's heap, which the Edge sandbox cannot
  // see: stay optimistic and let requireSessionUser() decide.
  if (!sessionLookupAtEdge()) return { ok: true, forward: { "x-auth-session-check": "optimistic" } };
  // Redis over HTTP works here: a revoked session stops before any page code runs.
  // Read-only: the page's own lookup does the sliding-expiry write.
  const result = await validateSessionToken(sessionDepsWithDevices(), token, { touch: false });
  if (!result.ok) return { ok: false, reason: result.reason };
  return {
    ok: true,
    forward: { "x-user-id": result.record.userId, "x-user-role": result.record.role, "x-auth-session-check": "store" },
  };
}
// #endregion session-guard

/**
 * /session: the session is looked up here when the store is reachable from the Edge (Redis
 * over HTTP), otherwise only the cookie's shape is checked; pages always do the real lookup.
 */
export const sessionLane: Lane<SessionFailureReason> = {
  name: "session",
  pagePath: SESSION_ROUTES.overview,
  apiPrefix: SESSION_ROUTES.api.prefix,
  loginPath: SESSION_ROUTES.login,
  publicPaths: [SESSION_ROUTES.overview, SESSION_ROUTES.login, SESSION_ROUTES.replay, SESSION_ROUTES.api.login, SESSION_ROUTES.api.logout],
  cookieName: SESSION_COOKIE,
  credentialCookies: [SESSION_COOKIE],
  guard: async (request, respond) => respond(await checkSession(request)),
};
