import { expect, test } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { E2E_JWT_SECRET } from "../e2e/env";
import {
  ACCESS_HEADER,
  ALICE,
  AUTHJS_COOKIE,
  BETTER_AUTH_COOKIE,
  BOB,
  JWT_COOKIE,
  SESSION_COOKIE,
  accessClaims,
  authjsSignIn,
  betterAuthSignIn,
  call,
  expectLoginRedirect,
  expectNoInternals,
  expectNoSignIn,
  expectRefused,
  expectStoreCalls,
  hmacJwt,
  issuedCookie,
  jwtLogin,
  sessionLogin,
  target,
  withSecurityServer,
  type Answer,
} from "./harness";

/**
 * Attacks on what all four lanes share: the Origin check on writes, identity headers a
 * client might send, the JSON body parser and the login form's username.
 */
withSecurityServer();

/** Every state-changing route: each must refuse a cross-site write before doing anything. */
const WRITES = [
  "/api/jwt/login",
  "/api/jwt/logout",
  "/api/jwt/logout-everywhere",
  "/api/jwt/refresh",
  "/api/jwt/refresh/demo",
  "/api/jwt/refresh/thief",
  "/api/session/login",
  "/api/session/logout",
  "/api/session/token",
  "/api/demo/replay",
  "/api/auth/callback/credentials",
  "/api/auth/session",
  "/api/auth/signout",
  // The stopwatch's Auth.js sign-out (a route, so the page is not rendered again).
  "/api/authjs/sign-out",
  // Better Auth's own handler (the lane's JSON sign-in, behind the shared limiter, and its session endpoints).
  "/api/better-auth/sign-in/username",
  "/api/better-auth/sign-out",
  "/api/better-auth/revoke-session",
  "/api/better-auth/revoke-sessions",
  "/api/better-auth/revoke-other-sessions",
];

const CROSS_ORIGIN_MESSAGE = "Cross-site requests are not allowed to change state.";

/** Signs bob in on all four lanes: the cookies a victim's browser would attach. */
async function victimCookies() {
  const jwt = await jwtLogin(BOB, ["jti", "ver"]);
  const sid = await sessionLogin(BOB);
  const authjs = (await authjsSignIn(BOB)).token as string;
  const betterAuth = await betterAuthSignIn(BOB);
  return { [JWT_COOKIE]: jwt.token, [SESSION_COOKIE]: sid, [AUTHJS_COOKIE]: authjs, [BETTER_AUTH_COOKIE]: betterAuth };
}

/** The victim is still signed in everywhere, as bob: the refused writes changed nothing. */
async function expectVictimUnchanged(cookies: Record<string, string>) {
  expect((await call("/api/jwt/me", { cookies })).json).toMatchObject({ user: { id: "bob", role: "user" } });
  expect((await call("/api/session/me", { cookies })).json).toMatchObject({ user: { id: "bob", role: "user" } });
  expect((await call("/api/authjs/me", { cookies })).json).toMatchObject({ user: { id: "bob", role: "user" } });
  expect((await call("/api/better-auth/me", { cookies })).json).toMatchObject({ user: { id: "bob", role: "user" } });
}

function expectCrossOriginRefusal(answer: Answer) {
  expectRefused(answer, 403);
  expect(answer.json).toEqual({ error: CROSS_ORIGIN_MESSAGE });
}

const LOGIN_BODY = { ...ALICE, csrfToken: "x", data: { role: "admin" }, lane: "session", credential: "x", token: "x", revokeOtherSessions: true };

for (const [name, origin] of [
  ["a foreign Origin", "https://evil.example"],
  ["Origin: null (sandboxed frame, redirect)", "null"],
  ["a look-alike Origin (localhost.evil.example)", "http://localhost.evil.example"],
] as const) {
  test(`${name} is refused on every state-changing route, with the victim's cookies, and nothing changes`, async () => {
    const cookies = await victimCookies();
    await expectStoreCalls(0, async () => {
      for (const path of WRITES) expectCrossOriginRefusal(await call(path, { json: LOGIN_BODY, cookies, origin }));
    });
    await expectVictimUnchanged(cookies);
  });
}

test("a cross-site write with no Origin but Sec-Fetch-Site: cross-site is refused on every state-changing route", async () => {
  const cookies = await victimCookies();
  await expectStoreCalls(0, async () => {
    for (const path of WRITES) {
      expectCrossOriginRefusal(await call(path, { json: LOGIN_BODY, cookies, origin: null, headers: { "sec-fetch-site": "cross-site" } }));
    }
  });
  await expectVictimUnchanged(cookies);
});

test("a cross-site form post (text/plain, the CORS-free content type) cannot log anyone in", async () => {
  const answer = await expectStoreCalls(0, () =>
    call("/api/session/login", { body: JSON.stringify(ALICE), headers: { "content-type": "text/plain" }, origin: "https://evil.example" }));
  expectCrossOriginRefusal(answer);
});

/** Identity headers a client might send hoping a page trusts them. */
const SPOOFED_IDENTITY = {
  "x-user-id": "alice",
  "x-user-role": "admin",
  "x-user-name": "alice",
  "x-auth-session-check": "store",
  "x-auth-jwt-revocation": "edge",
  "x-auth-runtime": "edge",
  "x-auth-gate": "middleware (edge)",
  "x-auth-pathname": "//evil.example/",
};

const PROTECTED_PAGES = ["/jwt/dashboard", "/jwt/admin", "/session/dashboard", "/session/admin", "/session/devices", "/authjs/dashboard", "/authjs/admin", "/better-auth/dashboard", "/better-auth/admin"];

test("spoofed x-user-* / x-auth-* headers open no protected route without a credential", async () => {
  const headers = SPOOFED_IDENTITY;
  expectRefused(await call("/api/jwt/me", { headers }), 401, "missing");
  expectRefused(await call("/api/session/me", { headers }), 401, "missing");
  expectRefused(await call("/api/authjs/me", { headers }), 401, "missing");
  expectRefused(await call("/api/better-auth/me", { headers }), 401, "missing");
  expectRefused(await call("/api/jwt/logout-everywhere", { method: "POST", headers }), 401, "missing");
  expectRefused(await call("/api/session/token", { method: "POST", headers }), 401, "missing");
  for (const page of PROTECTED_PAGES) {
    // The login redirect keeps the real path: x-auth-pathname cannot turn it into an open redirect.
    expectLoginRedirect(await call(page, { headers }), page.split("/")[1] as "jwt" | "session" | "authjs" | "better-auth", page);
  }
});

test("spoofed x-user-role: admin with a user's real credentials opens no admin page", async () => {
  const cookies = await victimCookies();
  const headers = SPOOFED_IDENTITY;
  for (const page of ["/jwt/admin", "/session/admin", "/authjs/admin", "/better-auth/admin"]) {
    const answer = await call(page, { headers, cookies });
    expect(answer.status, page).toBe(403);
    expectNoInternals(answer);
    expect(answer.body).not.toContain("Welcome, bob");
    // Auth.js re-issues bob's own session cookie on every read: it must still be bob the user.
    const reissued = issuedCookie(answer, AUTHJS_COOKIE);
    if (reissued) expect((await call("/api/authjs/me", { cookies: { [AUTHJS_COOKIE]: reissued } })).json).toMatchObject({ user: { id: "bob", role: "user" } });
    for (const name of [JWT_COOKIE, SESSION_COOKIE, BETTER_AUTH_COOKIE]) expect(issuedCookie(answer, name)).toBeUndefined();
  }
  expect((await call("/api/jwt/me", { headers, cookies })).json).toMatchObject({ user: { id: "bob", role: "user" } });
  expect((await call("/api/session/me", { headers, cookies })).json).toMatchObject({ user: { id: "bob", role: "user" } });
  expect((await call("/api/authjs/me", { headers, cookies })).json).toMatchObject({ user: { id: "bob", role: "user" } });
  expect((await call("/api/better-auth/me", { headers, cookies })).json).toMatchObject({ user: { id: "bob", role: "user" } });
});

test("the middleware-bypass header (x-middleware-subrequest, CVE-2025-29927) opens no protected route", async () => {
  const headers = { "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware", ...SPOOFED_IDENTITY };
  expectRefused(await call("/api/jwt/me", { headers }), 401);
  expectRefused(await call("/api/session/me", { headers }), 401);
  expectRefused(await call("/api/authjs/me", { headers }), 401);
  expectRefused(await call("/api/better-auth/me", { headers }), 401);
  for (const page of PROTECTED_PAGES) {
    const answer = await call(page, { headers });
    expect([303, 307], `${page} → ${answer.location}`).toContain(answer.status);
    expect(new URL(answer.location ?? "", target().base).pathname).toMatch(/^\/(jwt|session|authjs|better-auth)\/login$/);
  }
});

const LOGIN_ROUTES = ["/api/jwt/login", "/api/session/login"];

test("malformed JSON bodies get a 400 with a sentence, and touch nothing", async () => {
  const bodies = ["{", '{"username":"alice","password":"correct-horse"', "undefined", "{'username':'alice'}", "\u0000", "[1,2", '{"username":"alice",}'];
  await expectStoreCalls(0, async () => {
    for (const path of [...LOGIN_ROUTES, "/api/demo/replay"]) {
      for (const body of bodies) {
        const answer = await call(path, { body, headers: { "content-type": "application/json" } });
        expectRefused(answer, 400);
        expect(answer.json).toEqual({ error: "Request body must be valid JSON." });
      }
    }
  });
});

test("wrong types (numbers, arrays, objects, NoSQL operators) get a 400 and sign nobody in", async () => {
  const bodies: unknown[] = [
    null,
    [],
    "alice",
    { username: 123, password: "correct-horse" },
    { username: ["alice"], password: "correct-horse" },
    { username: { $ne: null }, password: { $ne: null } },
    { username: "alice", password: true },
    { username: "alice", password: ["correct-horse"] },
    { username: "alice" },
  ];
  await expectStoreCalls(0, async () => {
    for (const path of LOGIN_ROUTES) for (const json of bodies) expectRefused(await call(path, { json }), 400);
    for (const checks of ["all", ["admin"], [1], ["jti", "jti", "jti", "jti"]]) {
      expectRefused(await call("/api/jwt/login", { json: { ...ALICE, checks } }), 400);
    }
  });
});

test("prototype pollution in the login body (__proto__, constructor) does not raise bob to admin", async () => {
  const polluted = [
    `{"username":"bob","password":"battery-staple","__proto__":{"role":"admin","id":"alice"}}`,
    `{"username":"bob","password":"battery-staple","constructor":{"prototype":{"role":"admin"}}}`,
    `{"username":"bob","password":"battery-staple","role":"admin","id":"alice","user":{"role":"admin"}}`,
  ];
  for (const body of polluted) {
    for (const path of LOGIN_ROUTES) {
      const answer = await call(path, { body, headers: { "content-type": "application/json" } });
      expect(answer.status).toBe(200);
      expect(answer.json).toMatchObject({ user: { id: "bob", role: "user" } });
    }
  }
  // And nobody else was affected: alice's fresh session says admin, bob's says user.
  const sid = await sessionLogin(BOB);
  expect((await call("/api/session/me", { cookies: { [SESSION_COOKIE]: sid } })).json).toMatchObject({ user: { id: "bob", role: "user" } });
});

test("100 kB fields get a 413 before anything is parsed or stored", async () => {
  const big = "a".repeat(100_000);
  await expectStoreCalls(0, async () => {
    for (const path of [...LOGIN_ROUTES, "/api/demo/replay"]) {
      for (const json of [{ username: big, password: "x" }, { username: "alice", password: big }, { lane: "jwt", credential: big }]) {
        const answer = await call(path, { json });
        expectRefused(answer, 413);
        expect(answer.json).toEqual({ error: "Request body is too large (at most 4096 bytes)." });
      }
    }
  });
});

test("a 100 kB body streamed without Content-Length (chunked) is cut off with a 413", async () => {
  const chunk = new TextEncoder().encode(`{"username":"alice","password":"${"a".repeat(1000)}`);
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent++ < 100) controller.enqueue(chunk);
      else controller.close();
    },
  });
  const response = await fetch(`${target().base}/api/session/login`, {
    method: "POST",
    body: stream,
    headers: { "content-type": "application/json", origin: target().base },
    duplex: "half",
  } as RequestInit & { duplex: "half" });
  expect(response.status).toBe(413);
  expect(response.headers.getSetCookie()).toEqual([]);
});

test("a username or password just over its limit gets a 400 that says so", async () => {
  for (const path of LOGIN_ROUTES) {
    expectRefused(await call(path, { json: { username: "a".repeat(65), password: "x" } }), 400);
    expectRefused(await call(path, { json: { username: "alice", password: "a".repeat(257) } }), 400);
  }
});

test("100 cookies (junk and duplicates) sign nobody in and never mix up users", async () => {
  const junk = Array.from({ length: 100 }, (_, i) => `c${i}=${randomBytes(8).toString("hex")}`).join("; ");
  expectRefused(await call("/api/jwt/me", { cookies: junk }), 401, "missing");
  expectRefused(await call("/api/session/me", { cookies: junk }), 401, "missing");

  // 100 copies of the session cookie with random values, and bob's real one among them.
  const sid = await sessionLogin(BOB);
  const copies = Array.from({ length: 100 }, () => `${SESSION_COOKIE}=${randomBytes(32).toString("base64url")}`);
  for (const cookies of [[...copies, `${SESSION_COOKIE}=${sid}`], [`${SESSION_COOKIE}=${sid}`, ...copies]]) {
    const answer = await call("/api/session/me", { cookies: cookies.join("; ") });
    expectNoSignIn(answer);
    expectNoInternals(answer);
    if (answer.status === 200) expect(answer.json).toMatchObject({ user: { id: "bob", role: "user" } });
    else expectRefused(answer, 401);
  }

  // Cookie tossing: a forged admin JWT next to bob's real one, in either order.
  const { token } = await jwtLogin(BOB, ["refresh"]);
  const forged = hmacJwt(ACCESS_HEADER, accessClaims(), "attacker-secret-0123456789abcdef0123456");
  for (const cookies of [`${JWT_COOKIE}=${forged}; ${JWT_COOKIE}=${token}`, `${JWT_COOKIE}=${token}; ${JWT_COOKIE}=${forged}`]) {
    const answer = await call("/api/jwt/me", { cookies: `${junk}; ${cookies}` });
    if (answer.status === 200) expect(answer.json).toMatchObject({ user: { id: "bob", role: "user" } });
    else expectRefused(answer, 401);
  }
});

test("header injection through the username (\\r\\n) sets no header and forges no log line", async () => {
  const injected = [
    `bob\r\nSet-Cookie: ${SESSION_COOKIE}=attacker`,
    `bob\r\n\r\n<script>alert(1)</script>`,
    `x\n{"event":"jwt.login","user":"alice","checks":"none"}`,
  ];
  for (const username of injected) {
    for (const path of LOGIN_ROUTES) {
      const answer = await call(path, { json: { username, password: BOB.password } });
      // Refused before any password check: a control character is no username. The answer's
      // only text is the app's own sentence, never the client's.
      expectRefused(answer, 400);
      const sentence = "Username cannot contain control characters.";
      expect(answer.json).toEqual({ error: sentence, fields: { username: sentence } });
      expect([...answer.headers.keys()].some((name) => /^(x-|set-cookie$)/i.test(name) && /attacker/.test(answer.headers.get(name) ?? ""))).toBe(false);
    }
    const authjs = await authjsSignIn({ username, password: BOB.password });
    expect(authjs.token).toBeUndefined();
    expectNoSignIn(authjs.answer);
  }
  const log = target().server.output();
  expect(log).not.toMatch(/^\{"event":"jwt\.login","user":"alice","checks":"none"\}$/m);
  expect(log).not.toContain("Set-Cookie: __Host-sid=attacker");
});

test("unicode look-alikes of a username (fullwidth ａlice, Cyrillic а, dotless ı, zero-width) do not sign in as alice", async () => {
  const lookalikes = ["ａlice", "ａｌｉｃｅ", "\u0430lice", "al\u0131ce", "AL\u0130CE", "alice\u200b", "\u200balice", "alic\u0065\u0301"];
  // Three store calls per attempt, all the login limiter's: its address, pair and account
  // counters, one after the other (each an increment, so a write). No session record, no other write.
  const limiterCalls = 3 * lookalikes.length * LOGIN_ROUTES.length;
  await expectStoreCalls(limiterCalls, async () => {
    for (const username of lookalikes) {
      for (const path of LOGIN_ROUTES) {
        const answer = await call(path, { json: { username, password: ALICE.password } });
        expectRefused(answer, 401);
      }
    }
  }, { writes: limiterCalls });
  // With a control character (ALICE and a NUL) it is no username at all: a 400 before the limiter.
  await expectStoreCalls(0, async () => {
    for (const path of LOGIN_ROUTES) expectRefused(await call(path, { json: { username: "ALICE\u0000", password: ALICE.password } }), 400);
  });
  for (const username of lookalikes.slice(0, 3)) {
    const authjs = await authjsSignIn({ username, password: ALICE.password });
    expect(authjs.token).toBeUndefined();
  }
  // The same trick on the password: a fullwidth hyphen is another password.
  expectRefused(await call("/api/session/login", { json: { username: "alice", password: "correct\uff0dhorse" } }), 401);
});

test("a JWT signed with the real secret but with a look-alike subject (ａlice) is not alice", async () => {
  // Only the key holder can mint this; the point is that identities are compared exactly.
  // (Middleware forwards identity headers percent-encoded: this once made it answer a bare 500.)
  const token = hmacJwt(ACCESS_HEADER, accessClaims({ sub: "ａlice", role: "user" }), E2E_JWT_SECRET);
  const me = await call("/api/jwt/me", { cookies: { [JWT_COOKIE]: token } });
  expect(me.status).toBe(200); // a valid token from the key holder, for the user "ａlice", who is not alice
  expect((me.json?.user as { id?: string }).id).toBe("ａlice");
  expect((await call("/jwt/admin", { cookies: { [JWT_COOKIE]: token } })).status).toBe(403); // role "user"
  for (const answer of [me, await call("/jwt/admin", { cookies: { [JWT_COOKIE]: token } })]) {
    expect(answer.status).not.toBe(500);
    expect((answer.json?.user as { id?: string } | undefined)?.id).not.toBe("alice");
    expect(answer.body).not.toContain("Welcome");
    expectNoSignIn(answer);
    expectNoInternals(answer);
  }
});
