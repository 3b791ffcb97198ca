import { expect, test } from "@playwright/test";
import { createServer, type Server } from "node:http";
import { SignJWT, exportJWK, generateKeyPair, importJWK } from "jose";
import { E2E_JWT_SECRET, E2E_SIGNING_KEYS } from "../e2e/env";
import { freePort } from "../../scripts/lib/processes";
import {
  ACCESS_HEADER,
  BOB,
  JWT_COOKIE,
  JWT_REFRESH_COOKIE,
  SESSION_COOKIE,
  accessClaims,
  type Call,
  base64url,
  call,
  decodeJws,
  expectLoginRedirect,
  expectRefused,
  expectStoreCalls,
  hmacJwt,
  jwtLogin,
  nowSeconds,
  secret,
  sessionLogin,
  withSecurityServer,
} from "./harness";

/**
 * Forged and misused JWTs against the /jwt lane (RFC 8725's list and then some), each sent
 * to the API (`/api/jwt/me`, answering 401 with a reason) and to a page (`/jwt/dashboard`,
 * redirecting to the login page). A forged token never reaches the store: the signature
 * check refuses it first, so every attack here costs 0 store calls.
 * Plain tokens (no refresh check) live 3 s on this server, for the expiry attack.
 */
withSecurityServer({ JWT_ACCESS_TOKEN_TTL_SECONDS: "3" });

/** Sends the token as the cookie to the API and to a page; both must refuse it, for `reason`. */
async function expectTokenRefused(token: string, reason: string) {
  await expectStoreCalls(0, async () => {
    expectRefused(await call("/api/jwt/me", { cookies: { [JWT_COOKIE]: token } }), 401, reason);
    expectRefused(await call("/api/jwt/me", { headers: { authorization: `Bearer ${token}` } }), 401, reason);
    expectLoginRedirect(await call("/jwt/dashboard", { cookies: { [JWT_COOKIE]: token } }), "jwt", "/jwt/dashboard", reason);
  });
}

test("control: a token signed with the real secret and the exact claims is accepted (so the forgeries below are refused for what they change)", async () => {
  const token = hmacJwt(ACCESS_HEADER, accessClaims({ sub: "bob", role: "user" }), E2E_JWT_SECRET);
  const me = await call("/api/jwt/me", { cookies: { [JWT_COOKIE]: token } });
  expect(me.status).toBe(200);
  expect(me.json).toMatchObject({ user: { id: "bob", role: "user" } });
  expect((await call("/jwt/dashboard", { cookies: { [JWT_COOKIE]: token } })).status).toBe(200);
});

test("alg: none with an empty signature (trailing dot) is refused", async () => {
  const token = secret(`${base64url({ alg: "none", typ: "at+jwt" })}.${base64url(accessClaims())}.`);
  await expectTokenRefused(token, "wrong-algorithm");
});

test("alg: none without the trailing dot (two segments) is refused", async () => {
  const token = secret(`${base64url({ alg: "none", typ: "at+jwt" })}.${base64url(accessClaims())}`);
  await expectTokenRefused(token, "malformed");
});

test("alg: NONE / None spelled differently is refused", async () => {
  for (const alg of ["NONE", "None", "nOnE"]) {
    await expectTokenRefused(secret(`${base64url({ alg, typ: "at+jwt" })}.${base64url(accessClaims())}.`), "wrong-algorithm");
  }
});

test("HS512 with the right key is refused (the algorithm is pinned, not taken from the token)", async () => {
  await expectTokenRefused(hmacJwt({ alg: "HS512", typ: "at+jwt" }, accessClaims(), E2E_JWT_SECRET, "sha512"), "wrong-algorithm");
  await expectTokenRefused(hmacJwt({ alg: "HS384", typ: "at+jwt" }, accessClaims(), E2E_JWT_SECRET, "sha384"), "wrong-algorithm");
});

test("algorithm confusion: RS256 and ES256 headers with an HMAC made with the secret as the “public key” are refused", async () => {
  await expectTokenRefused(hmacJwt({ alg: "RS256", typ: "at+jwt" }, accessClaims(), E2E_JWT_SECRET), "wrong-algorithm");
  await expectTokenRefused(hmacJwt({ alg: "ES256", typ: "at+jwt" }, accessClaims(), E2E_JWT_SECRET), "wrong-algorithm");
});

test("a token signed with another key is refused", async () => {
  await expectTokenRefused(hmacJwt(ACCESS_HEADER, accessClaims(), "attacker-chosen-secret-0123456789abcdef0123"), "bad-signature");
  // The empty key and a key made of the well-known placeholder are just other keys too.
  await expectTokenRefused(hmacJwt(ACCESS_HEADER, accessClaims(), ""), "bad-signature");
  await expectTokenRefused(hmacJwt(ACCESS_HEADER, accessClaims(), "replace-me-with-at-least-32-random-bytes"), "bad-signature");
});

test("tampered claims: bob's real token edited to role admin (and sub alice) is refused", async () => {
  const { token } = await jwtLogin(BOB, ["refresh"]);
  const { payload, segments } = decodeJws(token);
  const asAdmin = secret(`${segments[0]}.${base64url({ ...payload, role: "admin" })}.${segments[2]}`);
  await expectTokenRefused(asAdmin, "bad-signature");
  const asAlice = secret(`${segments[0]}.${base64url({ ...payload, sub: "alice", role: "admin" })}.${segments[2]}`);
  await expectTokenRefused(asAlice, "bad-signature");
  // Dropping the revocation checks from the claims (`rev`) is an edit like any other.
  const { rev: _rev, ...withoutChecks } = payload;
  await expectTokenRefused(secret(`${segments[0]}.${base64url(withoutChecks)}.${segments[2]}`), "bad-signature");
});

test("a real token with its signature stripped is refused", async () => {
  const { token } = await jwtLogin(BOB, ["refresh"]);
  const [h, p] = token.split(".");
  await expectTokenRefused(secret(`${h}.${p}.`), "bad-signature");
  await expectTokenRefused(secret(`${h}.${p}`), "malformed");
});

test("an expired token (signed with the right key) is refused", async () => {
  const iat = nowSeconds() - 3600;
  await expectTokenRefused(hmacJwt(ACCESS_HEADER, accessClaims({ iat, exp: iat + 60 }), E2E_JWT_SECRET), "expired");
});

test("a real token is refused once its exp has passed (server issues 3-second plain tokens)", async () => {
  const { token } = await jwtLogin(BOB, []);
  expect((await call("/api/jwt/me", { cookies: { [JWT_COOKIE]: token } })).status).toBe(200);
  await expect.poll(async () => (await call("/api/jwt/me", { cookies: { [JWT_COOKIE]: token } })).status, { timeout: 10_000 }).toBe(401);
  await expectTokenRefused(token, "expired");
});

test("a token with nbf in the future is refused", async () => {
  await expectTokenRefused(hmacJwt(ACCESS_HEADER, accessClaims({ nbf: nowSeconds() + 3600 }), E2E_JWT_SECRET), "not-yet-valid");
});

test("a token without exp (never expiring) is refused", async () => {
  const { exp: _exp, ...claims } = accessClaims();
  await expectTokenRefused(hmacJwt(ACCESS_HEADER, claims, E2E_JWT_SECRET), "invalid-claims");
});

test("a token without jti or sub is refused", async () => {
  const { jti: _jti, ...noJti } = accessClaims();
  await expectTokenRefused(hmacJwt(ACCESS_HEADER, noJti, E2E_JWT_SECRET), "invalid-claims");
  const { sub: _sub, ...noSub } = accessClaims();
  await expectTokenRefused(hmacJwt(ACCESS_HEADER, noSub, E2E_JWT_SECRET), "invalid-claims");
});

test("a token with a role the app does not know (superuser) is refused", async () => {
  await expectTokenRefused(hmacJwt(ACCESS_HEADER, accessClaims({ role: "superuser" }), E2E_JWT_SECRET), "invalid-claims");
});

test("a token from another issuer, or with no issuer, is refused", async () => {
  await expectTokenRefused(hmacJwt(ACCESS_HEADER, accessClaims({ iss: "https://evil.example" }), E2E_JWT_SECRET), "wrong-issuer");
  const { iss: _iss, ...noIssuer } = accessClaims();
  await expectTokenRefused(hmacJwt(ACCESS_HEADER, noIssuer, E2E_JWT_SECRET), "wrong-issuer");
});

test("a token for another audience, or with no audience, is refused", async () => {
  await expectTokenRefused(hmacJwt(ACCESS_HEADER, accessClaims({ aud: "urn:jwt-vs-session:third-party" }), E2E_JWT_SECRET), "wrong-audience");
  const { aud: _aud, ...noAudience } = accessClaims();
  await expectTokenRefused(hmacJwt(ACCESS_HEADER, noAudience, E2E_JWT_SECRET), "wrong-audience");
});

test("a token of another type (typ: JWT, or none) is refused", async () => {
  await expectTokenRefused(hmacJwt({ alg: "HS256", typ: "JWT" }, accessClaims(), E2E_JWT_SECRET), "wrong-type");
  await expectTokenRefused(hmacJwt({ alg: "HS256" }, accessClaims(), E2E_JWT_SECRET), "wrong-type");
});

test("an unknown critical header (crit) is refused, even with the right key", async () => {
  const header = { ...ACCESS_HEADER, crit: ["x-must-understand"], "x-must-understand": true };
  // jose refuses an extension it does not implement as "not supported", which lib/jwt.ts
  // reports as wrong-algorithm.
  await expectTokenRefused(hmacJwt(header, accessClaims(), E2E_JWT_SECRET), "wrong-algorithm");
});

test("kid injection (path traversal, SQL) with a key the attacker chose is refused", async () => {
  const kids: Array<[string, string]> = [
    ["../../../../../../dev/null", ""], // the classic: a kid naming an empty file, and a signature made with an empty key
    ["../../.env.local", "attacker"],
    ["' UNION SELECT 'attacker-key' -- ", "attacker-key"],
    ["x' OR '1'='1", "attacker-key"],
  ];
  for (const [kid, key] of kids) {
    await expectTokenRefused(hmacJwt({ ...ACCESS_HEADER, kid }, accessClaims(), key), "bad-signature");
  }
});

test("jku, x5u and jwk headers pointing at the attacker's keys are refused, and the server never fetches them", async () => {
  // The attacker's key server: it must never be asked.
  let fetched = 0;
  const keyServer: Server = createServer((_request, response) => {
    fetched++;
    response.end("{}");
  });
  const port = await freePort();
  await new Promise<void>((resolve) => keyServer.listen(port, "127.0.0.1", resolve));
  try {
    const attackerUrl = `http://127.0.0.1:${port}/jwks.json`;
    const attackerSecret = "attacker-hmac-secret-0123456789abcdef012345";
    const attackerJwk = { kty: "oct", k: Buffer.from(attackerSecret).toString("base64url") };
    await expectTokenRefused(hmacJwt({ ...ACCESS_HEADER, jku: attackerUrl, kid: "a" }, accessClaims(), attackerSecret), "bad-signature");
    await expectTokenRefused(hmacJwt({ ...ACCESS_HEADER, x5u: attackerUrl }, accessClaims(), attackerSecret), "bad-signature");
    await expectTokenRefused(hmacJwt({ ...ACCESS_HEADER, jwk: attackerJwk }, accessClaims(), attackerSecret), "bad-signature");

    // An asymmetric key embedded in the header, and the token signed with its private half.
    const { publicKey, privateKey } = await generateKeyPair("ES256", { extractable: true });
    const embedded = await new SignJWT(accessClaims())
      .setProtectedHeader({ alg: "ES256", typ: "at+jwt", jwk: await exportJWK(publicKey) })
      .sign(privateKey);
    await expectTokenRefused(secret(embedded), "wrong-algorithm");
    expect(fetched, "requests the server made to the attacker's key URL").toBe(0);
  } finally {
    await new Promise((resolve) => keyServer.close(resolve));
  }
});

test("a token signed with the app's own third-party key (EdDSA) is refused by the HS256 lane", async () => {
  const key = await importJWK({ ...E2E_SIGNING_KEYS[0], alg: "EdDSA" }, "EdDSA");
  const token = await new SignJWT(accessClaims()).setProtectedHeader({ alg: "EdDSA", typ: "at+jwt", kid: E2E_SIGNING_KEYS[0].kid }).sign(key);
  await expectTokenRefused(secret(token), "wrong-algorithm");
});

test("a third-party token (from /api/session/token) used as the login cookie is refused", async () => {
  const sid = await sessionLogin(BOB);
  const minted = await call("/api/session/token", { method: "POST", cookies: { [SESSION_COOKIE]: sid } });
  expect(minted.status).toBe(200);
  const token = secret(String(minted.json?.token));
  await expectTokenRefused(token, "wrong-algorithm");
});

test("an access token used as a refresh token is refused", async () => {
  const { token } = await jwtLogin(BOB, ["refresh"]);
  const answer = await expectStoreCalls(0, () => call("/api/jwt/refresh", { method: "POST", cookies: { [JWT_REFRESH_COOKIE]: token } }));
  expectRefused(answer, 401, "malformed");
  const page = await call("/api/jwt/refresh?next=/jwt/dashboard", { cookies: { [JWT_REFRESH_COOKIE]: token } });
  expectLoginRedirect(page, "jwt", "/jwt/dashboard", "refresh-malformed");
});

test("a refresh token used as an access token is refused", async () => {
  const { refresh } = await jwtLogin(BOB, ["refresh"]);
  expect(refresh).toBeTruthy();
  await expectTokenRefused(refresh as string, "malformed");
});

test("the refresh demo's thief cannot be aimed at a family it holds no token of: a forged copy is refused before any store call", async () => {
  const { refresh } = await jwtLogin(BOB, ["refresh"]);
  const real = refresh as string;
  const forgedTag = `${real.slice(0, real.lastIndexOf(".") + 1)}${"A".repeat(43)}`; // bob's family, a tag this server never made
  for (const copy of [forgedTag, "not-a-token", real.split(".").slice(0, 2).join(".")]) {
    const answer = await expectStoreCalls(0, () => call("/api/jwt/refresh/thief", { method: "POST", cookies: { "__Secure-jwt-thief-copy": copy } }));
    expect(answer.status).toBe(409);
    expect(answer.json).toMatchObject({ error: expect.stringMatching(/^The thief has no copy yet/) });
  }
  // The family was never touched: bob's real refresh token still rotates.
  expect((await call("/api/jwt/refresh", { method: "POST", cookies: { [JWT_REFRESH_COOKIE]: real } })).json).toMatchObject({ ok: true, rotated: true });
});

test("a JWT with the jti check replayed after logout is refused, and so is its refresh token", async () => {
  const { token, refresh } = await jwtLogin(BOB, ["jti", "refresh"]);
  const logout = await call("/api/jwt/logout", { method: "POST", cookies: { [JWT_COOKIE]: token } });
  expect(logout.json).toMatchObject({ ok: true, revoked: { jti: true, refreshFamily: true } });
  // One store call: the denylist and version lookup of the (authentic) token; nothing written.
  await expectStoreCalls(1, async () => expectRefused(await call("/api/jwt/me", { cookies: { [JWT_COOKIE]: token } }), 401, "revoked"));
  expectLoginRedirect(await call("/jwt/dashboard", { cookies: { [JWT_COOKIE]: token } }), "jwt", "/jwt/dashboard", "revoked");
  expectRefused(await call("/api/jwt/refresh", { method: "POST", cookies: { [JWT_REFRESH_COOKIE]: refresh as string } }), 401, "family-revoked");
});

test("JWTs with the version check replayed after “log out everywhere” are refused on every device, and their refresh tokens too", async () => {
  const laptop = await jwtLogin(BOB, ["ver", "refresh"]);
  const phone = await jwtLogin(BOB, ["ver", "refresh"]);
  expect((await call("/api/jwt/logout-everywhere", { method: "POST", cookies: { [JWT_COOKIE]: laptop.token } })).status).toBe(200);
  for (const device of [laptop, phone]) {
    expectRefused(await call("/api/jwt/me", { cookies: { [JWT_COOKIE]: device.token } }), 401, "stale-version");
    expectRefused(await call("/api/jwt/refresh", { method: "POST", cookies: { [JWT_REFRESH_COOKIE]: device.refresh as string } }), 401, "family-revoked");
  }
  // The page would try a refresh (the token came with one), which is refused in turn.
  const page = await call("/jwt/dashboard", { cookies: { [JWT_COOKIE]: phone.token } });
  expect(page.status).toBe(307);
  const refreshUrl = new URL(page.location ?? "", "http://x");
  expect(refreshUrl.pathname).toBe("/api/jwt/refresh");
  const refresh = await call(`${refreshUrl.pathname}${refreshUrl.search}`, { cookies: { [JWT_COOKIE]: phone.token, [JWT_REFRESH_COOKIE]: phone.refresh as string } });
  // The login page is told what ended the family: "sign out everywhere", not a list of causes.
  expectLoginRedirect(refresh, "jwt", "/jwt/dashboard", "refresh-everywhere");
});

test("a refresh token of a family reuse revoked sends the page to login saying so (family-reused), not a list of causes", async () => {
  const { refresh } = await jwtLogin(BOB, ["refresh"]);
  const spend = () => call("/api/jwt/refresh", { method: "POST", cookies: { [JWT_REFRESH_COOKIE]: refresh as string } });
  expect((await spend()).status).toBe(200); // rotated
  expect((await spend()).status).toBe(200); // the grace window's one extra answer (two tabs)
  expectRefused(await spend(), 401, "reused"); // a third use: reuse, the family is revoked
  const hop = await call("/api/jwt/refresh?next=%2Fjwt%2Fdashboard", { cookies: { [JWT_REFRESH_COOKIE]: refresh as string } });
  expectLoginRedirect(hop, "jwt", "/jwt/dashboard", "family-reused");
});

test("an oversized token is refused without a crash: 401 under the header limit, 431 over it", async () => {
  const padded = hmacJwt(ACCESS_HEADER, accessClaims({ pad: "A".repeat(6_000) }), "attacker-secret-0123456789abcdef0123456");
  await expectTokenRefused(padded, "bad-signature");
  const huge = secret(`${base64url(ACCESS_HEADER)}.${"A".repeat(100_000)}.sig`);
  const answer = await expectStoreCalls(0, () => call("/api/jwt/me", { cookies: { [JWT_COOKIE]: huge } }));
  expect(answer.status).toBe(431);
  expect(answer.body).not.toContain("node_modules");
  expect(answer.setCookies).toEqual([]);
  // Still serving afterwards.
  expectRefused(await call("/api/jwt/me"), 401, "missing");
});

test("Bearer header variants: only `Bearer <valid token>` is accepted, and a bad Authorization never falls back to a good cookie", async () => {
  const { token } = await jwtLogin(BOB, ["refresh"]);
  const forged = hmacJwt(ACCESS_HEADER, accessClaims(), "attacker-secret-0123456789abcdef0123456");
  expect((await call("/api/jwt/me", { headers: { authorization: `Bearer ${token}` } })).json).toMatchObject({ user: { id: "bob" } });
  expect((await call("/api/jwt/me", { headers: { authorization: `bearer ${token}` } })).status).toBe(200); // the scheme is case-insensitive (RFC 9110)

  const refusals: Array<[string, string]> = [
    ["Bearer", "missing"],
    ["Bearer ", "missing"],
    [`Basic ${Buffer.from("alice:correct-horse").toString("base64")}`, "missing"],
    [`Token ${token}`, "missing"],
    [`Bearer ${token} ${token}`, "missing"],
    [`Bearer ${forged}`, "bad-signature"],
    [`Bearer ${token}x`, "bad-signature"],
    [`Bearer "${token}"`, "malformed"],
  ];
  for (const [authorization, reason] of refusals) {
    await expectStoreCalls(0, async () => {
      // With bob's valid cookie alongside: the Authorization header is the credential that counts.
      const answer = await call("/api/jwt/me", { headers: { authorization }, cookies: { [JWT_COOKIE]: token } });
      expectRefused(answer, 401, reason);
    });
  }
});

test("a forged admin token in the cookie does not open /jwt/admin", async () => {
  const forged = hmacJwt(ACCESS_HEADER, accessClaims({ sub: "alice", role: "admin" }), "attacker-secret-0123456789abcdef0123456");
  expectLoginRedirect(await call("/jwt/admin", { cookies: { [JWT_COOKIE]: forged } }), "jwt", "/jwt/admin", "bad-signature");
});

test("sudo mode: a JWT whose sign-in is two hours old cannot sign out everywhere without the password, however it asks; nothing is revoked", async () => {
  const { token } = await jwtLogin(BOB, ["ver"]);
  const old = hmacJwt(ACCESS_HEADER, { ...decodeJws(token).payload, jti: crypto.randomUUID(), auth_time: nowSeconds() - 2 * 3600 }, E2E_JWT_SECRET);
  const bearer = { authorization: `Bearer ${old}` };
  const asks: Call[] = [
    { method: "POST", headers: bearer }, // no body, no Content-Length
    { headers: bearer, body: "" },
    { headers: { ...bearer, "content-type": "application/json" }, json: {} },
    { headers: bearer, json: { password: "a-guess" } },
  ];
  for (const ask of asks) {
    const answer = await call("/api/jwt/logout-everywhere", ask);
    expect(answer.status).toBe(401);
    expect(answer.headers.get("www-authenticate")).toMatch(/^Bearer error="insufficient_user_authentication", error_description="[^"]+", max_age=\d+$/);
    expect(answer.json?.reason).toMatch(/^(stale-sign-in|wrong-password)$/);
  }
  // The token version did not move: the token (version check) still opens the API.
  expect((await call("/api/jwt/me", { headers: bearer })).status).toBe(200);
});
