import { firstGate, RUNTIME } from "@/app/first-gate";
import { jwtLane } from "@/app/jwt/lane";
import { sessionLane } from "@/app/session/lane";
import { authjsLane } from "@/app/authjs/lane";
import { betterAuthLane } from "@/app/better-auth/lane";
import { firstGateObserver } from "@/lib/observe/middleware";
import { AUTHJS_SESSION_COOKIE } from "@/lib/authjs/session-cookie";
import { attachRedis } from "@/lib/store";
import { UpstashStore } from "@/lib/store/upstash";

// #region attach-redis-edge
// Redis over REST reaches the Edge runtime too, so the first gate can look sessions up in it.
attachRedis("upstash", ({ url, token }) => UpstashStore.connect(url, token));
// #endregion attach-redis-edge

/**
 * The first gate, on the Edge runtime (app/first-gate.ts), for the four lanes, observed by
 * the demo's telemetry (lib/observe/), which names the Auth.js cookie a refused request sent
 * (the lane clears none itself: Auth.js does). Next.js 16 deprecates `middleware.ts` in favour of
 * `proxy.ts`, but `proxy.ts` runs only on Node.js, and verifying tokens at the Edge is part
 * of what this app demonstrates (see README).
 */
export const middleware = firstGate([jwtLane, sessionLane, authjsLane, betterAuthLane], firstGateObserver(RUNTIME, { authjs: AUTHJS_SESSION_COOKIE }));

export const config = {
  // Everything except Next's static assets: identity headers are stripped on every request.
  // (/bench/* is left out on purpose, the benchmark's unguarded baseline and its counters,
  // except /bench/passthrough: the same page through middleware's common path, no guard.)
  matcher: ["/((?!_next/static|_next/image|favicon.ico|bench/).*)", "/bench/passthrough"],
};
