import { z } from "zod";
import { secret, secretProblem } from "./config";

/**
 * HMAC-SHA-256 keys made from secrets, and their rotation: one secret signs (JWT_SECRET);
 * older ones only verify (JWT_SECRET_PREVIOUS) until what they signed has expired. A token
 * names its key by `kid`: a fingerprint of the key (a MAC of a fixed label under it, which
 * reveals nothing of the secret). The server only compares it with its own keys'
 * fingerprints, so a token can never point at a file, a URL or a key the server does not hold.
 */
const KEY_ID_LABEL = new TextEncoder().encode("jwt-vs-session key id");
const KEY_ID_BYTES = 12; // 96 bits of the MAC, in hex

// Imported once per secret: jose re-imports a raw Uint8Array secret on every call, and an
// imported CryptoKey verifies about twice as fast.
const keys = new Map<string, Promise<{ key: CryptoKey; kid: string }>>();

function load(secret: string): Promise<{ key: CryptoKey; kid: string }> {
  let loaded = keys.get(secret);
  if (!loaded) {
    loaded = crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]).then(async (key) => ({
      key,
      kid: [...new Uint8Array(await crypto.subtle.sign("HMAC", key, KEY_ID_LABEL)).slice(0, KEY_ID_BYTES)].map((b) => b.toString(16).padStart(2, "0")).join(""),
    }));
    keys.set(secret, loaded);
  }
  return loaded;
}

export const hmacKey = async (secret: string): Promise<CryptoKey> => (await load(secret)).key;
export const keyId = async (secret: string): Promise<string> => (await load(secret)).kid;

/**
 * Which of the server's secrets a token's `kid` names: the current one or a previous one, or
 * null for a key the server no longer holds (removed after a leak) or never had. A token with
 * no `kid` (signed before keys were named) gets the current secret.
 */
export async function secretForKeyId(kid: unknown, current: string, previous: readonly string[] = []): Promise<string | null> {
  if (kid === undefined) return current;
  for (const secret of [current, ...previous]) if ((await keyId(secret)) === kid) return secret;
  return null;
}

/**
 * Older secrets that only verify, while what they signed expires (key rotation): comma-separated,
 * each held to the rules for secrets. Unset: none. Removing one ends everything it signed.
 */
export const previousSecrets = (name: string) =>
  z.string().optional().transform((value) => (value ?? "").split(",").map((part) => part.trim()).filter(Boolean)).superRefine((values, ctx) => {
    for (const value of values) {
      const problem = secretProblem(name, value);
      if (problem) ctx.addIssue({ code: "custom", message: problem.replace(`${name} is`, `A key in ${name} is`) });
    }
  });

/** For a section's schema: a previous secret equal to the current one is a mistake (a rotation that rotated nothing). */
export const notReused = (current: string, previous: string): [(env: Record<string, unknown>) => boolean, { message: string; path: string[] }] => [
  (env) => !(env[previous] as string[]).includes(env[current] as string),
  { message: `${previous} repeats ${current}: set ${current} to a new random value, and keep only older ones in ${previous}.`, path: [previous] },
];

/**
 * A signing secret that can later move into a *_PREVIOUS list unchanged: no comma (the list's
 * separator) and no space or line break at either end (the list trims its items), else the
 * rotation would verify with another key than the one that signed, and sign everyone out.
 */
export const rotatableSecret = (name: string) =>
  secret(name).superRefine((value, ctx) => {
    if (typeof value !== "string") return; // secret() has said what is wrong
    if (value.includes(",")) ctx.addIssue({ code: "custom", message: `${name} contains a comma, which would split it in two once it moves to ${name}_PREVIOUS. Set ${name} to random bytes in base64, e.g. \`openssl rand -base64 32\`.` });
    else if (value !== value.trim()) ctx.addIssue({ code: "custom", message: `${name} starts or ends with a space or a line break. Remove it (it is part of the key, and would be trimmed once the key moves to ${name}_PREVIOUS).` });
  });
