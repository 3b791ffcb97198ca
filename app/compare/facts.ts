import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { loginLimitsConfig } from "@/lib/security/login";
import { jwtConfig } from "@/lib/jwt";
import { sessionConfig } from "@/lib/session";
import { authjsConfig } from "@/lib/authjs/config";
import { thirdPartyConfig } from "@/lib/third-party/config";
import { COOKIE_CACHE_CHOICES, betterAuthConfig } from "@/lib/better-auth/config";
import { describeStore } from "@/lib/store/describe";
import { stepUpConfig } from "@/lib/step-up";
import { formatSeconds } from "@/app/ui/duration";

/**
 * The figures /compare shows: what this running app is configured to do (lifetimes, limits),
 * the cookies this browser holds right now, and the last `npm run bench` results
 * (bench/results.json) with their date and machine. Node.js only.
 */

export const LANES = ["jwt", "jwtChecked", "session", "authjs", "betterAuth"] as const;
export type Lane = (typeof LANES)[number];
export const LANE_TITLES: Record<Lane, string> = {
  jwt: "Stateless JWT (plain)",
  jwtChecked: "JWT + revocation checks",
  session: "Server-side session",
  authjs: "Auth.js (JWT strategy, JWE)",
  betterAuth: "Better Auth (sessions in the store)",
};

/**
 * The Better Auth lane's rows in bench/results.json, when a run has measured them: its guarded
 * page with the cookie cache off and on (load), and its cookies (cookies). Until then /compare
 * says "not measured yet". The bench's peers (Better Auth's getSession on its own memory
 * adapter, bench/peers.ts) are a different thing, and are labelled as such.
 */
export const BETTER_AUTH_BENCH = {
  page: "better-auth-page",
  pageCookieCache: "better-auth-page-cookie-cache",
  cookies: "Better Auth",
  cookiesWithCache: "Better Auth (cookie cache)",
  peer: "better-auth-session",
  peerCookieCache: "better-auth-session-cookie-cache",
} as const;

/** The parts of bench/results.json read here (bench/report.ts writes the whole file). */
export interface BenchResults {
  date: string;
  quick: boolean;
  machine: { cpu: string; cores: number; memoryGiB: number; node: string };
  load: { id: string; requestsPerSecond: number; p50Ms: number; storeRoundTripsPerRequest: number | null }[];
  /** Missing in results from before pairs were measured. */
  paired?: { id: string; cpuMsPerRequest: { server: number | null }; referenceCpuMsPerRequest: { server: number | null }; extraRoundTripsPerRequest?: number }[];
  micro: { id: string; microsPerOp: number }[];
  cookies: { lane: string; browserBytes: number; serverBytesPerSession: number | null }[];
  /** Other libraries' operations, each set against ours (bench/peers.ts); missing in older results. */
  peers?: { id: string; label: string; microsPerOp: number }[];
}

/** The last full benchmark run, or null when there is none (or it is unreadable). */
export async function readBenchResults(): Promise<BenchResults | null> {
  try {
    // A path the bundler can see whole: a computed one made Turbopack trace the entire project.
    const parsed = JSON.parse(await readFile(join(process.cwd(), "bench", "results.json"), "utf8")) as BenchResults;
    return Array.isArray(parsed.load) && Array.isArray(parsed.micro) && Array.isArray(parsed.cookies) ? parsed : null;
  } catch {
    return null;
  }
}

export function configFigures() {
  const config = { jwt: jwtConfig(), authjs: authjsConfig(), session: sessionConfig(), thirdParty: thirdPartyConfig(), loginLimits: loginLimitsConfig(), betterAuth: betterAuthConfig() };
  return {
    accessTtl: formatSeconds(config.jwt.accessTokenTtlSeconds),
    shortAccessTtl: formatSeconds(config.jwt.shortAccessTokenTtlSeconds),
    refreshTtl: formatSeconds(config.jwt.refreshTokenTtlSeconds),
    authjsMaxAge: formatSeconds(config.authjs.sessionMaxAgeSeconds),
    sessionIdle: formatSeconds(config.session.idleTtlSeconds),
    sessionAbsolute: formatSeconds(config.session.absoluteTtlSeconds),
    betterAuthMaxAge: formatSeconds(config.betterAuth.sessionMaxAgeSeconds),
    /** The demo's cookie cache choices when on ("10 s, 30 s or 5 min"). */
    cookieCacheChoices: COOKIE_CACHE_CHOICES.filter((s) => s > 0).map(formatSeconds).join(", ").replace(/, ([^,]*)$/, " or $1"),
    maxDevices: config.session.maxDevices,
    /** Keys that only verify after a rotation (JWT_SECRET_PREVIOUS, AUTH_SECRET_PREVIOUS), as this server is configured. */
    previousJwtKeys: config.jwt.previousSecrets.length,
    previousAuthjsKeys: config.authjs.secrets.length - 1,
    thirdPartyTtl: formatSeconds(config.thirdParty.tokenTtlSeconds),
    loginLimits: config.loginLimits,
    loginWindow: formatSeconds(config.loginLimits.windowSeconds),
    store: describeStore(),
    /** Sudo mode: how recent a password check a sensitive action needs (STEP_UP_MAX_AGE_SECONDS). */
    stepUpMaxAge: formatSeconds(stepUpConfig().maxAgeSeconds),
  };
}

/** A benchmark figure by scenario id, formatted, or null when the run did not measure it. */
export function benchFigure(results: BenchResults | null, kind: "rps" | "p50" | "trips", id: string): string | null {
  const row = results?.load.find((r) => r.id === id);
  if (!row) return null;
  if (kind === "rps") return `${Math.round(row.requestsPerSecond)} req/s`;
  if (kind === "p50") return `p50 ${row.p50Ms} ms`;
  return row.storeRoundTripsPerRequest === null ? null : row.storeRoundTripsPerRequest.toFixed(2);
}

/**
 * What one store round trip costs the app server in CPU, on a store ("tcp", "rest"): the
 * bench's round-trip fixture with its GETs against the same request without them, on the same
 * server, paired (bench/request-scenarios.ts). Null when the run did not measure it.
 */
export function roundTripCpuFigure(results: BenchResults | null, store: "tcp" | "rest"): string | null {
  const pair = results?.paired?.find((p) => p.id === `round-trips-${store}`);
  const [scenario, reference, trips] = [pair?.cpuMsPerRequest.server, pair?.referenceCpuMsPerRequest.server, pair?.extraRoundTripsPerRequest];
  if (typeof scenario !== "number" || typeof reference !== "number" || !trips) return null;
  const perTrip = (scenario - reference) / trips;
  return `${perTrip.toFixed(perTrip < 0.1 ? 3 : 2)} ms`;
}

export function microFigure(results: BenchResults | null, id: string): string | null {
  const row = results?.micro.find((r) => r.id === id);
  return row ? `${row.microsPerOp.toFixed(0)} µs` : null;
}

/** Another library's operation from the bench's peers (bench/peers.ts), or null when the run did not measure it. */
export function peerFigure(results: BenchResults | null, id: string): string | null {
  const row = results?.peers?.find((p) => p.id === id);
  return row ? `${row.microsPerOp.toFixed(0)} µs` : null;
}

export function cookieFigure(results: BenchResults | null, lane: string): BenchResults["cookies"][number] | null {
  return results?.cookies.find((c) => c.lane === lane) ?? null;
}

