/**
 * What the per-operation benchmarks (bench/run.ts) and the per-request peer route
 * (bench/peer-route.ts) sign and look up with, so "ours" is the same thing in both: the
 * app's issuer and audience, a one-hour access token, and a session policy whose device
 * limit a benchmark's many sign-ins never reach. The secret is new for each call.
 */
import { randomBytes } from "node:crypto";
import type { JwtSettings } from "../lib/jwt";

export function benchJwtSettings(): JwtSettings {
  return { secret: randomBytes(32).toString("base64url"), issuer: "jwt-vs-session", audience: "jwt-vs-session:web", accessTokenTtlSeconds: 3600 };
}

export const BENCH_SESSION_POLICY = { idleTtlSeconds: 3600, absoluteTtlSeconds: 7200, maxDevices: 1000 } as const;
