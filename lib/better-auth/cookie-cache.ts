import { base64url } from "jose";
import { z } from "zod";

const compactCache = z.object({ expiresAt: z.number() });

/**
 * When a cookie cache value (Better Auth's `compact` strategy: base64url JSON with the session,
 * `expiresAt` and an HMAC) stops being accepted, read without checking its signature: only for
 * saying how long a copy that Better Auth has just accepted keeps working. Null if unreadable.
 */
export function cookieCacheExpiresAt(value: string): number | null {
  try {
    const parsed = compactCache.safeParse(JSON.parse(new TextDecoder().decode(base64url.decode(decodeURIComponent(value)))));
    return parsed.success ? parsed.data.expiresAt : null;
  } catch {
    return null;
  }
}
