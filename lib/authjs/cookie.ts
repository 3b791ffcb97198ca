import "server-only";
import { decode, type JWT } from "next-auth/jwt";
import { authjsConfig } from "./config";
import { AUTHJS_SESSION_COOKIE_BASES } from "./session-cookie";

export function findAuthjsCookie(jar: { get(name: string): { value: string } | undefined }): { name: string; value: string } | null {
  for (const name of AUTHJS_SESSION_COOKIE_BASES) {
    const cookie = jar.get(name);
    if (cookie) return { name, value: cookie.value };
  }
  return null;
}

/**
 * Decrypts Auth.js's session cookie (a JWE, `dir` + A256CBC-HS512 with a key derived from
 * AUTH_SECRET and the cookie name). Server-side only: this is exactly what a browser or an
 * attacker holding the cookie cannot do.
 */
export async function decryptAuthjsCookie(cookie: { name: string; value: string }): Promise<JWT | null> {
  try {
    return await decode({ token: cookie.value, secret: authjsConfig().secrets, salt: cookie.name });
  } catch {
    return null;
  }
}
