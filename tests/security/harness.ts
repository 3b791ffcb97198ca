import { expect, test } from "@playwright/test";
import { createHmac, randomUUID } from "node:crypto";
import { E2E_AUTH_SECRET, E2E_BETTER_AUTH_SECRET, E2E_JWT_SECRET, E2E_SERVER_ENV, E2E_SIGNING_KEYS } from "../e2e/env";
import { freePort, startNextServer, waitFor, type Started } from "../../scripts/lib/processes";

/**
 * The adversarial suite's harness: one `next start` per spec file (production build, the
 * memory store), plain `fetch` with no cookie jar so every credential a test sends is
 * explicit, and the checks every attack ends with:
 *
 * - the exact status (and reason) the attacker gets;
 * - no Set-Cookie that signs anyone in (clearing a cookie is fine);
 * - no stack trace or internal detail in the body;
 * - nothing secret in the server's log: after each test the log written during it is
 *   searched for the server's secrets, the demo passwords and every credential the test
 *   sent or received.
 */

// The cookie names, demo users and check names the e2e specs use: one definition for both suites.
import { ALICE, BOB, JWT_COOKIE, JWT_REFRESH_COOKIE, SESSION_COOKIE, type Check } from "../e2e/helpers";
export { ALICE, BOB, JWT_COOKIE, JWT_REFRESH_COOKIE, SESSION_COOKIE, type Check };

/** Auth.js over plain http: no __Secure- prefix (the test server is not behind https). */
export const AUTHJS_COOKIE = "__Secure-authjs.session-token"; // production: Secure and prefixed, like the other lanes
/** Better Auth's session cookie (its token, signed) and its cookie cache, `__Host-` under `next start` (lib/better-auth/config.ts). */
export const BETTER_AUTH_COOKIE = "__Host-better-auth.session_token";
export const BETTER_AUTH_CACHE_COOKIE = "__Host-better-auth.session_data";
export const AUTH_COOKIES = [JWT_COOKIE, JWT_REFRESH_COOKIE, SESSION_COOKIE, AUTHJS_COOKIE, "authjs.session-token", BETTER_AUTH_COOKIE, BETTER_AUTH_CACHE_COOKIE];

export const ISSUER = "jwt-vs-session";
export const AUDIENCE = "jwt-vs-session:web";

/** What must never appear in the server's log, whatever the test did. */
const ALWAYS_SECRET = [E2E_JWT_SECRET, E2E_AUTH_SECRET, E2E_BETTER_AUTH_SECRET, ...E2E_SIGNING_KEYS.map((k) => k.d), ALICE.password, BOB.password];

/** Settings every server of this suite gets on top of the test secrets. */
export const SECURITY_SERVER_ENV: Record<string, string> = {
  ...E2E_SERVER_ENV,
  // A login rate limiter may be configured by these; this suite fails many logins on purpose
  // and must not trip it (the limiter is tested on its own).
  LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS: "10000",
  LOGIN_MAX_FAILURES_PER_ACCOUNT: "10000",
  LOGIN_MAX_FAILURES_PER_ADDRESS: "10000",
  // Exposes the store's call counter at /bench/store-stats (see storeCalls() below).
  STORE_ROUND_TRIP_COUNTER: "on",
  SESSION_MAX_DEVICES: "100",
};

export interface Target {
  base: string;
  server: Started;
}

let current: Target | undefined;
/** Credentials and other values seen during the current test: they must not reach the log. */
const seen = new Set<string>();
let logOffset = 0;

export function target(): Target {
  if (!current) throw new Error("no server: call withSecurityServer() at the top of the spec");
  return current;
}

/**
 * Starts this spec file's server (one per worker) and checks the log after every test. With
 * `hostname`, `next start -H <hostname>`, reached at that address.
 * Tests of a file run one after the other in one worker, so the store-call counter and the
 * log belong to the test that is running.
 */
export function withSecurityServer(env: Record<string, string> = {}, { hostname }: { hostname?: string } = {}) {
  test.beforeAll(async () => {
    test.setTimeout(180_000);
    const port = await freePort();
    const server = await startNextServer(port, { ...SECURITY_SERVER_ENV, ...env }, { captureOutput: true, hostname });
    current = { base: `http://${hostname ?? "localhost"}:${port}`, server };
  });
  test.afterAll(async () => {
    await current?.server.stop();
    current = undefined;
  });
  test.beforeEach(() => {
    seen.clear();
    logOffset = target().server.output().length;
  });
  test.afterEach(async () => {
    const log = await logWrittenDuringTest();
    for (const secret of [...ALWAYS_SECRET, ...seen]) {
      expect.soft(log.includes(secret), `the server log contains a secret or credential (${secret.slice(0, 12)}…)`).toBe(false);
    }
  });
}

/** Remembers a value that must never appear in the server log (a password, a token). */
export function secret(value: string): string {
  if (value.length >= 12) {
    seen.add(value);
    // A JWS/JWE's last segment alone (the signature or tag) would give it away as well.
    const tail = value.split(".").at(-1) ?? "";
    if (tail.length >= 16) seen.add(tail);
  }
  return value;
}

/**
 * The log lines written during this test. To be sure every line from this test has arrived
 * through the pipe, a request whose refusal is logged with a unique marker (the CSRF check
 * logs the foreign Origin) is sent last and awaited in the output.
 */
export async function logWrittenDuringTest(): Promise<string> {
  const { base, server } = target();
  const marker = `http://log-marker-${randomUUID()}.invalid`;
  await fetch(`${base}/api/session/logout`, { method: "POST", headers: { origin: marker } });
  await waitFor("the log marker to reach the captured output", async () => server.output().includes(marker), 10_000, 20);
  return server.output().slice(logOffset);
}

/**
 * The log as a reader splits it: besides CR and LF, Unicode's own line breaks (NEL, LS, PS,
 * which Python's splitlines() and many log viewers honour). Every line must be one JSON object.
 */
export function expectOneJsonObjectPerLine(log: string) {
  const lines = log.split(/\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/).filter((line) => line.trim() !== "");
  expect(lines.length, "the test wrote log lines").toBeGreaterThan(0);
  for (const line of lines) {
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(line);
    } catch {
      parsed = null;
    }
    expect(parsed !== null && typeof parsed === "object" && !Array.isArray(parsed), `a log line that is not one JSON object: ${JSON.stringify(line.slice(0, 160))}`).toBe(true);
  }
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

// ---------------------------------------------------------------------------------------
// HTTP

export interface Answer {
  status: number;
  headers: Headers;
  body: string;
  /** The body as JSON, or null. */
  json: Record<string, unknown> | null;
  setCookies: string[];
  location: string | null;
}

export interface Call {
  method?: string;
  cookies?: Record<string, string> | string;
  headers?: Record<string, string>;
  /** A JSON value (serialised) or a raw string body. */
  json?: unknown;
  body?: string;
  /** Defaults to this server's own origin for writes (a same-origin browser request). */
  origin?: string | null;
}

/** One request, no redirects followed, no cookie jar: exactly what the test says is sent. */
export async function call(path: string, options: Call = {}): Promise<Answer> {
  const { base } = target();
  const method = options.method ?? (options.json !== undefined || options.body !== undefined ? "POST" : "GET");
  const headers: Record<string, string> = { ...options.headers };
  if (options.cookies) {
    const cookieHeader = typeof options.cookies === "string"
      ? options.cookies
      : Object.entries(options.cookies).map(([name, value]) => `${name}=${value}`).join("; ");
    headers.cookie = cookieHeader;
    if (typeof options.cookies === "object") Object.values(options.cookies).forEach(secret);
  }
  if (headers.authorization) secret(headers.authorization.replace(/^\S+\s+/, ""));
  const origin = options.origin === undefined ? (method === "GET" || method === "HEAD" ? null : base) : options.origin;
  if (origin !== null) headers.origin = origin;
  let body = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers["content-type"] ??= "application/json";
  }
  const response = await fetch(`${base}${path}`, { method, headers, body, redirect: "manual" });
  const text = await response.text();
  const setCookies = response.headers.getSetCookie();
  for (const cookie of setCookies) secret(cookieValueOf(cookie));
  let json: Record<string, unknown> | null = null;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === "object") json = parsed as Record<string, unknown>;
  } catch {
    json = null;
  }
  return { status: response.status, headers: response.headers, body: text, json, setCookies, location: response.headers.get("location") };
}

const cookieValueOf = (setCookie: string) => setCookie.split(";")[0].split("=").slice(1).join("=");

/** The value a response set for this cookie (non-empty, not expired), or undefined. */
export function issuedCookie(answer: Answer, name: string): string | undefined {
  const line = answer.setCookies.find((c) => c.startsWith(`${name}=`) && !isClearing(c));
  return line ? cookieValueOf(line) : undefined;
}

function isClearing(setCookie: string): boolean {
  const value = cookieValueOf(setCookie);
  const maxAge = /;\s*max-age=(-?\d+)/i.exec(setCookie)?.[1];
  const expires = /;\s*expires=([^;]+)/i.exec(setCookie)?.[1];
  return value === "" || (maxAge !== undefined && Number(maxAge) <= 0) || (expires !== undefined && Date.parse(expires) <= Date.now());
}

// ---------------------------------------------------------------------------------------
// Assertions

/**
 * No auth cookie with a value is set: the attacker (or victim) is signed in as nobody.
 * `except`: cookies the caller checks itself (e.g. a re-issued Auth.js cookie that must in
 * turn be refused).
 */
export function expectNoSignIn(answer: Answer, except: readonly string[] = []) {
  for (const cookie of answer.setCookies) {
    const name = cookie.split("=")[0];
    // Auth.js may split a large session cookie into `.0`, `.1` … chunks.
    if (AUTH_COOKIES.includes(name.replace(/\.\d+$/, "")) && !except.includes(name)) {
      expect(isClearing(cookie), `a credential cookie was set: ${cookie.slice(0, 60)}…`).toBe(true);
    }
  }
}

/** Nothing about the server's insides: no stack frames, module paths or error class dumps. */
export function expectNoInternals(answer: Answer) {
  const body = answer.body;
  expect(body, "no module path").not.toContain("node_modules");
  expect(body, "no server path").not.toMatch(/\/(work|home|usr|app|var)\/[\w.-]+\//);
  expect(body, "no stack frame").not.toMatch(/\bat [\w$.<>[\] ]+ \(?[^)\s]*:\d+:\d+\)?/);
  expect(body, "no error dump").not.toMatch(/\b(Type|Reference|Syntax|Range|JWS\w*|JWT\w*|JOSE\w*|Zod)?Error: /);
  expect(body, "no secret").not.toContain(E2E_JWT_SECRET);
  expect(body, "no secret").not.toContain(E2E_AUTH_SECRET);
  expect(body, "no secret").not.toContain(E2E_BETTER_AUTH_SECRET);
}

/** The refusal an API answers: this status, this reason (when given), nobody signed in, nothing leaked. */
export function expectRefused(answer: Answer, status: number, reason?: string, { except = [] as readonly string[] } = {}) {
  expect(answer.status, `status (body: ${answer.body.slice(0, 200)})`).toBe(status);
  if (reason !== undefined) expect(answer.json).toMatchObject({ reason });
  expectNoSignIn(answer, except);
  expectNoInternals(answer);
}

/** A protected page refused: a redirect to the area's login page, keeping `next` and the reason. */
export function expectLoginRedirect(
  answer: Answer,
  area: "jwt" | "session" | "authjs" | "better-auth",
  next: string,
  reason?: string,
  { except = [] as readonly string[] } = {},
) {
  expect([302, 303, 307], `status (location: ${answer.location})`).toContain(answer.status);
  const url = new URL(answer.location ?? "", target().base);
  expect(url.origin).toBe(target().base);
  expect(url.pathname).toBe(`/${area}/login`);
  expect(url.searchParams.get("next")).toBe(next);
  if (reason !== undefined) expect(url.searchParams.get("reason")).toBe(reason);
  expectNoSignIn(answer, except);
  expectNoInternals(answer);
}

/**
 * Calls the store made by the server so far, and how many of them could write:
 * /bench/store-stats, which the server exposes because it was started with
 * STORE_ROUND_TRIP_COUNTER=on. It is the honest black-box way to say "nothing was written".
 * Tests of a file run one at a time against their own server, so no one else counts.
 */
export async function storeCalls(): Promise<{ roundTrips: number; writes: number }> {
  const response = await fetch(`${target().base}/bench/store-stats`);
  return (await response.json()) as { roundTrips: number; writes: number };
}

/** Runs `attack` and asserts how many store calls it cost, and that none of them could write (unless `writes` says so). */
export async function expectStoreCalls<T>(expected: number, attack: () => Promise<T>, { writes = 0 }: { writes?: number } = {}): Promise<T> {
  const before = await storeCalls();
  const result = await attack();
  const after = await storeCalls();
  expect(after.roundTrips, "store calls made by the attack").toBe(before.roundTrips + expected);
  expect(after.writes, "store writes made by the attack").toBe(before.writes + writes);
  return result;
}

// ---------------------------------------------------------------------------------------
// Signing in the honest way (to get real credentials to tamper with)

export async function jwtLogin(user = BOB, checks?: Check[]) {
  const answer = await call("/api/jwt/login", { json: { ...user, ...(checks ? { checks } : {}) } });
  expect(answer.status).toBe(200);
  const token = issuedCookie(answer, JWT_COOKIE);
  expect(token).toBeTruthy();
  return { token: token as string, refresh: issuedCookie(answer, JWT_REFRESH_COOKIE) };
}

export async function sessionLogin(user = BOB, cookies?: Record<string, string>) {
  const answer = await call("/api/session/login", { json: user, cookies, headers: { "user-agent": `security-suite ${randomUUID()}` } });
  expect(answer.status).toBe(200);
  const token = issuedCookie(answer, SESSION_COOKIE);
  expect(token).toBeTruthy();
  return token as string;
}

/** Auth.js's credentials sign-in, as its own form posts it: CSRF token (double-submit cookie) first. */
export async function authjsCsrf(cookies: Record<string, string> = {}) {
  const answer = await call("/api/auth/csrf", { cookies });
  expect(answer.status).toBe(200);
  const csrfCookie = answer.setCookies.map((c) => c.split(";")[0]).find((c) => /authjs\.csrf-token=/.test(c));
  const [name, ...rest] = (csrfCookie ?? "").split("=");
  return { csrfToken: String(answer.json?.csrfToken ?? ""), cookie: csrfCookie ? { [name]: rest.join("=") } : {} };
}

export async function authjsSignIn(user: { username: string; password: string }) {
  const csrf = await authjsCsrf();
  const answer = await call("/api/auth/callback/credentials", {
    cookies: csrf.cookie,
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ ...user, csrfToken: csrf.csrfToken, callbackUrl: "/authjs/dashboard" }).toString(),
  });
  return { answer, token: issuedCookie(answer, AUTHJS_COOKIE) };
}

/** The Better Auth lane's JSON sign-in (POST /api/better-auth/sign-in/username): its signed session cookie. */
export async function betterAuthSignIn(user = BOB) {
  const answer = await call("/api/better-auth/sign-in/username", { json: user, headers: { "user-agent": `security-suite ${randomUUID()}` } });
  expect(answer.status, answer.body.slice(0, 200)).toBe(200);
  const cookie = issuedCookie(answer, BETTER_AUTH_COOKIE);
  expect(cookie).toBeTruthy();
  return cookie as string;
}

// ---------------------------------------------------------------------------------------
// Forging JWTs by hand (so nothing a library refuses to sign is out of reach)

export const base64url = (value: unknown) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");

/** `header.payload.signature` with HMAC over the signing input, any hash, any key. */
export function hmacJwt(header: object, payload: object, key: string | Buffer, hash: "sha256" | "sha384" | "sha512" = "sha256"): string {
  const input = `${base64url(header)}.${base64url(payload)}`;
  return secret(`${input}.${createHmac(hash, key).update(input).digest("base64url")}`);
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Claims exactly like the server's own access tokens, for `sub` with `role`, valid for 10 minutes. */
export function accessClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const iat = nowSeconds();
  return { role: "admin", sub: "alice", iss: ISSUER, aud: AUDIENCE, iat, exp: iat + 600, jti: randomUUID(), ...overrides };
}

export const ACCESS_HEADER = { alg: "HS256", typ: "at+jwt" } as const;

/** Splits a compact JWS into its decoded header, payload and raw segments. */
export function decodeJws(token: string) {
  const [h, p, s] = token.split(".");
  return {
    header: JSON.parse(Buffer.from(h, "base64url").toString()) as Record<string, unknown>,
    payload: JSON.parse(Buffer.from(p, "base64url").toString()) as Record<string, unknown>,
    segments: [h, p, s] as const,
  };
}
