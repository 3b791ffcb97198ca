import { Buffer } from "node:buffer";

/**
 * Opaque credentials (session tokens, refresh tokens): 32 random bytes in base64url, stored
 * server-side only as their SHA-256. Web Crypto and node:buffer, which the Edge runtime has too.
 */
const TOKEN_BYTES = 32; // 256 bits of randomness: unguessable, and twice the 128-bit floor
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/; // 32 bytes as unpadded base64url

export function generateOpaqueToken(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(TOKEN_BYTES))).toString("base64url");
}

/** The storage id of a token: a leak of the store yields no usable credential. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export function isWellFormedOpaqueToken(token: string | undefined | null): token is string {
  return typeof token === "string" && TOKEN_PATTERN.test(token);
}
