/**
 * Every request `npm run bench` loads, and what each is set against. Five `next start`
 * servers: the memory store, Redis over Upstash's REST API with the Edge lookup and without
 * it, Redis over TCP (no Edge lookup: the Edge has no sockets), and the copy whose
 * middleware runs on Node.js (bench/node-runtime.ts). Two fixture pages render the JWT
 * dashboard's content with no guard: /bench/baseline outside middleware, /bench/passthrough
 * inside it. Each guarded scenario is set against its own server's passthrough (what the
 * guard costs), each passthrough against the baseline (what Next's middleware hand-off costs).
 */
import type { StandIn } from "../scripts/lib/upstash-standin";
import { sessionIdFromToken, sessionKey } from "../lib/session";
import { BOB, authjsLoginRequest, betterAuthWithCookieCache, loginAuthjs, loginBetterAuth, loginJwt, loginSession } from "./logins";
import { dpopRequestSides, proofsForRun } from "./dpop";
import { FIXTURE_ROUND_TRIPS, RUN, log } from "./options";
import { runPaired, type PairSide } from "./pairs";
import type { PeerRoute } from "./peer-route";
import { pageAndApi, runLoad, withRatios, type LoadScenario, type Measured } from "./requests";
import type { LoadFigure, PairedFigure, RuntimeFigure } from "./results";
import { STANDIN_TOKEN, startServer } from "./servers";

/** The store calls a server made so far, as it counts them itself (/bench/store-stats); undefined where it does not count. */
async function storeCalls(base: string): Promise<number | undefined> {
  const answer = await fetch(`${base}/bench/store-stats`);
  return answer.ok ? ((await answer.json()) as { roundTrips: number }).roundTrips : undefined;
}

/**
 * What one store round trip costs the app server, per store: /bench/round-trips with
 * FIXTURE_ROUND_TRIPS GETs against the same request with none, on the same server, paired.
 * Checks first, on a server that counts its store calls, that a request makes exactly that many.
 */
async function roundTripPairs(stores: Array<[id: string, label: string, base: string]>): Promise<PairedFigure[]> {
  const side = (id: string, label: string, base: string, n: number): PairSide => ({
    id: n === 0 ? `round-trips-${id}-none` : `round-trips-${id}`,
    label: `${n} store GETs per request (${label})`,
    url: `${base}/bench/round-trips?n=${n}`,
  });
  const pairs: PairedFigure[] = [];
  for (const [id, label, base] of stores) {
    const before = await storeCalls(base);
    const answer = await fetch(side(id, label, base, FIXTURE_ROUND_TRIPS).url);
    const after = await storeCalls(base);
    if (!answer.ok) throw new Error(`the round-trip fixture answered ${answer.status} on ${label}`);
    if (before !== undefined && after !== undefined && after - before !== FIXTURE_ROUND_TRIPS) {
      throw new Error(`the round-trip fixture made ${after - before} store calls on ${label}, not ${FIXTURE_ROUND_TRIPS}`);
    }
    const pair = await runPaired(side(id, label, base, FIXTURE_ROUND_TRIPS), side(id, label, base, 0), "store round trips, the same server with and without them");
    pairs.push({ ...pair, extraRoundTripsPerRequest: FIXTURE_ROUND_TRIPS });
  }
  return pairs;
}

/** The cookies the scenarios were signed in with (their sizes are measured too: bench/cookie-bytes.ts). */
export interface SignedIn {
  plainJwt: Awaited<ReturnType<typeof loginJwt>>;
  fullJwt: Awaited<ReturnType<typeof loginJwt>>;
  authjs: string;
  sessionEdge: string;
  /** Better Auth's session cookie, and the same with its cookie cache on (the switch and the cache cookie). */
  betterAuth: string;
  betterAuthCached: string;
}

export async function measureRequests(nodeCopy: string, standIn: StandIn, redisUrl: string): Promise<{ load: LoadFigure[]; paired: PairedFigure[]; runtimes: RuntimeFigure[]; signedIn: SignedIn }> {
  const redisEnv = { UPSTASH_REDIS_REST_URL: standIn.url, UPSTASH_REDIS_REST_TOKEN: STANDIN_TOKEN };
  const counted = { STORE_ROUND_TRIP_COUNTER: "on" };
  const [memory, edge, nodeOnly, tcp, nodeRuntime] = await Promise.all([
    startServer(counted),
    startServer({ ...redisEnv }),
    startServer({ ...redisEnv, SESSION_EDGE_LOOKUP: "off" }),
    // The same redis-server over TCP, in a database of its own.
    startServer({ ...counted, REDIS_URL: `${redisUrl}/1` }),
    startServer(counted, { cwd: nodeCopy }),
  ]);
  const memoryBase = memory.base;
  /** The app's own count of its store calls (memory, Redis over TCP): each call is one round trip, counted as one command. */
  const memoryCounter = (base: string) => async () => {
    const roundTrips = await storeCalls(base);
    if (roundTrips === undefined) throw new Error(`${base} counts no store calls: start it with STORE_ROUND_TRIP_COUNTER=on`);
    return { roundTrips, commands: roundTrips };
  };
  const redisCounter = async () => ({ roundTrips: standIn.requests(), commands: standIn.commands(), gets: standIn.commandsByName().GET ?? 0 });
  /** A session signed in just before the counting pass, counted by its own key. */
  const ownSession = (base: string) => async () => {
    const cookie = await loginSession(base);
    const traffic = standIn.watch(sessionKey(await sessionIdFromToken(cookie.slice(cookie.indexOf("=") + 1))));
    return { headers: { cookie }, store: async () => ({ roundTrips: traffic.roundTrips(), commands: traffic.commands(), gets: traffic.byName().GET ?? 0 }) };
  };
  log(`servers: memory ${memoryBase}, Redis + Edge lookup ${edge.base}, Redis without ${nodeOnly.base}, Redis over TCP ${tcp.base}, Node.js middleware ${nodeRuntime.base}`);

  const plainJwt = await loginJwt(memoryBase, []);
  const checkedJwt = await loginJwt(memoryBase, ["jti", "ver"]);
  const checkedJwtRedis = await loginJwt(edge.base, ["jti", "ver"]);
  const fullJwt = await loginJwt(memoryBase, ["jti", "ver", "refresh"]);
  const nodePlainJwt = await loginJwt(nodeRuntime.base, []);
  const bearer = plainJwt.jwt.split("=")[1];
  const sessionMemory = await loginSession(memoryBase);
  const sessionNodeRuntime = await loginSession(nodeRuntime.base);
  const sessionEdge = await loginSession(edge.base);
  const sessionNodeOnly = await loginSession(nodeOnly.base);
  const sessionTcp = await loginSession(tcp.base);
  const checkedJwtTcp = await loginJwt(tcp.base, ["jti", "ver"]);
  const authjs = await loginAuthjs(memoryBase);
  const authjsLogin = await authjsLoginRequest(memoryBase);
  // The Better Auth lane: one session, read from the store (the cookie cache off, its default),
  // or from a cache cookie issued just before each run (the switch on, 5 minutes).
  const betterAuth = await loginBetterAuth(memoryBase);
  const betterAuthCookies = await betterAuthWithCookieCache(memoryBase, betterAuth); // for its size only
  const betterAuthCached = async () => ({ cookie: await betterAuthWithCookieCache(memoryBase, betterAuth) });
  const jsonBody = (body: unknown) => ({ method: "POST" as const, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

  const scenarios: LoadScenario[] = [
    { id: "baseline", label: "baseline: the JWT dashboard's content, no middleware", lane: "baseline", runtime: null, url: `${memoryBase}/bench/baseline`, store: memoryCounter(memoryBase) },
    ...pageAndApi("", "", memoryBase, "edge", memoryCounter(memoryBase), [
      { id: "jwt-page", label: "/jwt/dashboard (plain JWT)", lane: "jwt", url: `${memoryBase}/jwt/dashboard`, headers: { cookie: plainJwt.jwt } },
      { id: "jwt-page-checked", label: "/jwt/dashboard (jti + version checks, memory)", lane: "jwt", url: `${memoryBase}/jwt/dashboard`, headers: { cookie: checkedJwt.jwt } },
      { id: "session-page-memory", label: "/session/dashboard (memory)", lane: "session", url: `${memoryBase}/session/dashboard`, headers: { cookie: sessionMemory } },
      { id: "authjs-page", label: "/authjs/dashboard", lane: "authjs", url: `${memoryBase}/authjs/dashboard`, headers: { cookie: authjs } },
      { id: "jwt-api-cookie", label: "/api/jwt/me (plain JWT, cookie)", lane: "jwt", url: `${memoryBase}/api/jwt/me`, headers: { cookie: plainJwt.jwt } },
      { id: "jwt-api-bearer", label: "/api/jwt/me (plain JWT, Bearer)", lane: "jwt", url: `${memoryBase}/api/jwt/me`, headers: { authorization: `Bearer ${bearer}` } },
      { id: "session-api-memory", label: "/api/session/me (memory)", lane: "session", url: `${memoryBase}/api/session/me`, headers: { cookie: sessionMemory } },
      { id: "authjs-api", label: "/api/authjs/me", lane: "authjs", url: `${memoryBase}/api/authjs/me`, headers: { cookie: authjs } },
      { id: "better-auth-page", label: "/better-auth/dashboard (memory, no cookie cache)", lane: "better-auth", url: `${memoryBase}/better-auth/dashboard`, headers: { cookie: betterAuth } },
      { id: "better-auth-page-cookie-cache", label: "/better-auth/dashboard (memory, its cookie cache)", lane: "better-auth", url: `${memoryBase}/better-auth/dashboard`, fresh: betterAuthCached },
      { id: "better-auth-api", label: "/api/better-auth/me (memory, no cookie cache)", lane: "better-auth", url: `${memoryBase}/api/better-auth/me`, headers: { cookie: betterAuth } },
      { id: "better-auth-api-cookie-cache", label: "/api/better-auth/me (memory, its cookie cache)", lane: "better-auth", url: `${memoryBase}/api/better-auth/me`, fresh: betterAuthCached },
      { id: "login-jwt", label: "login /api/jwt/login (scrypt)", lane: "jwt", url: `${memoryBase}/api/jwt/login`, ...jsonBody({ ...BOB, checks: [] }) },
      { id: "login-authjs", label: "login Auth.js credentials (scrypt)", lane: "authjs", url: `${memoryBase}/api/auth/callback/credentials`, method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", cookie: authjsLogin.cookie }, body: authjsLogin.body, note: "302 on success" },
    ]),
    ...pageAndApi("redis-", " (Redis, Edge lookup)", edge.base, "edge", redisCounter, [
      { id: "jwt-page-checked-redis", label: "/jwt/dashboard (jti + version checks, Redis)", lane: "jwt", url: `${edge.base}/jwt/dashboard`, headers: { cookie: checkedJwtRedis.jwt } },
      { id: "session-page-redis-edge", label: "/session/dashboard (Redis + Edge lookup)", lane: "session", url: `${edge.base}/session/dashboard`, headers: { cookie: sessionEdge }, counting: ownSession(edge.base) },
    ]),
    ...pageAndApi("redis-node-only-", " (Redis, no Edge lookup)", nodeOnly.base, "edge", redisCounter, [
      { id: "session-page-redis", label: "/session/dashboard (Redis)", lane: "session", url: `${nodeOnly.base}/session/dashboard`, headers: { cookie: sessionNodeOnly }, counting: ownSession(nodeOnly.base) },
      { id: "session-api-redis", label: "/api/session/me (Redis)", lane: "session", url: `${nodeOnly.base}/api/session/me`, headers: { cookie: sessionNodeOnly }, counting: ownSession(nodeOnly.base) },
      { id: "login-session", label: "login /api/session/login (scrypt)", lane: "session", url: `${nodeOnly.base}/api/session/login`, ...jsonBody(BOB) },
    ]),
    ...pageAndApi("redis-tcp-", " (Redis over TCP)", tcp.base, "edge", memoryCounter(tcp.base), [
      { id: "jwt-page-checked-tcp", label: "/jwt/dashboard (jti + version checks, Redis over TCP)", lane: "jwt", url: `${tcp.base}/jwt/dashboard`, headers: { cookie: checkedJwtTcp.jwt } },
      { id: "session-page-tcp", label: "/session/dashboard (Redis over TCP)", lane: "session", url: `${tcp.base}/session/dashboard`, headers: { cookie: sessionTcp } },
      { id: "session-api-tcp", label: "/api/session/me (Redis over TCP)", lane: "session", url: `${tcp.base}/api/session/me`, headers: { cookie: sessionTcp } },
    ]),
    ...pageAndApi("node-", " (middleware on Node.js)", nodeRuntime.base, "nodejs", memoryCounter(nodeRuntime.base), [
      { id: "node-jwt-page", label: "/jwt/dashboard (plain JWT, middleware on Node.js)", lane: "jwt", url: `${nodeRuntime.base}/jwt/dashboard`, headers: { cookie: nodePlainJwt.jwt } },
      { id: "node-jwt-api-cookie", label: "/api/jwt/me (plain JWT, middleware on Node.js)", lane: "jwt", url: `${nodeRuntime.base}/api/jwt/me`, headers: { cookie: nodePlainJwt.jwt } },
      { id: "node-session-page-memory", label: "/session/dashboard (memory, middleware on Node.js)", lane: "session", url: `${nodeRuntime.base}/session/dashboard`, headers: { cookie: sessionNodeRuntime } },
      { id: "node-session-api-memory", label: "/api/session/me (memory, middleware on Node.js)", lane: "session", url: `${nodeRuntime.base}/api/session/me`, headers: { cookie: sessionNodeRuntime } },
    ]),
  ];
  // Server by server, each passthrough right before the scenarios set against it (measured
  // apart, a server left idle while the others ran came back slower); each passthrough is
  // set against the baseline (the hand-off's cost).
  for (const s of scenarios) if (s.id.endsWith("passthrough")) s.reference = "baseline";

  // No warm-up pass over every server first: it left each server idle for minutes before
  // its turn, and a server measured after sitting idle read slow. Each scenario warms itself.
  const raw: Measured[] = [];
  for (const scenario of scenarios) raw.push(await runLoad(scenario));

  // The ratios the targets judge, and the peers per request, measured in pairs (A/B/A).
  log("paired ratios (reference, scenario, reference, …)");
  const sideOf = (id: string): PairSide => {
    const s = scenarios.find((candidate) => candidate.id === id)!;
    return { id: s.id, label: s.label, url: s.url, headers: s.headers, fresh: s.fresh };
  };
  const peerCookies = ((await (await fetch(`${nodeRuntime.base}/bench/peers/setup`)).json()) as { cookies: Record<PeerRoute, string> }).cookies;
  const peerSide = (peer: PeerRoute, label: string): PairSide => ({ id: `peer-${peer}`, label, url: `${nodeRuntime.base}/bench/peers/${peer}`, headers: { cookie: peerCookies[peer] } });
  const oursSession = peerSide("ours-session", "ours: validateSessionToken (memory store, read only)");
  const oursJwt = peerSide("ours-jwt", "ours: verifyAccessToken (as /api/jwt/me)");
  // DPoP against Bearer on the memory server: a fresh proof per request (bench/dpop.ts).
  const dpopSides = await dpopRequestSides(memoryBase, proofsForRun(RUN));
  const paired: PairedFigure[] = [
    await runPaired(sideOf("passthrough"), sideOf("baseline"), "Next's middleware hand-off, no guard"),
    await runPaired(sideOf("jwt-page"), sideOf("passthrough")),
    await runPaired(sideOf("jwt-api-cookie"), sideOf("session-api-memory")),
    await runPaired(dpopSides.dpop, dpopSides.bearer, "DPoP vs Bearer: the same route, checks and server; proofs signed before each run"),
    // The Better Auth lane: its page against the passthrough (what its two gates and the devices
    // list cost), its API against our session lane's, the cookie cache off and on.
    await runPaired(sideOf("better-auth-page"), sideOf("passthrough")),
    await runPaired(sideOf("better-auth-page-cookie-cache"), sideOf("passthrough")),
    await runPaired(sideOf("better-auth-api"), sideOf("session-api-memory"), "Better Auth's getSession vs our session lane"),
    await runPaired(sideOf("better-auth-api-cookie-cache"), sideOf("session-api-memory"), "Better Auth's getSession vs our session lane"),
    await runPaired(sideOf("jwt-page-checked-redis"), sideOf("redis-passthrough")),
    await runPaired(sideOf("session-page-redis-edge"), sideOf("redis-passthrough")),
    await runPaired(sideOf("session-page-redis"), sideOf("redis-node-only-passthrough")),
    // The three stores side by side: the session page on TCP against its passthrough, the
    // session API on TCP against the memory store, and what one store round trip costs the
    // app server on each store (the round-trip fixture, with and without its GETs, same server).
    await runPaired(sideOf("session-page-tcp"), sideOf("redis-tcp-passthrough")),
    await runPaired(sideOf("session-api-tcp"), sideOf("session-api-memory"), "Redis over TCP vs the memory store"),
    ...(await roundTripPairs([["memory", "the memory store", memoryBase], ["tcp", "Redis over TCP", tcp.base], ["rest", "Redis over Upstash REST", nodeOnly.base]])),
    await runPaired(peerSide("better-auth", "Better Auth getSession (memory adapter, no cookie cache)"), oursSession, "per request, in a route handler of the Node.js-runtime copy"),
    await runPaired(peerSide("better-auth-cookie-cache", "Better Auth getSession (its cookie cache)"), oursSession, "per request, in a route handler of the Node.js-runtime copy"),
    await runPaired(peerSide("iron-session", "iron-session unsealData"), oursJwt, "per request, in a route handler of the Node.js-runtime copy"),
  ];
  // Edge vs Node.js: the same request to the two builds, alternately.
  const runtimePairs: Array<[string, string, string]> = [
    ["passthrough (no guard)", "passthrough", "node-passthrough"],
    ["/jwt/dashboard (plain JWT)", "jwt-page", "node-jwt-page"],
    ["/api/jwt/me (plain JWT)", "jwt-api-cookie", "node-jwt-api-cookie"],
    ["/session/dashboard (memory)", "session-page-memory", "node-session-page-memory"],
    ["/api/session/me (memory)", "session-api-memory", "node-session-api-memory"],
  ];
  const runtimes: RuntimeFigure[] = [];
  for (const [scenario, edgeId, nodeId] of runtimePairs) {
    const p = await runPaired(sideOf(nodeId), sideOf(edgeId), "middleware on Node.js vs on the Edge");
    paired.push(p);
    runtimes.push({
      scenario,
      edge: { requestsPerSecond: p.referenceRequestsPerSecond, p50Ms: p.referenceP50Ms },
      nodejs: { requestsPerSecond: p.requestsPerSecond, p50Ms: p.p50Ms },
      ratiosThroughput: p.ratiosThroughput,
      ratioThroughput: p.ratioThroughput,
    });
  }
  const load = withRatios(raw);
  await Promise.all([memory, edge, nodeOnly, tcp, nodeRuntime].map((server) => server.stop()));
  return { load, paired, runtimes, signedIn: { plainJwt, fullJwt, authjs, sessionEdge, betterAuth, betterAuthCached: betterAuthCookies } };
}
