import { expect, test } from "@playwright/test";
import { ALICE, BETTER_AUTH_COOKIE, BOB, authjsSignIn, call, expectNoInternals, expectNoSignIn, issuedCookie, withSecurityServer, type Answer } from "./harness";

/**
 * The Better Auth lane's sign-in is behind the login rate limiter every lane shares
 * (lib/security/login.ts, wrapped around Better Auth by lib/better-auth/sign-in.ts); Better
 * Auth's own limiter is off (`rateLimit: { enabled: false }`). So failures on one lane lock
 * that account, from that address, on all of them. Its own server: a low limit.
 */
const LIMIT = 3;
withSecurityServer({ LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS: String(LIMIT) });

const RATE_LIMITED = "Too many failed sign-in attempts. Wait before trying again.";
const betterAuthSignIn = (password: string, username = "bob") => call("/api/better-auth/sign-in/username", { json: { username, password } });

/** The shared limiter's 429: its sentence, a Retry-After within the 15-minute window, and nobody signed in. */
function expectLocked(answer: Answer) {
  expect(answer.status, answer.body.slice(0, 200)).toBe(429);
  expect(answer.json).toEqual({ error: RATE_LIMITED, retryAfterSeconds: expect.any(Number), lockWindowSeconds: 900 });
  const retryAfter = Number(answer.headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(900);
  expect(retryAfter).toBe(answer.json?.retryAfterSeconds);
  expectNoSignIn(answer);
  expectNoInternals(answer);
}

// First in this file: the tests after it lock both demo accounts.
test("the right password signs in whatever the script's content type (text/plain, curl -d's form type, none) and with a cookie jar but no Origin; only a wrong password is counted", async () => {
  const raw = (password: string, headers: Record<string, string>, origin?: null) =>
    call("/api/better-auth/sign-in/username", { body: JSON.stringify({ username: "alice", password }), headers, ...(origin === null && { origin }) });
  const signedIn = (answer: Answer, what: string) => {
    expect(answer.status, `${what}: ${answer.body.slice(0, 200)}`).toBe(200);
    expect(issuedCookie(answer, BETTER_AUTH_COOKIE), what).toBeTruthy();
  };
  signedIn(await raw(ALICE.password, { "content-type": "text/plain" }), "text/plain");
  signedIn(await raw(ALICE.password, { "content-type": "application/x-www-form-urlencoded" }), "form-urlencoded");
  signedIn(await raw(ALICE.password, {}), "no content type");
  signedIn(await raw(ALICE.password, { "content-type": "application/json", cookie: "__Host-better-auth-demo-cookie-cache=0" }, null), "a cookie, no Origin");
  // A wrong password is still a counted failure, sent either way; the right one then clears it.
  const ways: Record<string, string>[] = [{ "content-type": "text/plain" }, { "content-type": "application/json", cookie: "__Host-better-auth-demo-cookie-cache=0" }];
  for (const [i, headers] of ways.entries()) {
    const wrong = await raw("wrong-password", headers, null);
    expect(wrong.status).toBe(401);
    expect(wrong.json).toMatchObject({ error: "Username or password is incorrect.", attemptsLeft: LIMIT - 1 - i });
    expectNoSignIn(wrong);
  }
  signedIn(await raw(ALICE.password, { "content-type": "text/plain" }, null), "after two failures");
});

test("wrong passwords on POST /api/better-auth/sign-in/username end in a 429 with Retry-After from the app's shared limiter (not Better Auth's), which then locks bob out of every lane's login", async () => {
  for (let i = 1; i <= LIMIT; i++) {
    const answer = await betterAuthSignIn(`wrong-password-${i}`);
    expect(answer.status).toBe(401);
    // The failure that spends the last attempt carries the lock's wait: the lock is on from that answer.
    expect(answer.json).toEqual({ error: "Username or password is incorrect.", attemptsLeft: LIMIT - i, lockWindowSeconds: 900, ...(i === LIMIT && { retryAfterSeconds: expect.any(Number) }) });
  }
  // Over the limit: refused before Better Auth is asked, even with the right password.
  expectLocked(await betterAuthSignIn(BOB.password));
  expect(issuedCookie(await betterAuthSignIn(BOB.password), BETTER_AUTH_COOKIE)).toBeUndefined();
  // The same limiter, the same account and address: the other lanes' logins are locked too.
  expectLocked(await call("/api/session/login", { json: BOB }));
  expectLocked(await call("/api/jwt/login", { json: BOB }));
  const authjs = await authjsSignIn(BOB);
  expect(authjs.token).toBeUndefined();
  // Another account from the same address is not: the lock is bob's.
  const alice = await call("/api/better-auth/sign-in/username", { json: ALICE });
  expect(alice.status).toBe(200);
  expect(issuedCookie(alice, BETTER_AUTH_COOKIE)).toBeTruthy();
});

test("and the other way round: failures on the session and JWT lanes lock the Better Auth sign-in for that account", async () => {
  for (let i = 0; i < LIMIT; i++) {
    const path = i % 2 ? "/api/jwt/login" : "/api/session/login";
    expect((await call(path, { json: { username: "alice", password: `wrong-password-${i}` } })).status).toBe(401);
  }
  expectLocked(await betterAuthSignIn(ALICE.password, "alice"));
  expectLocked(await call("/api/session/login", { json: ALICE }));
});
