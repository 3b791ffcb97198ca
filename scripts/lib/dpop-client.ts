/**
 * A DPoP (RFC 9449) client of the /jwt API for Node.js: the key pair lives in this process
 * (WebCrypto, the private key not extractable), and every request carries a fresh proof signed
 * with it (the `dpop` package). Used by scripts/dpop-demo.ts, the benchmark (bench/dpop.ts) and
 * the production-topology test (tests/e2e/deployed/), each against its own base URL: the proof's
 * `htu` is the URL as the client addresses it, which behind a proxy is the public one.
 */
import { calculateThumbprint, generateKeyPair, generateProof, type KeyPair } from "dpop";

export { calculateThumbprint, generateKeyPair, generateProof, type KeyPair };

export interface Answer { status: number; body: Record<string, unknown>; headers: Headers }

/** The token answer of a sign-in or a refresh (RFC 6749 §5.1), as the endpoint sends it. */
export interface DpopTokens { access_token: string; token_type: string; expires_in: number; refresh_token?: string }

export const dpopUrls = (base: string) => {
  const root = base.replace(/\/+$/, "");
  return { token: `${root}/api/jwt/token`, me: `${root}/api/jwt/me` };
};

/** A fetch that answers status, JSON body and headers (no cookie jar: a script's request). */
export async function send(url: string, init: { method: string; headers: Record<string, string>; body?: unknown }): Promise<Answer> {
  const response = await fetch(url, {
    method: init.method,
    headers: { ...init.headers, ...(init.body ? { "content-type": "application/json" } : {}) },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
  return { status: response.status, body: (await response.json().catch(() => ({}))) as Record<string, unknown>, headers: response.headers };
}

/** POST to the token endpoint with a fresh proof of `key` (`htm` POST, `htu` the endpoint as addressed). */
export async function tokenRequest(tokenUrl: string, key: KeyPair, body: Record<string, string>): Promise<Answer> {
  return send(tokenUrl, { method: "POST", headers: { dpop: await generateProof(key, tokenUrl, "POST") }, body });
}

/** A sign-in at the token endpoint that must succeed: the tokens, bound to `key`. */
export async function signInWithKey(tokenUrl: string, key: KeyPair, credentials: { username: string; password: string }): Promise<DpopTokens> {
  const answer = await tokenRequest(tokenUrl, key, credentials);
  if (answer.status !== 200 || typeof answer.body.access_token !== "string") {
    throw new Error(`POST ${tokenUrl} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  }
  return answer.body as unknown as DpopTokens;
}

/** The headers of a resource request with a DPoP-bound token: the scheme, and a proof for this method, URL and token (`ath`). */
export async function dpopHeaders(key: KeyPair, url: string, accessToken: string, method = "GET"): Promise<Record<string, string>> {
  return { authorization: `DPoP ${accessToken}`, dpop: await generateProof(key, url, method, undefined, accessToken) };
}

/** GET a resource with the token under the DPoP scheme and this proof. */
export async function callWithProof(url: string, accessToken: string, proof: string): Promise<Answer> {
  return send(url, { method: "GET", headers: { authorization: `DPoP ${accessToken}`, dpop: proof } });
}
