/** What each lane's sign-in costs in bytes: the cookies the browser sends, and what a session keeps in Redis. */
import { Redis as IORedis } from "ioredis";
import { sessionIdFromToken, sessionKey } from "../lib/session";
import { BETTER_AUTH_BENCH } from "../app/compare/facts";
import { BETTER_AUTH_CACHE_ON } from "./logins";
import type { CookieFigure } from "./results";
import type { SignedIn } from "./request-scenarios";

export async function cookieBytes(signedIn: SignedIn, redisUrl: string): Promise<CookieFigure[]> {
  const { plainJwt, fullJwt, authjs, sessionEdge, betterAuth, betterAuthCached } = signedIn;
  const bytes = (text: string) => Buffer.byteLength(text);
  const sessionEdgeKey = sessionKey(await sessionIdFromToken(sessionEdge.slice(sessionEdge.indexOf("=") + 1)));
  const direct = new IORedis(redisUrl, { protocol: 2 });
  const serverSessionBytes = Number(await direct.call("MEMORY", "USAGE", sessionEdgeKey)) || null;
  direct.disconnect();
  // Better Auth keeps its sessions in its own memory adapter here, not in Redis.
  const inItsOwnStore = { serverBytesPerSession: null, serverNotMeasured: "Better Auth's own memory adapter, not Redis" };
  return [
    { lane: "JWT (plain)", cookies: "__Host-jwt", browserBytes: bytes(plainJwt.jwt), serverBytesPerSession: 0 },
    { lane: "JWT (all revocation checks)", cookies: "__Host-jwt + __Secure-jwt-refresh", browserBytes: fullJwt.all.filter((c) => c.includes("jwt")).reduce((n, c) => n + bytes(c), 0), serverBytesPerSession: null, serverNotMeasured: "refresh record + family" },
    { lane: "Auth.js (JWE)", cookies: "authjs.session-token", browserBytes: bytes(authjs), serverBytesPerSession: 0 },
    { lane: "session", cookies: "__Host-sid", browserBytes: bytes(sessionEdge), serverBytesPerSession: serverSessionBytes },
    { lane: BETTER_AUTH_BENCH.cookies, cookies: "__Host-better-auth.session_token", browserBytes: bytes(betterAuth), ...inItsOwnStore },
    {
      lane: BETTER_AUTH_BENCH.cookiesWithCache,
      cookies: "__Host-better-auth.session_token + __Host-better-auth.session_data",
      // What /compare counts for a browser: the session cookie and the cache cookie, not the demo's switch.
      browserBytes: betterAuthCached.split("; ").filter((pair) => pair !== BETTER_AUTH_CACHE_ON).reduce((n, pair) => n + bytes(pair), 0),
      ...inItsOwnStore,
    },
  ];
}
