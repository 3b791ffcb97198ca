import { expect, test, type Browser } from "@playwright/test";
import { createHmac, randomBytes } from "node:crypto";
import { E2E_BETTER_AUTH_SECRET } from "../e2e/env";
import {
  ALICE,
  BETTER_AUTH_CACHE_COOKIE,
  BETTER_AUTH_COOKIE,
  BOB,
  betterAuthSignIn,
  call,
  expectLoginRedirect,
  expectNoInternals,
  expectNoSignIn,
  expectRefused,
  expectStoreCalls,
  issuedCookie,
  secret,
  target,
  withSecurityServer,
  type Answer,
} from "./harness";

/**
 * The Better Auth lane (/better-auth, Better Auth's handler at /api/better-auth/*) attacked:
 * forged and tampered session cookies, a tampered cookie cache, cross-site server actions,
 * ambiguous cookies, and bad input to the handler. Its cross-site writes are in
 * cross-cutting.spec.ts with every lane's; the shared login limiter in better-auth-limiter.spec.ts.
 *
 * Better Auth's session cookie is `<token>.<base64 HMAC-SHA256 of the token>`, keyed by
 * BETTER_AUTH_SECRET; its cookie cache (the `compact` strategy) is base64url JSON of the
 * session and user, an expiry and an HMAC of both with the same key.
 */
withSecurityServer();

const ATTACKER_SECRET = "attacker-better-auth-secret-0123456789abcdef012345";
/** The demo switch (lib/better-auth/config.ts), `__Host-` under `next start`: the cookie cache on, for 5 minutes. */
const CACHE_PREFERENCE = "__Host-better-auth-demo-cookie-cache";
const CACHE_ON = { [CACHE_PREFERENCE]: "300" };

const me = (cookies: Record<string, string> | string) => call("/api/better-auth/me", { cookies });
const session = (cookie: string) => ({ [BETTER_AUTH_COOKIE]: cookie });

/** The token inside a session cookie as the browser holds it (percent-encoded `token.signature`). */
const tokenOf = (cookie: string) => decodeURIComponent(cookie).split(".")[0];

/** A session cookie for `token`, signed as Better Auth signs (better-call's signed cookies) with `key`. */
function signedCookie(token: string, key: string) {
  return secret(encodeURIComponent(`${token}.${createHmac("sha256", key).update(token).digest("base64")}`));
}

/** The API and the pages refuse this session cookie, as "invalid" (a cookie came, no session behind it). */
async function expectSessionCookieRefused(cookie: string) {
  expectRefused(await me(session(cookie)), 401, "invalid");
  expectLoginRedirect(await call("/better-auth/dashboard", { cookies: session(cookie) }), "better-auth", "/better-auth/dashboard", "invalid");
  const admin = await call("/better-auth/admin", { cookies: session(cookie) });
  expectLoginRedirect(admin, "better-auth", "/better-auth/admin", "invalid");
  expect(admin.body).not.toContain("admin-welcome");
}

test("control: a real sign-in is accepted, and a cookie for its token signed with the server's own secret too", async () => {
  const cookie = await betterAuthSignIn(BOB);
  expect((await me(session(cookie))).json).toMatchObject({ user: { id: "bob", role: "user" } });
  // The forging below is Better Auth's own format: with the real key it opens the session.
  expect((await me(session(signedCookie(tokenOf(cookie), E2E_BETTER_AUTH_SECRET)))).json).toMatchObject({ user: { id: "bob" } });
  const alice = await betterAuthSignIn(ALICE);
  const admin = await call("/better-auth/admin", { cookies: session(alice) });
  expect(admin.status).toBe(200);
  expect(admin.body).toContain("admin-welcome");
});

test("forged session cookies (a random token, signed with a made-up key or with random bytes) are refused before any store call", async () => {
  for (let i = 0; i < 5; i++) {
    const token = randomBytes(24).toString("base64url").slice(0, 32);
    const randomSignature = secret(encodeURIComponent(`${token}.${randomBytes(32).toString("base64")}`));
    for (const cookie of [signedCookie(token, ATTACKER_SECRET), randomSignature]) {
      await expectStoreCalls(0, async () => expectRefused(await me(session(cookie)), 401, "invalid"));
    }
  }
  await expectSessionCookieRefused(signedCookie(randomBytes(24).toString("base64url").slice(0, 32), ATTACKER_SECRET));
});

test("a real session's token with a tampered signature, or signed with another secret, is refused before any store call", async () => {
  const cookie = await betterAuthSignIn(ALICE);
  const [token, signature] = decodeURIComponent(cookie).split(".");
  const bobsSignature = decodeURIComponent(await betterAuthSignIn(BOB)).split(".")[1];
  const bytes = Buffer.from(signature, "base64");
  bytes[0] ^= 0x01;
  const variants = [
    secret(encodeURIComponent(`${token}.${bytes.toString("base64")}`)), // one bit of the signature flipped
    signedCookie(token, ATTACKER_SECRET), // the valid token, signed with another key
    secret(encodeURIComponent(`${token}.${bobsSignature}`)), // a genuine signature, of another session's token
    secret(token), // the bare token, as the sign-in's JSON body shows it: no signature
    secret(encodeURIComponent(`${token}.${signature.replace(/=$/, "")}`)), // the signature without its padding
  ];
  for (const variant of variants) {
    await expectStoreCalls(0, async () => expectRefused(await me(session(variant)), 401, "invalid"));
  }
  await expectSessionCookieRefused(signedCookie(token, ATTACKER_SECRET));
  // The real cookie still works: nothing above touched the session.
  expect((await me(session(cookie))).json).toMatchObject({ user: { id: "alice", role: "admin" } });
});

test("the token Better Auth puts in its JSON answers (sign-in, get-session) is not a credential by itself", async () => {
  const signIn = await call("/api/better-auth/sign-in/username", { json: BOB });
  const token = secret(String(signIn.json?.token ?? ""));
  expect(token.length).toBeGreaterThan(20);
  const cookie = issuedCookie(signIn, BETTER_AUTH_COOKIE) as string;
  expect(tokenOf(cookie)).toBe(token);
  await expectSessionCookieRefused(token);
  expectRefused(await call("/api/better-auth/me", { headers: { authorization: `Bearer ${token}` } }), 401, "missing");
});

// ---------------------------------------------------------------------------------------
// The cookie cache

interface CompactCache {
  session: { session: Record<string, unknown>; user: Record<string, unknown>; updatedAt: number; version?: string };
  expiresAt: number;
  signature: string;
}

/** A cache cookie for this session, issued by Better Auth's get-session with the switch on. */
async function cacheCookieFor(cookie: string): Promise<string> {
  const answer = await call("/api/better-auth/get-session", { cookies: { ...session(cookie), ...CACHE_ON } });
  expect(answer.status).toBe(200);
  const cache = issuedCookie(answer, BETTER_AUTH_CACHE_COOKIE);
  expect(cache, `a cache cookie (Set-Cookie: ${answer.setCookies.map((c) => c.slice(0, 40)).join(" | ")})`).toBeTruthy();
  return cache as string;
}

const decodeCache = (value: string) => JSON.parse(Buffer.from(decodeURIComponent(value), "base64url").toString()) as CompactCache;

/** A cache cookie with this content, its HMAC made with `key` (null: the signature kept as it was). */
function encodeCache(cache: CompactCache, key: string | null): string {
  const signature = key === null ? cache.signature : createHmac("sha256", key).update(JSON.stringify({ ...cache.session, expiresAt: cache.expiresAt })).digest("base64url");
  return secret(Buffer.from(JSON.stringify({ session: cache.session, expiresAt: cache.expiresAt, signature })).toString("base64url"));
}

/** Bob's cache, promoted to admin. */
const promoted = (cache: CompactCache): CompactCache => ({ ...cache, session: { ...cache.session, user: { ...cache.session.user, role: "admin" } } });

const withCache = (cookie: string, cache: string) => ({ ...session(cookie), ...CACHE_ON, [BETTER_AUTH_CACHE_COOKIE]: cache });

/** Bob stays bob the user, read from the store (2 round trips: the session, the user's revoked-before marker), and the admin page says 403. */
async function expectCacheIgnored(cookies: Record<string, string> | string) {
  const answer = await expectStoreCalls(2, () => me(cookies));
  expect(answer.status).toBe(200);
  expect(answer.json).toMatchObject({ user: { id: "bob", role: "user" } });
  expectNoInternals(answer);
  const admin = await call("/better-auth/admin", { cookies });
  expect(admin.status).toBe(403);
  expect(admin.body).not.toContain("admin-welcome");
}

test("control: a genuine cache cookie is read without a store call, and one re-signed with the real secret is trusted as it says", async () => {
  const cookie = await betterAuthSignIn(BOB);
  const cache = await cacheCookieFor(cookie);
  const answer = await expectStoreCalls(0, () => me(withCache(cookie, cache)));
  expect(answer.json).toMatchObject({ user: { id: "bob", role: "user" } });
  // Only the key holder can do this: the cache is as good as the secret (why it must stay short-lived).
  const minted = encodeCache(promoted(decodeCache(cache)), E2E_BETTER_AUTH_SECRET);
  expect((await me(withCache(cookie, minted))).json).toMatchObject({ user: { id: "bob", role: "admin" } });
  expect((await call("/better-auth/admin", { cookies: withCache(cookie, minted) })).status).toBe(200);
});

test("an unreadable cookie cache (`%`, `!!!!`) beside a valid session is ignored, never a 500: the API, get-session, the pages, the home page and the replay demo read the session from the store", async () => {
  const cookie = await betterAuthSignIn(BOB);
  for (const cache of ["%", "!!!!"]) {
    for (const preference of [CACHE_ON, {}]) {
      const cookies = { ...session(cookie), ...preference, [BETTER_AUTH_CACHE_COOKIE]: cache };
      const what = `session_data=${cache}, cache ${Object.keys(preference).length > 0 ? "on" : "off"}`;
      const api = await me(cookies);
      expect(api.status, what).toBe(200);
      expect(api.json, what).toMatchObject({ user: { id: "bob", role: "user" } });
      const getSession = await call("/api/better-auth/get-session", { cookies });
      expect(getSession.status, what).toBe(200);
      expect(getSession.json, what).toMatchObject({ user: { id: "bob" } });
      expect((await call("/better-auth/dashboard", { cookies })).status, what).toBe(200);
      expect((await call("/better-auth/admin", { cookies })).status, what).toBe(403);
      expect((await call("/", { cookies })).status, what).toBe(200);
      const replay = await call("/api/demo/replay", { cookies: preference, json: { lane: "better-auth", credential: `${cookie}|${cache}` } });
      expect(replay.status, what).toBe(200);
      expect(replay.json, what).toMatchObject({ accepted: true, user: { id: "bob" } });
      for (const answer of [api, getSession, replay]) expectNoInternals(answer);
    }
  }
});

test("a cookie cache with the role changed to admin and the signature kept is ignored: the store answers, bob is a user", async () => {
  const cookie = await betterAuthSignIn(BOB);
  const cache = decodeCache(await cacheCookieFor(cookie));
  await expectCacheIgnored(withCache(cookie, encodeCache(promoted(cache), null)));
  // Its expiry pushed out, the signature kept: the same.
  await expectCacheIgnored(withCache(cookie, encodeCache({ ...cache, expiresAt: cache.expiresAt + 86_400_000 }, null)));
});

test("a cookie cache signed with another key is ignored, whatever it says", async () => {
  const cookie = await betterAuthSignIn(BOB);
  const cache = decodeCache(await cacheCookieFor(cookie));
  await expectCacheIgnored(withCache(cookie, encodeCache(promoted(cache), ATTACKER_SECRET)));
  await expectCacheIgnored(withCache(cookie, encodeCache(cache, ATTACKER_SECRET)));
  // A signature that is not base64url at all, or none.
  await expectCacheIgnored(withCache(cookie, encodeCache({ ...promoted(cache), signature: "" }, null)));
});

test("alice's genuine cache cookie next to bob's session cookie does not make bob alice", async () => {
  const bob = await betterAuthSignIn(BOB);
  const aliceCache = await cacheCookieFor(await betterAuthSignIn(ALICE));
  await expectCacheIgnored(withCache(bob, aliceCache));
});

test("a cache cookie without a session cookie opens nothing", async () => {
  const cache = await cacheCookieFor(await betterAuthSignIn(ALICE));
  const cookies = { ...CACHE_ON, [BETTER_AUTH_CACHE_COOKIE]: cache };
  expectRefused(await me(cookies), 401, "missing");
  expectLoginRedirect(await call("/better-auth/admin", { cookies }), "better-auth", "/better-auth/admin");
});

// ---------------------------------------------------------------------------------------
// Cookie names: `__Host-`, as the other lanes' (a sibling subdomain or an http page cannot plant one)

/**
 * The names Better Auth used before `__Host-`, its development names, and the `__Secure-` copy of
 * the `__Host-` name that its getSessionCookie looks for first: what a sibling subdomain (or plain http) can set.
 */
const PLANTABLE = { session: ["__Secure-better-auth.session_token", "better-auth.session_token", "__Secure-__Host-better-auth.session_token"], cache: ["__Secure-better-auth.session_data", "better-auth.session_data"] };

/** A Set-Cookie line a browser keeps only from https, for this host alone: `__Host-`, Secure, Path=/, no Domain. */
function expectHostOnly(line: string) {
  const [pair, ...attributes] = line.split(";").map((part) => part.trim().toLowerCase());
  expect(line, "the name").toMatch(/^__Host-/);
  expect(attributes, line.split("=")[0]).toEqual(expect.arrayContaining(["secure", "path=/", "httponly", "samesite=lax"]));
  expect(attributes.filter((a) => a.startsWith("domain=") || (a.startsWith("path=") && a !== "path=/")), pair.split("=")[0]).toEqual([]);
}

test("every cookie Better Auth sets is `__Host-`, Secure, Path=/, no Domain: the sign-in's session and cache cookies, and the sign-out's clearing of both", async () => {
  const signIn = await call("/api/better-auth/sign-in/username", { json: BOB, cookies: CACHE_ON });
  expect(signIn.status, signIn.body.slice(0, 200)).toBe(200);
  expect(signIn.setCookies.map((line) => line.split("=")[0]).sort()).toEqual([BETTER_AUTH_CACHE_COOKIE, BETTER_AUTH_COOKIE].sort());
  for (const line of signIn.setCookies) expectHostOnly(line);
  const cookie = issuedCookie(signIn, BETTER_AUTH_COOKIE) as string;
  const signOut = await call("/api/better-auth/sign-out", { json: {}, cookies: { ...session(cookie), ...CACHE_ON, [BETTER_AUTH_CACHE_COOKIE]: issuedCookie(signIn, BETTER_AUTH_CACHE_COOKIE) as string } });
  expect(signOut.status).toBe(200);
  expect(signOut.setCookies.length).toBeGreaterThanOrEqual(2);
  // A clearing line without Secure would be ignored by the browser: the cookie would stay.
  for (const line of signOut.setCookies) expectHostOnly(line);
});

test("a live session's cookie planted under a name without `__Host-` (`__Secure-…`, or the plain development name) is not read: 401 missing, login", async () => {
  const cookie = await betterAuthSignIn(BOB);
  for (const name of PLANTABLE.session) {
    const cookies = { [name]: cookie };
    expectRefused(await me(cookies), 401, "missing");
    expectLoginRedirect(await call("/better-auth/dashboard", { cookies }), "better-auth", "/better-auth/dashboard");
    const getSession = await call("/api/better-auth/get-session", { cookies });
    expect(getSession.json, name).toBeNull();
  }
  // Control: under its own name the same cookie opens the session.
  expect((await me(session(cookie))).json).toMatchObject({ user: { id: "bob" } });
});

test("a cookie cache or a cache switch planted without `__Host-` is not read: not even an admin copy signed with the real key; no cache is issued", async () => {
  const cookie = await betterAuthSignIn(BOB);
  const minted = encodeCache(promoted(decodeCache(await cacheCookieFor(cookie))), E2E_BETTER_AUTH_SECRET);
  for (const name of PLANTABLE.cache) await expectCacheIgnored({ ...session(cookie), ...CACHE_ON, [name]: minted });
  // The demo switch under its development name: the cache stays off for this browser.
  const planted = await call("/api/better-auth/get-session", { cookies: { ...session(cookie), "better-auth-demo-cookie-cache": "300" } });
  expect(planted.json).toMatchObject({ user: { id: "bob" } });
  expect(issuedCookie(planted, BETTER_AUTH_CACHE_COOKIE)).toBeUndefined();
});

// ---------------------------------------------------------------------------------------
// Ambiguous cookies (middleware's duplicate-credential rule covers both of the lane's cookies)

const ambiguityLogged = (from: number) => target().server.output().slice(from).includes('"auth.ambiguous-cookie"');

test("a Better Auth session cookie sent twice is no credential: 401 on the API, login on the page, whichever order", async () => {
  const bob = await betterAuthSignIn(BOB);
  const alice = await betterAuthSignIn(ALICE);
  const from = target().server.output().length;
  for (const cookies of [`${BETTER_AUTH_COOKIE}=${bob}; ${BETTER_AUTH_COOKIE}=${alice}`, `${BETTER_AUTH_COOKIE}=${alice}; ${BETTER_AUTH_COOKIE}=${bob}`, `${BETTER_AUTH_COOKIE}=${bob}; ${BETTER_AUTH_COOKIE}=${bob}`]) {
    expectRefused(await me(cookies), 401, "missing");
    expectLoginRedirect(await call("/better-auth/dashboard", { cookies }), "better-auth", "/better-auth/dashboard");
    const admin = await call("/better-auth/admin", { cookies });
    expectLoginRedirect(admin, "better-auth", "/better-auth/admin");
  }
  expect((await me(session(bob))).status).toBe(200);
  await expect.poll(() => ambiguityLogged(from)).toBe(true);
});

test("a cache cookie sent twice is not read (not even one signed with the real key): the store answers", async () => {
  const cookie = await betterAuthSignIn(BOB);
  const genuine = await cacheCookieFor(cookie);
  const minted = encodeCache(promoted(decodeCache(genuine)), E2E_BETTER_AUTH_SECRET);
  const header = (first: string, second: string) =>
    `${BETTER_AUTH_COOKIE}=${cookie}; ${CACHE_PREFERENCE}=300; ${BETTER_AUTH_CACHE_COOKIE}=${first}; ${BETTER_AUTH_CACHE_COOKIE}=${second}`;
  await expectCacheIgnored(header(minted, genuine));
  await expectCacheIgnored(header(genuine, minted));
});

test("a forged admin cache split into chunk cookies (session_data.0, .1) is not admin", async () => {
  const cookie = await betterAuthSignIn(BOB);
  const forged = encodeCache(promoted(decodeCache(await cacheCookieFor(cookie))), ATTACKER_SECRET);
  const half = Math.floor(forged.length / 2);
  await expectCacheIgnored(`${BETTER_AUTH_COOKIE}=${cookie}; ${CACHE_PREFERENCE}=300; ${BETTER_AUTH_CACHE_COOKIE}.0=${forged.slice(0, half)}; ${BETTER_AUTH_CACHE_COOKIE}.1=${forged.slice(half)}`);
});

// ---------------------------------------------------------------------------------------
// Server actions sent cross-site

interface CapturedAction {
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** Clicks `button` on the dashboard in a browser holding this session cookie, and captures (without sending) the action's request. */
async function captureAction(browser: Browser, cookie: string, button: string): Promise<CapturedAction> {
  const context = await browser.newContext({ baseURL: target().base });
  await context.addCookies([{ name: BETTER_AUTH_COOKIE, value: cookie, domain: "localhost", path: "/", httpOnly: true, secure: true, sameSite: "Lax" }]);
  const page = await context.newPage();
  await page.goto("/better-auth/dashboard");
  let captured: CapturedAction | undefined;
  await page.route("**/better-auth/dashboard", async (route) => {
    const request = route.request();
    if (request.method() !== "POST") return route.continue();
    captured = { path: new URL(request.url()).pathname, headers: await request.allHeaders(), body: request.postData() ?? "" };
    await route.abort();
  });
  await page.getByRole("button", { name: button, exact: true }).click();
  await expect.poll(() => captured !== undefined).toBe(true);
  await context.close();
  return captured as CapturedAction;
}

function replay(action: CapturedAction, cookie: string, headers: Record<string, string>): Promise<Answer> {
  const kept = Object.fromEntries(Object.entries(action.headers).filter(([name]) => /^(next-action|next-router-state-tree|content-type|accept)$/i.test(name)));
  return call(action.path, { method: "POST", cookies: session(cookie), headers: { ...kept, ...headers }, body: action.body, origin: null });
}

const CROSS_SITE: Array<[string, Record<string, string>]> = [
  ["no Origin, Sec-Fetch-Site: cross-site", { "sec-fetch-site": "cross-site" }],
  ["a foreign Origin", { origin: "https://evil.example" }],
  ["Origin: null", { origin: "null" }],
];

for (const [button, what] of [
  ["Sign out", "ends this session"],
  ["Sign out all other devices", "ends the user's other sessions"],
] as const) {
  test(`the lane's server action "${button}" (${what}) sent cross-site is refused with a plain 403 before it runs`, async ({ browser }) => {
    const other = await betterAuthSignIn(BOB);
    const mine = await betterAuthSignIn(BOB);
    const action = await captureAction(browser, mine, button);
    expect(action.headers["next-action"]).toBeTruthy();
    const logFrom = target().server.output().length;
    await expectStoreCalls(0, async () => {
      for (const [how, headers] of CROSS_SITE) {
        const answer = await replay(action, mine, headers);
        expect(answer.status, how).toBe(403);
        expect(answer.body, how).toBe("Cross-site requests are not allowed to change state.");
        expectNoInternals(answer);
      }
    });
    // Nothing ran: both sessions still work.
    for (const cookie of [mine, other]) expect((await me(session(cookie))).status).toBe(200);
    expect(target().server.output().slice(logFrom)).not.toMatch(/\n\s+at /);
    // Control: the same action from the app's own origin runs.
    expect((await replay(action, mine, { origin: target().base })).status).toBeLessThan(400);
    const ended = button === "Sign out" ? mine : other;
    await expect.poll(async () => (await me(session(ended))).status).toBe(401);
  });
}

test("Better Auth's session-changing endpoints are not served over HTTP: what a cookie thief sends there never runs; sign-out is, and ends the session", async () => {
  const other = await betterAuthSignIn(BOB);
  const mine = await betterAuthSignIn(BOB);
  for (const [path, json] of [["revoke-other-sessions", {}], ["revoke-sessions", {}], ["revoke-session", { token: "x" }], ["update-session", { role: "admin" }], ["verify-password", { password: BOB.password }], ["list-sessions", undefined]] as const) {
    const answer = await call(`/api/better-auth/${path}`, { json, cookies: session(mine) });
    expectSentence(answer, 404);
  }
  expect((await me(session(other))).status).toBe(200);
  // Sign-out: the store forgets the session, so a copy of the cookie is refused at once.
  expect((await call("/api/better-auth/sign-out", { json: {}, cookies: session(mine) })).status).toBe(200);
  await expectSessionCookieRefused(mine);
  expect((await me(session(other))).status).toBe(200);
});

test("a script's sign-out (its cookie, no Origin) ends the session, answers 200 and clears the cookies", async () => {
  const mine = await betterAuthSignIn(BOB);
  const cache = await cacheCookieFor(mine);
  for (const body of [{}, undefined]) {
    const cookie = body === undefined ? await betterAuthSignIn(BOB) : mine;
    const answer = await call("/api/better-auth/sign-out", { method: "POST", json: body, cookies: { ...session(cookie), ...CACHE_ON, [BETTER_AUTH_CACHE_COOKIE]: cache }, origin: null });
    expect(answer.status, answer.body.slice(0, 200)).toBe(200);
    expect(answer.json).toEqual({ success: true });
    for (const name of [BETTER_AUTH_COOKIE, BETTER_AUTH_CACHE_COOKIE]) {
      expect(answer.setCookies.some((line) => line.startsWith(`${name}=`)), `${name} cleared`).toBe(true);
      expect(issuedCookie(answer, name)).toBeUndefined();
    }
    await expectSessionCookieRefused(cookie);
  }
});

// ---------------------------------------------------------------------------------------
// Bad input to Better Auth's handler

/** A refusal with a sentence: a 4xx (never a 500), a JSON body whose error or message is words, nobody signed in, nothing leaked. */
function expectSentence(answer: Answer, status?: number) {
  if (status !== undefined) expect(answer.status, answer.body.slice(0, 200)).toBe(status);
  expect(answer.status, answer.body.slice(0, 200)).toBeGreaterThanOrEqual(400);
  expect(answer.status, answer.body.slice(0, 200)).toBeLessThan(500);
  const said = String(answer.json?.error ?? answer.json?.message ?? "");
  expect(said, `words, not a code (body: ${answer.body.slice(0, 200)})`).toMatch(/^\S+(\s+\S+){2,}/);
  expectNoSignIn(answer);
  expectNoInternals(answer);
}

/** The endpoints served over HTTP that take a body (the rest are a 404 before any body is read). */
const ENDPOINTS = ["/api/better-auth/sign-in/username", "/api/better-auth/sign-out"];

test("non-JSON bodies get a 400 with a sentence on every Better Auth endpoint, and the sign-in touches no store", async () => {
  const cookie = await betterAuthSignIn(BOB);
  for (const body of ["{", "not json", '{"username":"alice",}', "\u0000"]) {
    await expectStoreCalls(0, async () => {
      const answer = await call("/api/better-auth/sign-in/username", { body, headers: { "content-type": "application/json" } });
      expectSentence(answer, 400);
      expect(answer.json).toEqual({ error: "Request body must be valid JSON." });
    });
    for (const path of ENDPOINTS.slice(1)) expectSentence(await call(path, { body, cookies: session(cookie), headers: { "content-type": "application/json" } }), 400);
  }
  // Still signed in: no malformed sign-out ended the session.
  expect((await me(session(cookie))).status).toBe(200);
});

test("wrong types get a 400 with a sentence and sign nobody in", async () => {
  const cookie = await betterAuthSignIn(BOB);
  const bodies: unknown[] = [null, [], "alice", { username: 123, password: "x" }, { username: ["alice"], password: ALICE.password }, { username: { $ne: null }, password: { $ne: null } }, { username: "alice", password: true }];
  await expectStoreCalls(0, async () => {
    for (const json of bodies) expectSentence(await call("/api/better-auth/sign-in/username", { json }), 400);
  });
  for (const json of [{ token: 123 }, { token: ["x"] }, [1, 2]]) expectSentence(await call("/api/better-auth/revoke-session", { json, cookies: session(cookie) }), 404);
  expect((await me(session(cookie))).status).toBe(200);
});

test("a 100 kB body gets a 413 on every Better Auth endpoint served before Better Auth reads it, and a 404 on the others", async () => {
  const cookie = await betterAuthSignIn(BOB);
  const big = "a".repeat(100_000);
  await expectStoreCalls(0, async () => {
    for (const path of [...ENDPOINTS, "/api/better-auth/revoke-sessions", "/api/better-auth/no-such-endpoint"]) {
      for (const json of [{ username: big, password: "x" }, { token: big }]) {
        const answer = await call(path, { json, cookies: session(cookie) });
        expectSentence(answer, ENDPOINTS.includes(path) ? 413 : 404);
        if (ENDPOINTS.includes(path)) expect(answer.json).toEqual({ error: "Request body is too large (at most 4096 bytes)." });
      }
    }
  });
  expect((await me(session(cookie))).status).toBe(200);
});

test("an unknown endpoint, and every disabled one, answer a 404 with a sentence, signed in or not", async () => {
  const cookie = await betterAuthSignIn(BOB);
  const disabled = ["/change-password", "/set-password", "/update-user", "/change-email", "/delete-user", "/is-username-available", "/sign-up/email", "/sign-in/email"];
  const body = { email: "bob@users.demo.invalid", username: "bob", name: "Mallory", password: "a-new-password-123", newPassword: "a-new-password-123", currentPassword: BOB.password, role: "admin" };
  for (const path of ["/no-such-endpoint", ...disabled]) {
    for (const cookies of [undefined, session(cookie)]) {
      expectSentence(await call(`/api/better-auth${path}`, { json: body, cookies }), 404);
      expectSentence(await call(`/api/better-auth${path}`, { cookies }), 404);
    }
  }
  // Nothing changed: bob is still bob the user, with his password.
  expect((await me(session(cookie))).json).toMatchObject({ user: { id: "bob", role: "user", name: "Bob" } });
  expect((await call("/api/better-auth/sign-in/username", { json: BOB })).status).toBe(200);
});

test("Better Auth's update-session cannot rewrite bob's session: another user, a later expiry, a role", async () => {
  const cookie = await betterAuthSignIn(BOB);
  const before = (await me(session(cookie))).json as { session: { expiresAt: number } };
  for (const json of [{ userId: "alice" }, { expiresAt: "2099-01-01T00:00:00.000Z" }, { role: "admin" }, { user: { role: "admin" } }, { token: "x", userId: "alice", role: "admin" }]) {
    const answer = await call("/api/better-auth/update-session", { json, cookies: session(cookie) });
    expectSentence(answer, 404); // not served over HTTP at all
  }
  expect((await me(session(cookie))).json).toMatchObject({ user: { id: "bob", role: "user" }, session: { expiresAt: before.session.expiresAt } });
  expect((await call("/better-auth/admin", { cookies: session(cookie) })).status).toBe(403);
});

test("the email sign-up is no account oracle: a user who signed in here and one who never existed get the same answer", async () => {
  await betterAuthSignIn(BOB); // Better Auth now holds a copy of bob
  const answers = await Promise.all(["bob", "no-such-user-here"].map((username) =>
    call("/api/better-auth/sign-up/email", { json: { email: `${username}@example.test`, password: "a-long-password-123", name: "x", username } })));
  expect(answers[0].status).toBe(answers[1].status);
  expect(answers[0].body).toBe(answers[1].body);
  expect(answers[0].body).not.toMatch(/taken|exists/i);
});

test("sign-in and get-session answers carry no password, hash or secret", async () => {
  const signIn = await call("/api/better-auth/sign-in/username", { json: BOB });
  expect(signIn.status).toBe(200);
  secret(String(signIn.json?.token ?? ""));
  const cookie = issuedCookie(signIn, BETTER_AUTH_COOKIE) as string;
  const answers = [
    signIn,
    await call("/api/better-auth/get-session", { cookies: session(cookie) }),
    await me(session(cookie)),
  ];
  for (const answer of answers) {
    expect(answer.status, answer.body.slice(0, 200)).toBe(200);
    expectNoInternals(answer);
    expect(answer.body).not.toContain(BOB.password);
    expect(answer.body).not.toMatch(/"password"|scrypt|\$[a-z0-9]+\$/i);
  }
  // A wrong password's refusal does not echo it either.
  const wrong = await call("/api/better-auth/sign-in/username", { json: { username: "bob", password: "Wrong-password-echo-check" } });
  expectSentence(wrong, 401);
  expect(wrong.body).not.toContain("Wrong-password-echo-check");
});

test("a username Better Auth's own rules reject is answered like any wrong sign-in (401, the same sentence, counted), in the JSON route and the login form alike", async ({ page }) => {
  const answer = await call("/api/better-auth/sign-in/username", { json: { username: "not a username!", password: "whatever-password" } });
  expectSentence(answer, 401);
  expect(answer.json).toMatchObject({ error: "Username or password is incorrect.", attemptsLeft: expect.any(Number) });

  await page.goto(`${target().base}/better-auth/login`);
  await page.getByLabel("Username").fill("not a username!");
  await page.getByLabel("Password").fill("whatever-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("form-error")).toHaveText("Username or password is incorrect.");
  await expect(page.getByTestId("attempts-left")).toBeVisible();
  // The form keeps what was typed as the username (React resets an action's form): only the password goes.
  await expect(page.getByLabel("Username")).toHaveValue("not a username!");
  await expect(page.getByLabel("Password")).toHaveValue("");
});
