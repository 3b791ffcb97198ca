import { randomBytes } from "node:crypto";
import { generateSigningJwk } from "../scripts/lib/signing-key";

/** Throwaway secrets for the servers a benchmark starts (new for each run, never stored). */
export function throwawaySecrets(): Record<string, string> {
  return {
    JWT_SECRET: randomBytes(32).toString("base64url"),
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    BETTER_AUTH_SECRET: randomBytes(32).toString("base64url"),
    THIRD_PARTY_SIGNING_KEYS: JSON.stringify([generateSigningJwk()]),
  };
}

/**
 * Every server a benchmark starts serves the fixture pages (/bench/baseline,
 * /bench/passthrough), which answer 404 without it (app/bench/fixtures-enabled.ts).
 */
export const BENCH_FIXTURES_ENV: Record<string, string> = { BENCH_FIXTURES: "1" };

/**
 * The load servers' limits: the load scenarios sign in many times (device limit), with 10
 * connections at once for one account (the login limiter counts attempts in flight, so they
 * would measure 429s). They measure the login, limiter included. Floods keep the defaults.
 */
export const LOAD_LIMITS: Record<string, string> = {
  SESSION_MAX_DEVICES: "1000",
  LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS: "1000000",
  LOGIN_MAX_FAILURES_PER_ACCOUNT: "1000000",
  LOGIN_MAX_FAILURES_PER_ADDRESS: "1000000",
};
