import { z } from "zod";
import { authCookieOptions, cookieName } from "../cookies";
import { parseJsonOrNull } from "../store/types";

/**
 * A request middleware refused, for the login page's picture of it. Middleware redirects to
 * login with this short-lived cookie (no credential in it: names, sizes, times); the login
 * page draws it when it is about the page the user was sent from.
 *
 * Named and flagged like the credential cookies (lib/cookies.ts): `__Host-` and Secure in
 * production, so no sibling subdomain or plain-http page can plant one for the login page to
 * draw; plain `auth-refusal` in development over http://localhost.
 */
export const REFUSAL_COOKIE = cookieName("auth-refusal");
export const REFUSAL_COOKIE_OPTIONS = authCookieOptions(60);

export interface Refusal {
  /** The page middleware refused. */
  path: string;
  runtime: "edge" | "nodejs";
  reason: string;
  /** Middleware's time, and each store round trip it made. */
  ms: number;
  stores: number[];
  /** The credential cookie it was sent (name and size, never the value). */
  cookie: { name: string; bytes: number } | null;
  at: number;
}

/** What the login page of one lane accepts: its own reasons and credential cookie. */
export interface RefusalLane {
  reasons: readonly string[];
  cookieName: string;
}

/**
 * The cookie comes back from the browser, so it is checked like any client input: only the
 * lane's own reasons, the runtimes and cookie name middleware writes, bounded numbers and
 * strings, nothing else. A forged one with text of its own draws nothing.
 */
function refusalSchema(lane: RefusalLane) {
  const duration = z.number().nonnegative().max(60_000);
  return z.strictObject({
    path: z.string().startsWith("/").max(2048),
    runtime: z.enum(["edge", "nodejs"]),
    reason: z.string().refine((reason) => lane.reasons.includes(reason)),
    ms: duration,
    stores: z.array(duration).max(32),
    cookie: z.strictObject({ name: z.literal(lane.cookieName), bytes: z.number().int().nonnegative().max(1_000_000) }).nullable(),
    at: z.number().int().nonnegative(),
  });
}

/** The refusal cookie's record, if it is one this lane's middleware could have written (anything else: null). */
export function readRefusal(value: string | undefined, lane: RefusalLane): Refusal | null {
  const parsed = refusalSchema(lane).safeParse(parseJsonOrNull(value ?? null));
  return parsed.success ? parsed.data : null;
}
