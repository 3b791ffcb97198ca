import { base64url } from "jose";

/**
 * What BETTER_AUTH_SECRET signs in this lane, written out: the session cookie and the cookie
 * cache's `compact` copy, both HMAC-SHA-256 under the one secret (Better Auth 1.7:
 * better-call's signCookieValue, and setCookieCache in better-auth/dist/cookies/index.mjs).
 * The lane never calls these: Better Auth signs its own cookies. They show what anyone holding
 * the secret can make (the leaked-key drill), and tests check them byte for byte against the
 * cookies Better Auth sets, so they cannot drift from what it accepts.
 */
const encoder = new TextEncoder();

const hmacKey = (secret: string, use: "sign" | "verify") =>
  crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [use]);

async function hmacSha256(secret: string, text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.sign("HMAC", await hmacKey(secret, "sign"), encoder.encode(text)));
}

/**
 * The session cookie's value for a session token: `token.signature`, the signature in padded
 * base64, the whole percent-encoded. Better Auth accepts it if the signature holds, and then
 * asks the store for the token (or, with the cookie cache on, reads the cache copy first).
 */
export async function signedSessionCookie(token: string, secret: string): Promise<string> {
  const signature = btoa(String.fromCharCode(...(await hmacSha256(secret, token))));
  return encodeURIComponent(`${token}.${signature}`);
}

/**
 * Whether a session cookie's signature holds under `secret`, checked as Better Auth checks it
 * (verified, never re-signed: this is how the drill asks why the app's own secret refused a cookie).
 */
export async function sessionCookieSignatureHolds(cookie: string, secret: string): Promise<boolean> {
  let value: string;
  try {
    value = decodeURIComponent(cookie);
  } catch {
    return false;
  }
  const dot = value.lastIndexOf(".");
  const [token, signature] = [value.slice(0, dot), value.slice(dot + 1)];
  if (dot < 1 || signature.length !== 44 || !signature.endsWith("=")) return false;
  try {
    const bytes = Uint8Array.from(atob(signature), (c) => c.charCodeAt(0));
    return await crypto.subtle.verify("HMAC", await hmacKey(secret, "verify"), bytes, encoder.encode(token));
  } catch {
    return false;
  }
}

/** A cookie cache copy's content: the session and user as Better Auth wrote them, when it was made, its version. */
export interface CookieCacheContent {
  session: Record<string, unknown>;
  user: Record<string, unknown>;
  updatedAt: number;
  version?: string;
}

/**
 * A `compact` cookie cache value: base64url JSON of the content, `expiresAt` (ms) and an HMAC
 * of both. Better Auth checks the HMAC and the two expiries written inside, all chosen by the
 * signer; with a valid one it answers from the copy without reading the store.
 */
export async function signedCompactCache(content: CookieCacheContent, expiresAt: number, secret: string): Promise<string> {
  const signature = base64url.encode(await hmacSha256(secret, JSON.stringify({ ...content, expiresAt })));
  return base64url.encode(JSON.stringify({ session: content, expiresAt, signature }));
}

/** The content of a compact cache value, unchecked (null if unreadable): a template to sign again. */
export function compactCacheContent(value: string): CookieCacheContent | null {
  try {
    const parsed = JSON.parse(new TextDecoder().decode(base64url.decode(decodeURIComponent(value)))) as { session?: CookieCacheContent };
    return parsed.session && typeof parsed.session.session === "object" && typeof parsed.session.user === "object" ? parsed.session : null;
  } catch {
    return null;
  }
}
