import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { NextRequest } from "next/server";
import { SignJWT, decodeJwt, exportJWK, type JWK } from "jose";
import { calculateThumbprint, generateKeyPair, generateProof, type KeyPair } from "dpop";
import { MemoryStore } from "@/lib/store/memory";
import { replaceStore, type KeyValueStore } from "@/lib/store";
import { JWT_COOKIE, jwtConfig, jwtSettingsFromConfig, signAccessToken, verifyAccessToken, type AccessTokenClaims } from "@/lib/jwt";
import { DPOP_FAILURE_MESSAGES, DPOP_JTI_TTL_SECONDS, accessTokenHash, addressedUrl, checkTokenBinding, dpopRefusalResponse, verifyDpopProof, type DpopFailureReason } from "@/lib/jwt/dpop";
import { createRefreshToken, readRefreshFamily, rotateRefreshToken, type RefreshDeps } from "@/lib/jwt/refresh";
import { loginLimitsConfig } from "@/lib/security/login";
import { POST as tokenEndpoint } from "@/app/api/jwt/token/route";
import { GET as me } from "@/app/api/jwt/me/route";
import { POST as jwtLogout } from "@/app/api/jwt/logout/route";
import { POST as cookieRefresh } from "@/app/api/jwt/refresh/route";
import { jwtLane } from "@/app/jwt/lane";
import type { Verdict } from "@/app/lane";
import { testClock } from "@/tests/support/clock";
import { SERVER_CLOCK_SKEW_SECONDS } from "@/lib/time";

/**
 * DPoP (RFC 9449): every check of a proof and of a key-bound token, each refused with its own
 * reason (so a test fails if its check is removed: the request then passes, or fails later
 * with another reason); the token endpoint; refresh tokens bound to the key; and the replay
 * cache raced on the memory store (on a real Redis: tests/unit/store/dpop-replay.test.ts).
 *
 * The requests are made as `next start` sees them behind the TLS proxy: `request.url` says
 * http://localhost:3000, the client addressed https://app.test (Host and X-Forwarded-Proto).
 */
const PUBLIC_ORIGIN = "https://app.test";
const BEHIND_PROXY = { host: "app.test", "x-forwarded-proto": "https" };
const SECOND = 1000;

const request = (path: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}) =>
  new NextRequest(`http://localhost:3000${path}`, {
    method: init.method ?? "GET",
    headers: { ...BEHIND_PROXY, ...init.headers },
    body: init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body),
  });

interface Client { keys: KeyPair; jkt: string }
async function newClient(alg: "ES256" | "Ed25519" | "PS256" | "RS256" = "ES256"): Promise<Client> {
  const keys = await generateKeyPair(alg);
  return { keys, jkt: await calculateThumbprint(keys.publicKey) };
}
const proofFor = (client: Client, method: string, path: string, token?: string) => generateProof(client.keys, `${PUBLIC_ORIGIN}${path}`, method, undefined, token);

/** A proof made with jose, to break one thing at a time; valid for GET /api/jwt/me unless told otherwise. */
async function craftedProof(client: Client, { header = {}, claims = {}, signWith = client.keys.privateKey }: { header?: Record<string, unknown>; claims?: Record<string, unknown>; signWith?: CryptoKey } = {}) {
  const jwk = await exportJWK(client.keys.publicKey);
  const payload = { htm: "GET", htu: `${PUBLIC_ORIGIN}/api/jwt/me`, iat: Math.floor(Date.now() / 1000), jti: crypto.randomUUID(), ...claims };
  for (const [name, value] of Object.entries(claims)) if (value === undefined) delete (payload as Record<string, unknown>)[name];
  return new SignJWT(payload).setProtectedHeader({ alg: "ES256", typ: "dpop+jwt", jwk, ...header }).sign(signWith);
}

const bound = (client: Client, settings = jwtSettingsFromConfig()) => signAccessToken({ id: "bob", role: "user" }, settings, Date.now(), { extraClaims: { cnf: { jkt: client.jkt } } });
async function claimsOf(token: string): Promise<AccessTokenClaims> {
  const verdict = await verifyAccessToken(token);
  if (!verdict.ok) throw new Error(verdict.reason);
  return verdict.claims;
}

/** The second gate's DPoP check of GET /api/jwt/me with these headers. */
async function bindingOf(store: KeyValueStore, token: string, headers: Record<string, string>, { method = "GET", path = "/api/jwt/me", nowMs = Date.now() } = {}) {
  const all = new Headers({ ...BEHIND_PROXY, ...headers });
  return checkTokenBinding(store, token, await claimsOf(token), all, { method, url: `http://localhost:3000${path}` }, nowMs);
}
const dpopHeaders = (token: string, proof: string) => ({ authorization: `DPoP ${token}`, dpop: proof });

let store: MemoryStore;
const STORE_KEY = Symbol.for("jwt-vs-session.store");
const slot = globalThis as unknown as Record<symbol, KeyValueStore | undefined>;
let realStore: KeyValueStore | undefined;
beforeEach(() => {
  store = new MemoryStore();
  realStore = slot[STORE_KEY];
  replaceStore(store);
});
afterEach(() => {
  slot[STORE_KEY] = realStore;
});

describe("a DPoP proof (lib/jwt/dpop.ts), each check refusing alone", () => {
  let alice: Client;
  let token: string;
  beforeAll(async () => {
    alice = await newClient();
  });
  beforeEach(async () => {
    token = await bound(alice);
  });
  const refusedWith = async (reason: DpopFailureReason, headers: Record<string, string>, options?: Parameters<typeof bindingOf>[3]) =>
    expect(await bindingOf(store, token, headers, options)).toEqual({ ok: false, reason });

  it("a fresh proof signed by the bound key, for this method and URL and token, is accepted", async () => {
    expect(await bindingOf(store, token, dpopHeaders(token, await proofFor(alice, "GET", "/api/jwt/me", token)))).toEqual({ ok: true });
  });

  it("every key type on the allow-list works: ES256, Ed25519, PS256, RS256", async () => {
    for (const alg of ["Ed25519", "PS256", "RS256"] as const) {
      const client = await newClient(alg);
      const own = await bound(client);
      expect(await bindingOf(store, own, dpopHeaders(own, await proofFor(client, "GET", "/api/jwt/me", own))), alg).toEqual({ ok: true });
    }
  });

  it("no DPoP header: missing-proof", async () => {
    await refusedWith("missing-proof", { authorization: `DPoP ${token}` });
  });

  it("two DPoP headers: multiple-proofs (even when both are valid)", async () => {
    const headers = new Headers({ ...BEHIND_PROXY, authorization: `DPoP ${token}` });
    headers.append("dpop", await proofFor(alice, "GET", "/api/jwt/me", token));
    headers.append("dpop", await proofFor(alice, "GET", "/api/jwt/me", token));
    expect(await checkTokenBinding(store, token, await claimsOf(token), headers, { method: "GET", url: "http://localhost:3000/api/jwt/me" })).toEqual({ ok: false, reason: "multiple-proofs" });
  });

  it("not a JWT: malformed-proof", async () => {
    await refusedWith("malformed-proof", dpopHeaders(token, "not.a.jwt"));
  });

  it("typ other than dpop+jwt: wrong-proof-type", async () => {
    await refusedWith("wrong-proof-type", dpopHeaders(token, await craftedProof(alice, { header: { typ: "JWT" }, claims: { ath: await accessTokenHash(token) } })));
  });

  it("a symmetric algorithm (HS256, a key in the header): wrong-proof-algorithm; and one off the list (ES384)", async () => {
    const secret = new TextEncoder().encode("a-shared-secret-that-anyone-could-know-000");
    const hs = await new SignJWT({ htm: "GET", htu: `${PUBLIC_ORIGIN}/api/jwt/me`, iat: Math.floor(Date.now() / 1000), jti: "j", ath: await accessTokenHash(token) })
      .setProtectedHeader({ alg: "HS256", typ: "dpop+jwt", jwk: { kty: "oct", k: "YS1zaGFyZWQtc2VjcmV0" } as JWK as never }) // jose's types refuse a secret in a header; a client need not
      .sign(secret);
    await refusedWith("wrong-proof-algorithm", dpopHeaders(token, hs));
    const es384 = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-384" }, true, ["sign", "verify"]);
    const proof = await new SignJWT({ htm: "GET", htu: `${PUBLIC_ORIGIN}/api/jwt/me`, iat: Math.floor(Date.now() / 1000), jti: "j2", ath: await accessTokenHash(token) })
      .setProtectedHeader({ alg: "ES384", typ: "dpop+jwt", jwk: await exportJWK(es384.publicKey) })
      .sign(es384.privateKey);
    await refusedWith("wrong-proof-algorithm", dpopHeaders(token, proof));
  });

  it("no jwk header: no-public-key", async () => {
    await refusedWith("no-public-key", dpopHeaders(token, await craftedProof(alice, { header: { jwk: undefined }, claims: { ath: await accessTokenHash(token) } })));
  });

  it("a jwk with its private part (d): private-key-in-proof", async () => {
    const leaky = await generateKeyPair("ES256", { extractable: true });
    const privateJwk: JWK = await exportJWK(leaky.privateKey);
    const client = { keys: leaky, jkt: await calculateThumbprint(leaky.publicKey) };
    const own = await bound(client);
    const proof = await craftedProof(client, { header: { jwk: privateJwk }, claims: { ath: await accessTokenHash(own) } });
    expect(await bindingOf(store, own, dpopHeaders(own, proof))).toEqual({ ok: false, reason: "private-key-in-proof" });
  });

  it("signed by another key than the one it carries: bad-proof-signature", async () => {
    const mallory = await newClient();
    await refusedWith("bad-proof-signature", dpopHeaders(token, await craftedProof(alice, { signWith: mallory.keys.privateKey, claims: { ath: await accessTokenHash(token) } })));
  });

  it("without a jti: invalid-proof-claims", async () => {
    await refusedWith("invalid-proof-claims", dpopHeaders(token, await craftedProof(alice, { claims: { jti: undefined, ath: await accessTokenHash(token) } })));
  });

  it("made for another method (htm): wrong-method", async () => {
    await refusedWith("wrong-method", dpopHeaders(token, await proofFor(alice, "POST", "/api/jwt/me", token)));
  });

  it("made for another URL (htu): wrong-url, for another path, host or scheme", async () => {
    await refusedWith("wrong-url", dpopHeaders(token, await proofFor(alice, "GET", "/api/jwt/role", token)));
    await refusedWith("wrong-url", dpopHeaders(token, await generateProof(alice.keys, "https://elsewhere.test/api/jwt/me", "GET", undefined, token)));
    await refusedWith("wrong-url", dpopHeaders(token, await generateProof(alice.keys, "http://app.test/api/jwt/me", "GET", undefined, token)));
  });

  it("iat more than 60 s from the server's clock, either way: stale-proof (59 s is fine)", async () => {
    const headers = async () => dpopHeaders(token, await proofFor(alice, "GET", "/api/jwt/me", token));
    await refusedWith("stale-proof", await headers(), { nowMs: Date.now() + 62 * SECOND });
    await refusedWith("stale-proof", await headers(), { nowMs: Date.now() - 62 * SECOND });
    expect(await bindingOf(store, token, await headers(), { nowMs: Date.now() + 58 * SECOND })).toEqual({ ok: true });
  });

  it("exp passed or nbf to come: stale-proof; a string iat or exp: invalid-proof-claims; each sentence names its case", async () => {
    const [ath, now] = [await accessTokenHash(token), Math.floor(Date.now() / 1000)];
    await refusedWith("stale-proof", dpopHeaders(token, await craftedProof(alice, { claims: { exp: now - 10, ath } })));
    await refusedWith("stale-proof", dpopHeaders(token, await craftedProof(alice, { claims: { nbf: now + 30, ath } })));
    await refusedWith("invalid-proof-claims", dpopHeaders(token, await craftedProof(alice, { claims: { iat: String(now), ath } })));
    await refusedWith("invalid-proof-claims", dpopHeaders(token, await craftedProof(alice, { claims: { exp: "soon", ath } })));
    expect(DPOP_FAILURE_MESSAGES["stale-proof"]).toMatch(/iat is more than 60 s .* exp has passed or its nbf is still to come/);
    expect(DPOP_FAILURE_MESSAGES["invalid-proof-claims"]).toMatch(/one of its claims is malformed/);
  });

  it("made for another access token, or for none (ath): wrong-token-hash", async () => {
    const other = await bound(alice);
    await refusedWith("wrong-token-hash", dpopHeaders(token, await proofFor(alice, "GET", "/api/jwt/me", other)));
    await refusedWith("wrong-token-hash", dpopHeaders(token, await proofFor(alice, "GET", "/api/jwt/me")));
  });

  it("a valid proof by another key than the token's cnf.jkt (the thief's own key): wrong-key", async () => {
    const mallory = await newClient();
    await refusedWith("wrong-key", dpopHeaders(token, await proofFor(mallory, "GET", "/api/jwt/me", token)));
  });

  it("the same proof twice: the second is replayed-proof, remembered for 2 × the iat window, the second the clock rounds off and another instance's clock lag", async () => {
    const headers = dpopHeaders(token, await proofFor(alice, "GET", "/api/jwt/me", token));
    expect(await bindingOf(store, token, headers)).toEqual({ ok: true });
    await refusedWith("replayed-proof", headers);
    expect(DPOP_JTI_TTL_SECONDS).toBe(122 + SERVER_CLOCK_SKEW_SECONDS);
    const [key] = store.dump().map((entry) => entry.key).filter((name) => name.startsWith("dpop-jti:"));
    expect(await store.ttlSeconds(key)).toBeGreaterThan(DPOP_JTI_TTL_SECONDS - 5);
  });

  it("a proof spent on one instance is replayed-proof on another whose clock is 5 s behind, past 122 s after first use", async () => {
    const storeClock = testClock(Date.now()); // the store's own time, which expires the jti
    const shared = new MemoryStore(storeClock.now);
    const firstUse = storeClock.now();
    // Made 60 s ahead (what an XSS could pre-compute): passes from first use, on a clock in step with the store.
    const proof = await craftedProof(alice, { claims: { iat: Math.floor(firstUse / 1000) + 60, ath: await accessTokenHash(token) } });
    expect(await bindingOf(shared, token, dpopHeaders(token, proof), { nowMs: firstUse })).toEqual({ ok: true });
    storeClock.advance(123 * SECOND);
    // The other instance reads 118 s after first use: the proof's iat is 58 s away, within the window.
    expect(await bindingOf(shared, token, dpopHeaders(token, proof), { nowMs: firstUse + 118 * SECOND })).toEqual({ ok: false, reason: "replayed-proof" });
  });

  it("a spend the store applied but whose reply was lost, resent by the client, is accepted once; spending that proof again is replayed-proof", async () => {
    const lossy = Object.create(store) as MemoryStore;
    lossy.writeIf = async (condition, ops) => {
      await store.writeIf(condition, ops); // applied, its reply lost…
      return store.writeIf(condition, ops); // …and resent: the resend finds the record and answers false
    };
    const headers = dpopHeaders(token, await proofFor(alice, "GET", "/api/jwt/me", token));
    expect(await bindingOf(lossy, token, headers)).toEqual({ ok: true });
    expect(await bindingOf(lossy, token, headers)).toEqual({ ok: false, reason: "replayed-proof" });
    expect(await bindingOf(store, token, headers)).toEqual({ ok: false, reason: "replayed-proof" });
  });

  it("a key-bound token as Bearer, or in the cookie: bound-token-as-bearer", async () => {
    await refusedWith("bound-token-as-bearer", { authorization: `Bearer ${token}`, dpop: await proofFor(alice, "GET", "/api/jwt/me", token) });
    expect(await checkTokenBinding(store, token, await claimsOf(token), new Headers(), undefined)).toEqual({ ok: false, reason: "bound-token-as-bearer" });
  });

  it("an unbound token under the DPoP scheme: unbound-token-as-dpop; as Bearer it passes", async () => {
    const plain = await signAccessToken({ id: "bob", role: "user" });
    expect(await bindingOf(store, plain, dpopHeaders(plain, await proofFor(alice, "GET", "/api/jwt/me", plain)))).toEqual({ ok: false, reason: "unbound-token-as-dpop" });
    expect(await bindingOf(store, plain, { authorization: `Bearer ${plain}` })).toEqual({ ok: true });
  });

  it("a refusal is a 401 with RFC 9449's challenge: invalid_dpop_proof for the proof, invalid_token for the scheme", async () => {
    const proof = dpopRefusalResponse("replayed-proof");
    expect(proof.status).toBe(401);
    expect(proof.headers.get("www-authenticate")).toMatch(/^DPoP error="invalid_dpop_proof", error_description="This DPoP proof was used before[^"]*", algs="ES256 /);
    expect(await proof.json()).toEqual({ error: "Not signed in.", reason: "replayed-proof" });
    expect(dpopRefusalResponse("bound-token-as-bearer").headers.get("www-authenticate")).toMatch(/^DPoP error="invalid_token"/);
  });

  it.each(Object.keys(DPOP_FAILURE_MESSAGES) as DpopFailureReason[])("%s: 401, its code and its sentence in the challenge", async (reason) => {
    const response = dpopRefusalResponse(reason);
    expect(response.status).toBe(401);
    const code = reason === "bound-token-as-bearer" || reason === "unbound-token-as-dpop" ? "invalid_token" : "invalid_dpop_proof";
    expect(response.headers.get("www-authenticate")).toBe(`DPoP error="${code}", error_description="${DPOP_FAILURE_MESSAGES[reason]}", algs="ES256 EdDSA Ed25519 PS256 RS256"`);
    expect(await response.json()).toEqual({ error: "Not signed in.", reason });
  });
});

describe("the first gate (middleware, app/jwt/lane.ts) and a DPoP request", () => {
  const guard = async (headers: Record<string, string>) => {
    let verdict: Verdict<string> | undefined;
    await jwtLane.guard(request("/api/jwt/me", { headers }), (v) => ((verdict = v), new Response()));
    return verdict;
  };

  it("verifies the token under the DPoP scheme as it does a Bearer one, and leaves the proof to the second gate", async () => {
    const alice = await newClient();
    const token = await bound(alice);
    expect(await guard({ authorization: `DPoP ${token}` })).toMatchObject({ ok: true, forward: { "x-user-id": "bob" } });
    const [head, body] = token.split(".");
    expect(await guard({ authorization: `DPoP ${head}.${body}.${"A".repeat(43)}` })).toMatchObject({ ok: false, reason: "bad-signature" });
  });
});

describe("htu: the URL as the client addressed it, never request.url's origin", () => {
  it("Host and X-Forwarded-Proto give the origin; without the header the scheme is http (next start speaks no TLS)", () => {
    const url = "http://localhost:3000/api/jwt/me?x=1";
    expect(addressedUrl({ url, headers: new Headers(BEHIND_PROXY) })).toBe("https://app.test/api/jwt/me");
    expect(addressedUrl({ url, headers: new Headers({ host: "127.0.0.1:3410" }) })).toBe("http://127.0.0.1:3410/api/jwt/me");
    expect(addressedUrl({ url, headers: new Headers({ host: "app.test", "x-forwarded-proto": "gopher" }) })).toBe("http://app.test/api/jwt/me");
  });

  it("a Host that is not a host name (a backslash or # would move the path compared) matches no proof", async () => {
    const url = "http://localhost:3000/api/jwt/role";
    for (const host of ["app.test:443\\api\\jwt\\me#", "app.test/api/jwt/me#", "app.test:443<", "", "app.test:99999999", "me@app.test", "app.test?", "app test", "app%2ftest"]) {
      expect(addressedUrl({ url, headers: new Headers({ ...BEHIND_PROXY, host }) }), host).toBeNull();
    }
    expect(addressedUrl({ url, headers: new Headers({ host: "[::1]:3000" }) })).toBe("http://[::1]:3000/api/jwt/role");
    // The attack: a proof for GET /api/jwt/me, spent on /api/jwt/role through a crafted Host.
    const alice = await newClient();
    const token = await bound(alice);
    const proof = await proofFor(alice, "GET", "/api/jwt/me", token);
    const crafted = new Headers({ ...BEHIND_PROXY, host: "app.test:443\\api\\jwt\\me#", ...dpopHeaders(token, proof) });
    expect(await checkTokenBinding(store, token, await claimsOf(token), crafted, { method: "GET", url })).toEqual({ ok: false, reason: "wrong-url" });
    // And a proof whose htu does not parse matches nothing, not even an unparseable address.
    const junk = await craftedProof(alice, { claims: { htu: "x" } });
    expect(await verifyDpopProof(junk, { method: "GET", url: null })).toEqual({ ok: false, reason: "wrong-url" });
  });

  it("a Host with RFC 3986 reg-name characters (a Docker service name, auth_service:3000) is addressed, and its proofs pass", async () => {
    const headers = new Headers({ host: "auth_service:3000" });
    expect(addressedUrl({ url: "http://localhost:3000/api/jwt/token", headers })).toBe("http://auth_service:3000/api/jwt/token");
    expect(addressedUrl({ url: "http://localhost:3000/api/jwt/token", headers: new Headers({ host: "a~b.internal" }) })).toBe("http://a~b.internal/api/jwt/token");
    const alice = await newClient();
    const proof = await generateProof(alice.keys, "http://auth_service:3000/api/jwt/token", "POST");
    expect(await verifyDpopProof(proof, { method: "POST", url: addressedUrl({ url: "http://localhost:3000/api/jwt/token", headers }) })).toMatchObject({ ok: true, jkt: alice.jkt });
  });

  it("query and fragment are not compared, nor a default port written out", async () => {
    const alice = await newClient();
    const proof = await generateProof(alice.keys, "https://app.test:443/api/jwt/token?from=script#x", "POST");
    expect(await verifyDpopProof(proof, { method: "POST", url: "https://app.test/api/jwt/token" })).toMatchObject({ ok: true, jkt: alice.jkt });
  });
});

describe("the token endpoint (POST /api/jwt/token) and /api/jwt/me", () => {
  const TOKEN_PATH = "/api/jwt/token";
  const signIn = async (client: Client, body: unknown = { username: "bob", password: "battery-staple" }, proof?: string) =>
    tokenEndpoint(request(TOKEN_PATH, { method: "POST", headers: { "content-type": "application/json", dpop: proof ?? (await proofFor(client, "POST", TOKEN_PATH)) }, body }));
  const callMe = async (client: Client, token: string, proof?: string) =>
    me(request("/api/jwt/me", { headers: { authorization: `DPoP ${token}`, dpop: proof ?? (await proofFor(client, "GET", "/api/jwt/me", token)) } }));

  it("signs in with a proof and answers DPoP-bound tokens: cnf.jkt is the key's thumbprint", async () => {
    const alice = await newClient();
    const response = await signIn(alice);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = await response.json();
    expect(body).toMatchObject({ token_type: "DPoP", expires_in: jwtConfig().shortAccessTokenTtlSeconds, refresh_token: expect.any(String) });
    expect(decodeJwt(body.access_token)).toMatchObject({ sub: "bob", cnf: { jkt: alice.jkt } });
    const ok = await callMe(alice, body.access_token);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ user: { id: "bob" } });
  });

  it("refuses a sign-in without a proof, or with a proof for another method or URL: 400 invalid_dpop_proof", async () => {
    const alice = await newClient();
    for (const [proof, reason] of [
      ["", "missing-proof"],
      [await proofFor(alice, "GET", TOKEN_PATH), "wrong-method"],
      [await proofFor(alice, "POST", "/api/jwt/login"), "wrong-url"],
    ] as const) {
      const response = await tokenEndpoint(request(TOKEN_PATH, { method: "POST", headers: { "content-type": "application/json", ...(proof ? { dpop: proof } : {}) }, body: { username: "bob", password: "battery-staple" } }));
      expect(response.status, reason).toBe(400);
      expect(await response.json()).toMatchObject({ error: "invalid_dpop_proof", error_description: expect.any(String), reason });
    }
  });

  it("the token endpoint's proof is used once too: replayed-proof", async () => {
    const alice = await newClient();
    const proof = await proofFor(alice, "POST", TOKEN_PATH);
    expect((await signIn(alice, undefined, proof)).status).toBe(200);
    expect(await (await signIn(alice, undefined, proof)).json()).toMatchObject({ error: "invalid_dpop_proof", reason: "replayed-proof" });
  });

  it("bad JSON and an unknown grant_type are a 400 with a sentence", async () => {
    const alice = await newClient();
    const badJson = await signIn(alice, "{not json");
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ error: "Request body must be valid JSON." });
    const unknown = await signIn(alice, { grant_type: "client_credentials" });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error).toMatch(/^grant_type must be/);
  });

  it("a sign-in goes through the login limiter: after 5 wrong passwords the right one is refused too (429)", async () => {
    const alice = await newClient();
    for (let i = 0; i < 5; i++) expect((await signIn(alice, { username: "bob", password: "wrong" })).status).toBe(401);
    expect((await signIn(alice)).status).toBe(429);
  });

  it("the limiter's refusals say how long a lock lasts (lockWindowSeconds), as the step-up routes' do", async () => {
    const alice = await newClient();
    const lockWindowSeconds = loginLimitsConfig().windowSeconds;
    const wrong = await signIn(alice, { username: "bob", password: "wrong" });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ attemptsLeft: 4, lockWindowSeconds });
    for (let i = 0; i < 4; i++) await signIn(alice, { username: "bob", password: "wrong" });
    const locked = await signIn(alice);
    expect(locked.status).toBe(429);
    expect(locked.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(locked.headers.get("cache-control")).toBe("no-store");
    expect(await locked.json()).toMatchObject({ retryAfterSeconds: expect.any(Number), lockWindowSeconds });
  });

  it("a cross-site request (another Origin) is refused: 403", async () => {
    const alice = await newClient();
    const response = await tokenEndpoint(request(TOKEN_PATH, { method: "POST", headers: { origin: "https://evil.test", dpop: await proofFor(alice, "POST", TOKEN_PATH) }, body: { username: "bob", password: "battery-staple" } }));
    expect(response.status).toBe(403);
  });

  it("the token replayed without the key (as Bearer, or with the thief's own proof) is refused with the challenge", async () => {
    const alice = await newClient();
    const { access_token: token } = await (await signIn(alice)).json();
    const asBearer = await me(request("/api/jwt/me", { headers: { authorization: `Bearer ${token}` } }));
    expect(asBearer.status).toBe(401);
    expect(asBearer.headers.get("www-authenticate")).toMatch(/^DPoP error="invalid_token"/);
    expect(await asBearer.json()).toMatchObject({ reason: "bound-token-as-bearer" });
    const thief = await callMe(await newClient(), token);
    expect(thief.status).toBe(401);
    expect(thief.headers.get("www-authenticate")).toMatch(/^DPoP error="invalid_dpop_proof"/);
    expect(await thief.json()).toMatchObject({ reason: "wrong-key" });
  });

  it("the same proof sent again to /api/jwt/me is refused: replayed-proof", async () => {
    const alice = await newClient();
    const { access_token: token } = await (await signIn(alice)).json();
    const proof = await proofFor(alice, "GET", "/api/jwt/me", token);
    expect((await callMe(alice, token, proof)).status).toBe(200);
    const again = await callMe(alice, token, proof);
    expect(again.status).toBe(401);
    expect(await again.json()).toMatchObject({ reason: "replayed-proof" });
  });

  it("a thief who puts the stolen bound token in the cookie cannot sign its owner out: logout revokes nothing", async () => {
    const alice = await newClient();
    const first = await (await signIn(alice)).json();
    const logout = await jwtLogout(request("/api/jwt/logout", { method: "POST", headers: { cookie: `${JWT_COOKIE}=${first.access_token}` } }));
    expect(logout.status).toBe(200);
    expect(await logout.json()).toMatchObject({ revoked: { jti: false, refreshFamily: false } });
    expect((await callMe(alice, first.access_token)).status).toBe(200);
    expect((await signIn(alice, { grant_type: "refresh_token", refresh_token: first.refresh_token })).status).toBe(200);
  });

  it("a client signs out with its bound token and a proof of the key: its refresh family ends, no password asked; the thief's key cannot", async () => {
    const alice = await newClient();
    const thiefKeys = await newClient();
    const first = await (await signIn(alice)).json();
    const logoutWith = async (client: Client) =>
      jwtLogout(request("/api/jwt/logout", { method: "POST", headers: { authorization: `DPoP ${first.access_token}`, dpop: await proofFor(client, "POST", "/api/jwt/logout", first.access_token) } }));
    const thief = await logoutWith(thiefKeys);
    expect(thief.status).toBe(401);
    expect((await signIn(alice, { grant_type: "refresh_token", refresh_token: first.refresh_token })).status).toBe(200);
    const second = await (await signIn(alice)).json();
    const own = await jwtLogout(request("/api/jwt/logout", { method: "POST", headers: { authorization: `DPoP ${second.access_token}`, dpop: await proofFor(alice, "POST", "/api/jwt/logout", second.access_token) } }));
    expect(own.status).toBe(200);
    expect(await own.json()).toMatchObject({ revoked: { refreshFamily: true } });
    expect((await signIn(alice, { grant_type: "refresh_token", refresh_token: second.refresh_token })).status).toBe(400); // invalid_grant
    expect((await callMe(alice, second.access_token)).status).toBe(401); // the family took its access tokens with it
  });

  it("a refresh keeps the sign-in's auth_time: the password was checked then, not at the refresh", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      const alice = await newClient();
      const first = await (await signIn(alice)).json();
      const signedInAt = decodeJwt(first.access_token).auth_time as number;
      expect(signedInAt).toBe(Math.floor(Date.now() / 1000));
      vi.setSystemTime(Date.now() + 10 * 60 * SECOND); // past any step-up age
      const refreshed = await (await signIn(alice, { grant_type: "refresh_token", refresh_token: first.refresh_token })).json();
      expect(decodeJwt(refreshed.access_token)).toMatchObject({ auth_time: signedInAt, iat: signedInAt + 600 });
    } finally {
      vi.useRealTimers();
    }
  });

  it("refresh with a fresh proof of the same key rotates, and the new tokens are bound to it", async () => {
    const alice = await newClient();
    const first = await (await signIn(alice)).json();
    const refreshed = await signIn(alice, { grant_type: "refresh_token", refresh_token: first.refresh_token });
    expect(refreshed.status).toBe(200);
    const body = await refreshed.json();
    expect(body.refresh_token).not.toBe(first.refresh_token);
    expect(decodeJwt(body.access_token)).toMatchObject({ cnf: { jkt: alice.jkt } });
    expect((await callMe(alice, body.access_token)).status).toBe(200);
  });

  it("refresh with another key's proof is refused (wrong-key), and does not revoke the family: the key holder still refreshes", async () => {
    const alice = await newClient();
    const first = await (await signIn(alice)).json();
    const thief = await signIn(await newClient(), { grant_type: "refresh_token", refresh_token: first.refresh_token });
    expect(thief.status).toBe(400);
    expect(await thief.json()).toMatchObject({ error: "invalid_grant", reason: "wrong-key" });
    expect((await signIn(alice, { grant_type: "refresh_token", refresh_token: first.refresh_token })).status).toBe(200);
  });

  it("a bound refresh token at the browser's cookie refresh route (no proof) is refused: wrong-key", async () => {
    const alice = await newClient();
    const { refresh_token } = await (await signIn(alice)).json();
    const response = await cookieRefresh(request("/api/jwt/refresh", { method: "POST", headers: { cookie: `jwt-refresh=${refresh_token}` } }));
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ reason: "wrong-key" });
  });
});

describe("refresh families bound to a key (lib/jwt/refresh.ts)", () => {
  const deps = (): RefreshDeps => ({ store, now: Date.now, secret: "unit-test-refresh-secret-0123456789abcdef", policy: { refreshTokenTtlSeconds: 86_400, reuseGraceSeconds: 20, maxFamiliesPerUser: 3, tombstoneTtlSeconds: 360 } });

  it("the family keeps the key through rotations; an unbound family refuses a proven key", async () => {
    const first = await createRefreshToken(deps(), "bob", ["refresh"], "jkt-a");
    const next = await rotateRefreshToken(deps(), first.token, "jkt-a");
    expect(next).toMatchObject({ ok: true, jkt: "jkt-a" });
    expect(await readRefreshFamily(store, first.familyId)).toMatchObject({ live: { jkt: "jkt-a", generation: 1 } });
    const plain = await createRefreshToken(deps(), "bob", ["refresh"]);
    expect(await rotateRefreshToken(deps(), plain.token, "jkt-a")).toEqual({ ok: false, reason: "wrong-key" });
  });

  it("a spent token shown by another key is not taken for reuse; shown by the key holder it is, and revokes the family", async () => {
    const first = await createRefreshToken(deps(), "bob", ["refresh"], "jkt-a");
    const next = await rotateRefreshToken(deps(), first.token, "jkt-a");
    const later = { ...deps(), now: () => Date.now() + 60 * SECOND }; // past the grace window
    expect(await rotateRefreshToken(later, first.token, "jkt-b")).toEqual({ ok: false, reason: "wrong-key" });
    expect(await readRefreshFamily(store, first.familyId)).toMatchObject({ live: { generation: 1 } });
    expect(await rotateRefreshToken(later, first.token, "jkt-a")).toEqual({ ok: false, reason: "reused" });
    expect(next.ok && (await rotateRefreshToken(later, next.newToken, "jkt-a"))).toEqual({ ok: false, reason: "family-revoked" });
  });
});

/** N parallel requests with one proof: exactly one accepted, the others replayed-proof. */
async function raceOneProof(raceStore: KeyValueStore, trials: number, parallel: number) {
  const alice = await newClient();
  const token = await bound(alice);
  for (let trial = 0; trial < trials; trial++) {
    const headers = dpopHeaders(token, await proofFor(alice, "GET", "/api/jwt/me", token));
    const results = await Promise.all(Array.from({ length: parallel }, () => bindingOf(raceStore, token, headers)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.reason === "replayed-proof")).toHaveLength(parallel - 1);
  }
}

describe("the replay cache under parallel requests", () => {
  it("memory store: of 20 parallel uses of one proof exactly one is accepted, 25 trials", async () => {
    await raceOneProof(store, 25, 20);
  });
});
