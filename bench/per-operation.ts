/**
 * Single operations timed with tinybench in the bench's own process, the median of several
 * rounds (bench/rounds.ts): a JWT verify (ours,
 * jose's, with the HMAC itself as the floor), a DPoP-bound one with its proof and the proof's
 * jti spent (bench/dpop.ts), an Auth.js cookie decode, a session validate (memory, Redis over
 * TCP and over REST), and the peers' equivalents set against ours.
 */
import { randomBytes, createHmac, timingSafeEqual } from "node:crypto";
import { jwtVerify } from "jose";
import { encode as encodeAuthjs, decode as decodeAuthjs } from "next-auth/jwt";
import type { StandIn } from "../scripts/lib/upstash-standin";
import { signAccessToken, verifyAccessToken, verifyAccessTokenFully } from "../lib/jwt";
import { MemoryStore } from "../lib/store/memory";
import { RedisTcpStore } from "../lib/store/redis-tcp";
import { UpstashStore } from "../lib/store/upstash";
import { createSession, validateSessionToken, type SessionDeps } from "../lib/session";
import { RUN, log } from "./options";
import { dpopOperations } from "./dpop";
import { median, timeInRounds, type TimedTask } from "./rounds";
import { peerMicroBenchmarks } from "./peers";
import type { MicroFigure, PeerFigure } from "./results";
import { STANDIN_TOKEN } from "./servers";
import { BENCH_SESSION_POLICY, benchJwtSettings } from "./settings";

async function microBenchmarks(standIn: StandIn, redisUrl: string): Promise<MicroFigure[]> {
  const settings = benchJwtSettings();
  const token = await signAccessToken({ id: "bob", role: "user" }, settings);
  const [header, payload, signature] = token.split(".");
  const signingInput = `${header}.${payload}`;
  const expectedSignature = Buffer.from(signature, "base64url");
  const rawSecret = new TextEncoder().encode(settings.secret);

  const authSecret = randomBytes(32).toString("base64url");
  const salt = "authjs.session-token";
  const jwe = await encodeAuthjs({ token: { sub: "bob", id: "bob", role: "user", name: "Bob", ver: 0, authTime: Date.now() }, secret: authSecret, salt });

  const memory = new MemoryStore();
  const policy = BENCH_SESSION_POLICY;
  const memoryDeps: SessionDeps = { store: memory, now: Date.now, policy };
  const memorySession = await createSession(memoryDeps, { id: "bob", role: "user" }, "bench");
  const redisDeps: SessionDeps = { store: UpstashStore.connect(standIn.url, STANDIN_TOKEN), now: Date.now, policy };
  const redisSession = await createSession(redisDeps, { id: "bob", role: "user" }, "bench");
  const tcpStore = RedisTcpStore.connect(redisUrl);
  const tcpDeps: SessionDeps = { store: tcpStore, now: Date.now, policy };
  const tcpSession = await createSession(tcpDeps, { id: "bob", role: "user" }, "bench");

  // Each task checks its own answer once, so a broken one cannot post a fast time.
  const checks: Array<[string, () => Promise<boolean>]> = [
    ["floor", async () => timingSafeEqual(createHmac("sha256", settings.secret).update(signingInput).digest(), expectedSignature)],
    ["lib-jwt", async () => (await verifyAccessTokenFully(token, settings, Date.now())).ok],
    ["lib-jwt-seen", async () => (await verifyAccessToken(token, settings)).ok],
    ["authjs", async () => (await decodeAuthjs({ token: jwe, secret: authSecret, salt }))?.sub === "bob"],
    ["session-memory", async () => (await validateSessionToken(memoryDeps, memorySession.token, { touch: false })).ok],
    ["session-redis", async () => (await validateSessionToken(redisDeps, redisSession.token, { touch: false })).ok],
    ["session-redis-tcp", async () => (await validateSessionToken(tcpDeps, tcpSession.token, { touch: false })).ok],
  ];
  const dpop = await dpopOperations(settings);
  for (const { id, check } of dpop) checks.push([id, check]);
  for (const [name, check] of checks) if (!(await check())) throw new Error(`micro-benchmark ${name} gave a wrong answer`);

  const timed: TimedTask[] = [
    ["floor", () => {
      timingSafeEqual(createHmac("sha256", settings.secret).update(signingInput).digest(), expectedSignature);
    }],
    ["lib-jwt", async () => {
      await verifyAccessTokenFully(token, settings, Date.now());
    }],
    ["lib-jwt-seen", async () => {
      await verifyAccessToken(token, settings);
    }],
    ["jose-raw", async () => {
      await jwtVerify(token, rawSecret, { algorithms: ["HS256"], issuer: settings.issuer, audience: settings.audience, typ: "at+jwt" });
    }],
    ["authjs", async () => {
      await decodeAuthjs({ token: jwe, secret: authSecret, salt });
    }],
    ["session-memory", async () => {
      await validateSessionToken(memoryDeps, memorySession.token, { touch: false });
    }],
    ["session-redis", async () => {
      await validateSessionToken(redisDeps, redisSession.token, { touch: false });
    }],
    ["session-redis-tcp", async () => {
      await validateSessionToken(tcpDeps, tcpSession.token, { touch: false });
    }],
    ...dpop.map(({ id, run }): TimedTask => [id, async () => {
      await run();
    }]),
  ];
  const rounds = await timeInRounds(timed, { timeMs: RUN.microTimeMs, warmupMs: RUN.microWarmupMs, rounds: RUN.microRounds });
  await tcpStore.close();

  const micros = (name: string) => median(rounds.get(name)!);
  // Each round's task against that round's floor, so a busy round moves both sides of the ratio.
  const floorRounds = rounds.get("floor")!;
  const ratioToFloor = (name: string) => median(rounds.get(name)!.map((value, round) => value / floorRounds[round]));
  const labels: Record<string, string> = {
    floor: "HMAC-SHA256 of the signing input (node:crypto): the floor",
    "lib-jwt": "verify a JWT with lib/jwt.ts, in full (a token seen for the first time)",
    "lib-jwt-seen": "verify a JWT with lib/jwt.ts, a token it accepted before (remembered)",
    "jose-raw": "verify a JWT with jose, secret passed as raw bytes",
    authjs: "decode an Auth.js session cookie (JWE)",
    "session-memory": "validate a session: SHA-256 + memory store GET",
    "session-redis": "validate a session: SHA-256 + Redis GET (Upstash REST, HTTP, loopback)",
    "session-redis-tcp": "validate a session: SHA-256 + Redis GET (TCP, loopback)",
    ...Object.fromEntries(dpop.map(({ id, label }) => [id, label])),
  };
  return Object.entries(labels).map(([id, label]) => ({ id, label, microsPerOp: micros(id), ratioToFloor: ratioToFloor(id), roundsMicros: rounds.get(id)! }));
}

/** Ours per operation, then the peers (bench/peers.ts), each set against the operation of ours it replaces. */
export async function measurePerOperation(standIn: StandIn, redisUrl: string): Promise<{ micro: MicroFigure[]; peers: PeerFigure[] }> {
  log("per-operation timings");
  const micro = await microBenchmarks(standIn, redisUrl);
  log("peers");
  const microOf = (id: string) => micro.find((m) => m.id === id)!;
  const peerFigures = await peerMicroBenchmarks({ timeMs: RUN.microTimeMs, warmupMs: RUN.microWarmupMs, rounds: RUN.microRounds });
  const peerOf = (id: string) => peerFigures.find((p) => p.id === id)!;
  const against = (id: string, label: string, theirs: { microsPerOp: number; roundsMicros?: number[] }, oursId: string): PeerFigure => ({
    id, label, microsPerOp: theirs.microsPerOp, roundsMicros: theirs.roundsMicros,
    ours: microOf(oursId).label, oursMicrosPerOp: microOf(oursId).microsPerOp, ratio: microOf(oursId).microsPerOp / theirs.microsPerOp,
  });
  const peers: PeerFigure[] = [
    against("jose", "jose jwtVerify, secret as raw bytes", microOf("jose-raw"), "lib-jwt"),
    against("iron-session-unseal", peerOf("iron-session-unseal").label, peerOf("iron-session-unseal"), "lib-jwt"),
    against("authjs-jwe", "Auth.js: decode its session cookie (JWE)", microOf("authjs"), "lib-jwt"),
    against("better-auth-session", peerOf("better-auth-session").label, peerOf("better-auth-session"), "session-memory"),
    against("better-auth-session-cookie-cache", peerOf("better-auth-session-cookie-cache").label, peerOf("better-auth-session-cookie-cache"), "session-memory"),
  ];
  return { micro, peers };
}
