/** What each lane's sign-in costs in bytes: the cookies the browser sends, and what a session keeps in Redis. */
import { Redis as IORedis } from "ioredis";
import { sessionIdFromToken, sessionKey } from "../lib/session";
import type { CookieFigure } from "./results";
import type { SignedIn } from "./request-scenarios";

export async function cookieBytes(signedIn: SignedIn, redisUrl: string): Promise<CookieFigure[]> {
  const { plainJwt, fullJwt, authjs, sessionEdge } = signedIn;
  const bytes = (text: string) => Buffer.byteLength(text);
  const sessionEdgeKey = sessionKey(await sessionIdFromToken(sessionEdge.slice(sessionEdge.indexOf("=") + 1)));
  const direct = new IORedis(redisUrl, { protocol: 2 });
  const serverSessionBytes = Number(await direct.call("MEMORY", "USAGE", sessionEdgeKey)) || null;
  direct.disconnect();
  return [
    { lane: "JWT (plain)", cookies: "__Host-jwt", browserBytes: bytes(plainJwt.jwt), serverBytesPerSession: 0 },
    { lane: "JWT (all revocation checks)", cookies: "__Host-jwt + __Secure-jwt-refresh", browserBytes: fullJwt.all.filter((c) => c.includes("jwt")).reduce((n, c) => n + bytes(c), 0), serverBytesPerSession: null },
    { lane: "Auth.js (JWE)", cookies: "authjs.session-token", browserBytes: bytes(authjs), serverBytesPerSession: 0 },
    { lane: "session", cookies: "__Host-sid", browserBytes: bytes(sessionEdge), serverBytesPerSession: serverSessionBytes },
  ];
}
