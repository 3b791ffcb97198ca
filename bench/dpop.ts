/**
 * What DPoP (RFC 9449) costs against a Bearer token, per operation and per request.
 *
 * Per operation (tinybench, in the bench's process, next to "lib-jwt", the Bearer token's
 * verify): the access token's verify plus its proof's (signature under the key it carries,
 * method, URL, time, the token's hash `ath`, the key's thumbprint against `cnf.jkt`), and
 * the proof's one-time `jti` written to the memory store (set-if-absent with a TTL).
 *
 * Per request (bench/pairs.ts, paired): GET /api/jwt/me with `Authorization: DPoP` and a
 * proof of its own on every request, against the same route with `Authorization: Bearer`
 * and a token with the same revocation checks (jti, version, refresh family), on one server.
 * A proof is good once, so each request needs a new one; they are signed before each run
 * (precomputed, with the `dpop` package, as scripts/dpop-demo.ts signs), because autocannon
 * builds each request synchronously and WebCrypto signs asynchronously. The bench process's
 * signing is therefore outside the run and outside the app server's CPU figure.
 */
import { signAccessToken, verifyAccessTokenFully, type JwtSettings } from "../lib/jwt";
import { spendProofJti, verifyDpopProof } from "../lib/jwt/dpop";
import { DEFAULT_CHECKS } from "../lib/jwt/issue";
import { MemoryStore } from "../lib/store/memory";
import { calculateThumbprint, dpopHeaders, dpopUrls, generateKeyPair, generateProof, signInWithKey, type KeyPair } from "../scripts/lib/dpop-client";
import { BOB, loginJwt } from "./logins";
import type { PairSide } from "./pairs";
import { DPOP_IDS } from "./dpop-cost";


/**
 * Proofs signed ahead per second of a run. The fastest API this bench loads serves under 500
 * requests a second on its 2-core machine (a plain JWT's /api/jwt/me, middleware on Node.js),
 * and a DPoP request does more than that one; 2,000 a second leaves four times that. A run
 * that used them up would stop with an error, never reuse one (it would be refused).
 */
export const PROOFS_PER_SECOND = 2_000;

/**
 * How many proofs one paired run needs at most. By duration: autocannon runs at least a
 * second each time (its default sampling tick), and a second to spare. By count (--quick):
 * the run's requests, each one proof, twice over (a request lost to a reconnection is sent
 * again with a new one), after a warm-up's by duration if there is one.
 */
export function proofsForRun(run: { pairedSeconds: number; pairedWarmupSeconds: number; pairedRequests: number }): number {
  const warmup = run.pairedWarmupSeconds > 0 ? Math.max(1, run.pairedWarmupSeconds) : 0;
  if (run.pairedRequests > 0) return (warmup > 0 ? Math.ceil((warmup + 1) * PROOFS_PER_SECOND) : 0) + 2 * run.pairedRequests;
  return Math.ceil((warmup + Math.max(1, run.pairedSeconds) + 1) * PROOFS_PER_SECOND);
}

/** A supply of proofs handed out once each, in order; asking for one more than it holds throws. */
export function proofSupply(proofs: readonly string[]): () => string {
  let next = 0;
  return () => {
    if (next >= proofs.length) throw new Error(`all ${proofs.length} DPoP proofs signed for this run are spent: raise PROOFS_PER_SECOND (bench/dpop.ts)`);
    return proofs[next++];
  };
}

/** The tinybench tasks, each checked once for the right answer before it is timed. */
export async function dpopOperations(settings: JwtSettings): Promise<Array<{ id: string; label: string; run: () => Promise<unknown>; check: () => Promise<boolean> }>> {
  const key = await generateKeyPair("ES256");
  const url = "http://localhost:3000/api/jwt/me";
  const jkt = await calculateThumbprint(key.publicKey);
  const token = await signAccessToken({ id: "bob", role: "user" }, settings, Date.now(), { extraClaims: { cnf: { jkt } } });
  // One proof, verified again and again: the verify does not spend its jti (the store write, timed apart, does).
  const proof = await generateProof(key, url, "GET", undefined, token);
  const verifyBoth = async () => {
    // As the second gate does: the token first, then its proof.
    const access = await verifyAccessTokenFully(token, settings, Date.now());
    const bound = await verifyDpopProof(proof, { method: "GET", url, accessToken: token });
    return access.ok && bound.ok && access.claims.cnf?.jkt === bound.jkt;
  };
  const store = new MemoryStore();
  let jti = 0;
  const spend = () => spendProofJti(store, { jkt, jti: `bench-${jti++}` });
  return [
    { id: DPOP_IDS.dpopVerify, label: "verify a DPoP-bound JWT and its proof (lib/jwt.ts + verifyDpopProof: ES256, ath, the key's thumbprint)", run: verifyBoth, check: verifyBoth },
    { id: DPOP_IDS.jtiSpend, label: "spend a DPoP proof's jti: SHA-256 + set-if-absent with a TTL (memory store)", run: spend, check: spend },
  ];
}

/**
 * The pair's two sides on one server: DPoP with a fresh proof per request, and Bearer with a
 * token of the same checks. Each run signs in afresh just before it starts (a token issued
 * at the start of a long run would have expired), and a DPoP run signs its proofs then too.
 */
export async function dpopRequestSides(base: string, proofsPerRun: number): Promise<{ dpop: PairSide; bearer: PairSide }> {
  const { token: tokenUrl, me } = dpopUrls(base);
  const key: KeyPair = await generateKeyPair("ES256");
  const dpop: PairSide = {
    id: DPOP_IDS.request,
    label: "/api/jwt/me (DPoP: a fresh proof each request, all checks)",
    url: me,
    perRequest: async () => {
      const { access_token: accessToken } = await signInWithKey(tokenUrl, key, BOB);
      const proofs = await Promise.all(Array.from({ length: proofsPerRun }, async () => (await dpopHeaders(key, me, accessToken)).dpop));
      const nextProof = proofSupply(proofs);
      return () => ({ authorization: `DPoP ${accessToken}`, dpop: nextProof() });
    },
  };
  const bearer: PairSide = {
    id: DPOP_IDS.bearerRequest,
    label: "/api/jwt/me (Bearer, all checks)",
    url: me,
    fresh: async () => {
      const { jwt } = await loginJwt(base, [...DEFAULT_CHECKS]); // the checks the token endpoint's tokens carry
      return { authorization: `Bearer ${jwt.slice(jwt.indexOf("=") + 1)}` };
    },
  };
  return { dpop, bearer };
}
