import { EmbeddedJWK, base64url, calculateJwkThumbprint, decodeProtectedHeader, errors, jwtVerify, type JWK, type ProtectedHeaderParameters } from "jose";
import { z } from "zod";
import type { KeyValueStore } from "../store";
import type { AccessTokenClaims } from "../jwt";
import { sha256Hex } from "../opaque-token";
import { NO_STORE } from "../http";
import { SERVER_CLOCK_SKEW_SECONDS, epochSeconds } from "../time";

/**
 * DPoP (RFC 9449) for non-browser clients: the token carries the thumbprint of the client's
 * public key (`cnf.jkt`), and every request a fresh proof (the `DPoP` header): a JWT signed
 * with the private key, naming the method, the URL and the token. A thief who copies the token
 * has no key to sign proofs with; a copied proof is good once. Clients sign with the `dpop`
 * package (scripts/dpop-demo.ts); this side verifies with jose.
 */

export const DPOP_PROOF_TYPE = "dpop+jwt";
/** Asymmetric only: a proof is checked with the public key it carries, never a shared secret. */
export const DPOP_ALGORITHMS = ["ES256", "EdDSA", "Ed25519", "PS256", "RS256"];
/** A proof's `iat` may differ from this server's clock by at most this much, either way. */
export const DPOP_PROOF_MAX_SKEW_SECONDS = 60;
/**
 * A used `jti` is remembered while its proof could pass: first used as early as iat − 60 s,
 * it passes until iat + 61 s (whole seconds) by an instance's clock up to SERVER_CLOCK_SKEW_SECONDS
 * (60 s) behind: 182 s from first use.
 */
export const DPOP_JTI_TTL_SECONDS = 2 * DPOP_PROOF_MAX_SKEW_SECONDS + 2 + SERVER_CLOCK_SKEW_SECONDS;

/** JWK members that belong to a private or symmetric key (RFC 7518 §6, and AKP's `priv`): a proof must carry none. */
const PRIVATE_JWK_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "oth", "k", "priv"];

/** Every reason a DPoP request is refused, in words. */
export const DPOP_FAILURE_MESSAGES = {
  "missing-proof": "No DPoP proof was sent (the DPoP header).",
  "multiple-proofs": "More than one DPoP proof was sent.",
  "malformed-proof": "The DPoP proof is not a well-formed JWT.",
  "wrong-proof-type": `The DPoP proof's typ is not ${DPOP_PROOF_TYPE}.`,
  "wrong-proof-algorithm": `The DPoP proof's algorithm is not one this server accepts (${DPOP_ALGORITHMS.join(", ")}).`,
  "no-public-key": "The DPoP proof carries no public key (its jwk header).",
  "private-key-in-proof": "The DPoP proof's jwk holds a private or symmetric key: only the public key may be sent.",
  "bad-proof-signature": "The DPoP proof's signature does not verify under the key it carries.",
  "invalid-proof-claims": "The DPoP proof lacks jti, htm, htu or iat, or one of its claims is malformed.",
  "wrong-method": "The DPoP proof was made for another HTTP method (htm).",
  "wrong-url": "The DPoP proof was made for another URL (htu).",
  "stale-proof": `The DPoP proof is not valid now: its iat is more than ${DPOP_PROOF_MAX_SKEW_SECONDS} s away from the server's clock, its exp has passed or its nbf is still to come.`,
  "wrong-token-hash": "The DPoP proof was made for another access token (ath).",
  "wrong-key": "The DPoP proof is signed with another key than the one the token is bound to (cnf.jkt).",
  "replayed-proof": "This DPoP proof was used before (its jti): every request needs a fresh proof.",
  "bound-token-as-bearer": "This token is bound to a key (DPoP): send it as `Authorization: DPoP` with a proof, not as Bearer or a cookie.",
  "unbound-token-as-dpop": "This token is not bound to a key: send it as Bearer.",
} as const satisfies Record<string, string>;
export type DpopFailureReason = keyof typeof DPOP_FAILURE_MESSAGES;

/** RFC 9449 §7.1's error codes: the token itself is wrong for the scheme, or the proof is. */
const dpopErrorCode = (reason: DpopFailureReason) =>
  reason === "bound-token-as-bearer" || reason === "unbound-token-as-dpop" ? "invalid_token" : "invalid_dpop_proof";

/** What a proof must match: the method, the URL the client addressed, and the token sent with it (its `ath`). */
export interface ProofExpectations { method: string; url: string | null; accessToken?: string }

export type ProofVerification = { ok: true; jkt: string; jti: string } | { ok: false; reason: DpopFailureReason };

const proofClaimsSchema = z.object({
  jti: z.string().min(1).max(256),
  htm: z.string().min(1),
  htu: z.string().min(1),
  iat: z.number(),
  ath: z.string().optional(),
});

// #region read-dpop-proof
/** The one proof of a request. Several `DPoP` headers arrive joined by ", ", and a JWT holds no comma. */
export function readDpopProof(headers: Headers): { ok: true; proof: string } | { ok: false; reason: DpopFailureReason } {
  const proof = headers.get("dpop");
  if (proof === null || proof.trim() === "") return { ok: false, reason: "missing-proof" };
  if (proof.includes(",")) return { ok: false, reason: "multiple-proofs" };
  return { ok: true, proof: proof.trim() };
}
// #endregion read-dpop-proof

/** The header checks, each with its reason, before any key is imported. */
function proofHeaderProblem(header: ProtectedHeaderParameters): DpopFailureReason | null {
  if (header.typ !== DPOP_PROOF_TYPE) return "wrong-proof-type";
  if (!header.alg || !DPOP_ALGORITHMS.includes(header.alg)) return "wrong-proof-algorithm";
  if (!header.jwk || typeof header.jwk !== "object") return "no-public-key";
  if (PRIVATE_JWK_MEMBERS.some((member) => member in (header.jwk as JWK))) return "private-key-in-proof";
  return null;
}

/** The claim checks: method, URL (without query and fragment), time, and the token's hash. */
async function proofClaimsProblem(claims: z.infer<typeof proofClaimsSchema>, expected: ProofExpectations, nowMs: number): Promise<DpopFailureReason | null> {
  if (claims.htm !== expected.method) return "wrong-method";
  const [htu, addressed] = [normalizedHtu(claims.htu), normalizedHtu(expected.url)];
  if (htu === null || addressed === null || htu !== addressed) return "wrong-url";
  if (Math.abs(claims.iat - epochSeconds(nowMs)) > DPOP_PROOF_MAX_SKEW_SECONDS) return "stale-proof";
  if (expected.accessToken !== undefined && claims.ath !== (await accessTokenHash(expected.accessToken))) return "wrong-token-hash";
  return null;
}

// #region verify-dpop-proof
/**
 * Checks a proof as RFC 9449 §4.3 lists, all but the `jti` (`spendProofJti`, in the store):
 * type, algorithm, a public key only, the signature under it, method, URL, time, token hash.
 * Answers the key's RFC 7638 thumbprint, which the token's `cnf.jkt` must equal.
 */
export async function verifyDpopProof(proof: string, expected: ProofExpectations, nowMs: number = Date.now()): Promise<ProofVerification> {
  let header: ProtectedHeaderParameters;
  try {
    header = decodeProtectedHeader(proof);
  } catch {
    return { ok: false, reason: "malformed-proof" };
  }
  const headerProblem = proofHeaderProblem(header);
  if (headerProblem) return { ok: false, reason: headerProblem };
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(proof, EmbeddedJWK, { typ: DPOP_PROOF_TYPE, algorithms: DPOP_ALGORITHMS, currentDate: new Date(nowMs) }));
  } catch (error) {
    if (error instanceof errors.JWSSignatureVerificationFailed) return { ok: false, reason: "bad-proof-signature" };
    // A time check failed (exp passed, nbf to come): stale. A claim of the wrong type (a string iat): malformed.
    const claim = error instanceof errors.JWTExpired || error instanceof errors.JWTClaimValidationFailed ? error.reason : null;
    return { ok: false, reason: claim === null ? "malformed-proof" : claim === "check_failed" ? "stale-proof" : "invalid-proof-claims" };
  }
  const claims = proofClaimsSchema.safeParse(payload);
  if (!claims.success) return { ok: false, reason: "invalid-proof-claims" };
  const claimsProblem = await proofClaimsProblem(claims.data, expected, nowMs);
  if (claimsProblem) return { ok: false, reason: claimsProblem };
  return { ok: true, jkt: await calculateJwkThumbprint(header.jwk as JWK, "sha256"), jti: claims.data.jti };
}
// #endregion verify-dpop-proof

/** RFC 9449's `ath`: base64url(SHA-256(access token)). */
export async function accessTokenHash(accessToken: string): Promise<string> {
  return base64url.encode(new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(accessToken))));
}

/** Scheme, host (lower case, default port dropped) and path: query and fragment are not compared. Unparseable: null. */
function normalizedHtu(url: string | null): string | null {
  if (url === null) return null;
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return null;
  }
}

// #region addressed-url
/**
 * The URL as the client addressed it, for a proof's `htu`; never `request.url`'s origin, which
 * says `http://localhost:PORT` under `next start`. Host: the `Host` header, which the proxy
 * passes as the client sent it (the CSRF check relies on it too). Scheme: `X-Forwarded-Proto`
 * from the TLS proxy (deploy/nginx.conf), else `http`, all `next start` speaks. A Host that is
 * not an RFC 3986 reg-name (`auth_service` too) or address, with an optional port, gives null,
 * which no proof matches (a `/`, `\`, `@`, `?`, `#`, space, or `%` encoding one, would move the URL compared). A client that sets
 * both headers itself gains nothing: only a proof it signed, for this same path, counts here.
 */
export function addressedUrl(request: { url: string; headers: Headers }): string | null {
  const host = request.headers.get("host") ?? "";
  if (!/^(?:[a-z0-9._~!$&'()*+,;=-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i.test(host)) return null;
  const forwardedProto = request.headers.get("x-forwarded-proto")?.split(",").at(-1)?.trim().toLowerCase();
  const scheme = forwardedProto === "https" ? "https" : "http";
  return `${scheme}://${host}${new URL(request.url).pathname}`;
}
// #endregion addressed-url

const proofJtiKey = async (jkt: string, jti: string) => `dpop-jti:${jkt}:${await sha256Hex(jti)}`;

// #region spend-proof-jti
/**
 * Marks a proof's `jti` used: set-if-absent with a TTL (compare-and-write against "missing",
 * atomic on every store), so of requests racing with one proof exactly one gets true. The value
 * is this spend's own: if the store client resent a write that landed, the refused resend finds it.
 */
export async function spendProofJti(store: KeyValueStore, proof: { jkt: string; jti: string }): Promise<boolean> {
  const [key, spend] = [await proofJtiKey(proof.jkt, proof.jti), crypto.randomUUID()];
  return (await store.writeIf({ key, expected: null }, [{ op: "set", key, value: spend, ttlSeconds: DPOP_JTI_TTL_SECONDS }])) || (await store.get(key)) === spend;
}
// #endregion spend-proof-jti

/** `DPoP`, `Bearer`, or null (no Authorization header: the cookie). */
function authorizationScheme(headers: Headers): "dpop" | "bearer" | null {
  const scheme = /^(\S+)\s/.exec(headers.get("authorization") ?? "")?.[1]?.toLowerCase();
  return scheme === "dpop" || scheme === "bearer" ? scheme : null;
}

// #region check-token-binding
/**
 * The second gate's DPoP check, after the token's own: a key-bound token (`cnf.jkt`) only as
 * `Authorization: DPoP` with a fresh proof by that key for this `request` (a caller without
 * one, a page reading the cookie, accepts no bound token); an unbound token never as DPoP.
 */
export async function checkTokenBinding(
  store: KeyValueStore,
  token: string,
  claims: AccessTokenClaims,
  headers: Headers,
  request: { method: string; url: string } | undefined,
  nowMs: number = Date.now(),
): Promise<{ ok: true } | { ok: false; reason: DpopFailureReason }> {
  const scheme = authorizationScheme(headers);
  if (!claims.cnf) return scheme === "dpop" ? { ok: false, reason: "unbound-token-as-dpop" } : { ok: true };
  if (scheme !== "dpop") return { ok: false, reason: "bound-token-as-bearer" };
  const read = readDpopProof(headers);
  if (!read.ok) return read;
  if (!request) return { ok: false, reason: "missing-proof" };
  const proof = await verifyDpopProof(read.proof, { method: request.method, url: addressedUrl({ url: request.url, headers }), accessToken: token }, nowMs);
  if (!proof.ok) return proof;
  if (proof.jkt !== claims.cnf.jkt) return { ok: false, reason: "wrong-key" };
  if (!(await spendProofJti(store, proof))) return { ok: false, reason: "replayed-proof" };
  return { ok: true };
}
// #endregion check-token-binding

// #region dpop-refusal
/** A resource's 401 for a DPoP failure: the RFC 9449 §7.1 challenge, and the reason in the body. */
export function dpopRefusalResponse(reason: DpopFailureReason): Response {
  const challenge = `DPoP error="${dpopErrorCode(reason)}", error_description="${DPOP_FAILURE_MESSAGES[reason].replaceAll('"', "'")}", algs="${DPOP_ALGORITHMS.join(" ")}"`;
  return Response.json({ error: "Not signed in.", reason }, { status: 401, headers: { ...NO_STORE, "www-authenticate": challenge } });
}
// #endregion dpop-refusal
