import { chromium, expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { mkdtempSync, rmSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ALICE, BOB, HOOK_TIMEOUT, JWT_COOKIE, JWT_REFRESH_COOKIE, SESSION_COOKIE, readClaims, signIn, type LoginArea } from "../helpers";
import { E2E_SERVER_ENV } from "../env";
import { CHROMIUM_ARGS, chromiumExecutable } from "../../../scripts/chromium";
import { freePort, startNextServer, type Started } from "../../../scripts/lib/processes";
import { startRedisServer, type RedisServer } from "../../../scripts/lib/redis-server";
import { startUpstashStandIn, type StandIn } from "../../../scripts/lib/upstash-standin";
import { dpopHeaders, dpopUrls, generateKeyPair, generateProof } from "../../../scripts/lib/dpop-client";
import { PUBLIC_HOSTNAME, makeCertificate, startNginx, type Certificate, type Nginx } from "../../../scripts/lib/nginx";

/**
 * The production topology, as a self-hosting user runs it: nginx terminating TLS for
 * https://app.test (deploy/nginx.conf, the file docs/deploying.md shows), in front of two
 * `next start -H 127.0.0.1` instances sharing one Redis, with TRUSTED_PROXY_HEADER set.
 * The Redis is reached over TCP (REDIS_URL), as a self-hosted server would; the
 * "deployed-upstash" project runs the same tests through Upstash's REST API instead
 * (playwright.config.ts), so both protocols are walked end to end.
 * Chromium resolves app.test to 127.0.0.1 and trusts the run's certificate by its key
 * (nothing else about TLS is relaxed). Every lane is walked through it, and every request
 * the browser makes must stay on https://app.test:<port>.
 * Serial: the last test locks a client address out of signing in.
 */
test.describe.configure({ mode: "serial", timeout: 60_000 });

const TOKEN = "e2e-deployed-standin-token";
/** Better Auth's session cookie over https: `__Host-` and its prefix. */
const BETTER_AUTH_COOKIE = "__Host-better-auth.session_token";
const REDIS_PASSWORD = "e2e-deployed-redis-password";
/** Small, so the limiter test is short; the other tests never fail a sign-in. */
const MAX_FAILURES_PER_ADDRESS = 3;

let certificateDir = "";
let certificate: Certificate;
let redis: RedisServer;
let standIn: StandIn;
let instances: Array<{ port: number; server: Started }> = [];
let nginx: Nginx;
let browser: Browser;
/** Which protocol the instances speak to Redis: the project's metadata (playwright.config.ts). */
let protocol: "tcp" | "rest";

test.beforeAll(async () => {
  test.setTimeout(HOOK_TIMEOUT);
  certificateDir = mkdtempSync(join(tmpdir(), "jwt-vs-session-tls-"));
  certificate = makeCertificate(PUBLIC_HOSTNAME, certificateDir);
  protocol = (test.info().project.metadata as { redis?: "tcp" | "rest" }).redis ?? "tcp";
  redis = await startRedisServer({ password: REDIS_PASSWORD });
  let store: Record<string, string>;
  if (protocol === "rest") {
    standIn = await startUpstashStandIn({ redisUrl: redis.url, token: TOKEN });
    store = { UPSTASH_REDIS_REST_URL: standIn.url, UPSTASH_REDIS_REST_TOKEN: TOKEN };
  } else {
    store = { REDIS_URL: redis.url };
  }
  const env = {
    ...E2E_SERVER_ENV,
    ...store,
    // nginx writes X-Real-IP from the TCP peer, replacing whatever the client sent.
    TRUSTED_PROXY_HEADER: "x-real-ip",
    LOGIN_MAX_FAILURES_PER_ADDRESS: String(MAX_FAILURES_PER_ADDRESS),
    SESSION_MAX_DEVICES: "100",
  };
  const [portA, portB, proxyPort] = await Promise.all([freePort(), freePort(), freePort()]);
  instances = await Promise.all(
    [portA, portB].map(async (port) => ({ port, server: await startNextServer(port, env, { hostname: "127.0.0.1" }) })),
  );
  nginx = await startNginx({ port: proxyPort, upstreamPorts: [portA, portB], certificate });
  browser = await chromium.launch({
    executablePath: chromiumExecutable(),
    args: [...CHROMIUM_ARGS, `--host-resolver-rules=MAP ${PUBLIC_HOSTNAME} 127.0.0.1`, `--ignore-certificate-errors-spki-list=${certificate.spkiSha256}`],
  });
});

test.afterAll(async () => {
  test.setTimeout(HOOK_TIMEOUT);
  await browser?.close();
  await nginx?.stop();
  await Promise.all(instances.map(({ server }) => server.stop()));
  await standIn?.close();
  await redis?.dispose();
  if (certificateDir) rmSync(certificateDir, { recursive: true, force: true });
});

/** A browser context on the public origin that records the origin of every request it makes. */
async function visit(): Promise<{ context: BrowserContext; page: Page; origins: Set<string> }> {
  const context = await browser.newContext({ baseURL: nginx.origin });
  const page = await context.newPage();
  const origins = new Set<string>();
  page.on("request", (request) => origins.add(new URL(request.url()).origin));
  return { context, page, origins };
}

/** Any path (the refresh cookie is scoped to /api/jwt/refresh); every cookie here is app.test's. */
const cookie = async (context: BrowserContext, name: string) => (await context.cookies()).find((c) => c.name === name);

interface Answer {
  status: number;
  location: string | undefined;
  body: string;
  /** `name=value` of each Set-Cookie. */
  cookies: string[];
  serverTiming: string;
}

/**
 * One request, no redirects followed. Through nginx over TLS (checking the certificate), or
 * straight to one instance with the headers nginx would add; `from` is the client's address.
 */
function send(
  path: string,
  { via = "nginx", method = "GET", cookieHeader = "", json, form, from, headers = {} }: { via?: "nginx" | number; method?: string; cookieHeader?: string; json?: unknown; form?: Record<string, string>; from?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const body = json !== undefined ? JSON.stringify(json) : form ? new URLSearchParams(form).toString() : undefined;
  const contentType = json !== undefined ? "application/json" : "application/x-www-form-urlencoded";
  const host = `${PUBLIC_HOSTNAME}:${nginx.port}`;
  const common = {
    method,
    path,
    localAddress: from,
    headers: {
      ...headers,
      host,
      ...(cookieHeader ? { cookie: cookieHeader } : {}),
      ...(body === undefined ? {} : { "content-type": contentType, "content-length": String(Buffer.byteLength(body)), origin: headers.origin ?? nginx.origin }),
    },
  };
  return new Promise((resolve, reject) => {
    const onResponse = (res: import("node:http").IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          location: res.headers.location,
          body: Buffer.concat(chunks).toString("utf8"),
          cookies: (res.headers["set-cookie"] ?? []).map((line) => line.split(";")[0]),
          serverTiming: String(res.headers["server-timing"] ?? ""),
        }));
    };
    const req =
      via === "nginx"
        ? httpsRequest({ ...common, host: "127.0.0.1", port: nginx.port, servername: PUBLIC_HOSTNAME, ca: certificate.pem }, onResponse)
        : httpRequest({ ...common, host: "127.0.0.1", port: via, headers: { ...common.headers, "x-forwarded-proto": "https", "x-real-ip": from ?? "127.0.0.1" } }, onResponse);
    req.on("error", reject);
    req.end(body);
  });
}

test("over TLS the browser holds every lane's cookies Secure and prefixed, and never leaves https://app.test", async () => {
  const { context, page, origins } = await visit();
  for (const area of ["jwt", "session", "authjs", "better-auth"] as const) {
    await page.goto(`/${area}/dashboard`);
    await expect(page).toHaveURL(`${nginx.origin}/${area}/login?next=%2F${area}%2Fdashboard`);
    await signIn(page, area, ALICE);
    await expect(page).toHaveURL(`${nginx.origin}/${area}/dashboard`);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  }
  expect(await cookie(context, JWT_COOKIE)).toMatchObject({ secure: true, httpOnly: true, path: "/", domain: PUBLIC_HOSTNAME });
  expect(await cookie(context, JWT_REFRESH_COOKIE)).toMatchObject({ secure: true, httpOnly: true, path: "/api/jwt/refresh" });
  expect(await cookie(context, SESSION_COOKIE)).toMatchObject({ secure: true, httpOnly: true, path: "/" });
  expect(await cookie(context, "__Secure-authjs.session-token")).toMatchObject({ secure: true, httpOnly: true });
  expect(await cookie(context, "__Host-authjs.csrf-token")).toMatchObject({ secure: true, httpOnly: true });
  expect(await cookie(context, BETTER_AUTH_COOKIE)).toMatchObject({ secure: true, httpOnly: true, path: "/" });
  expect([...origins]).toEqual([nginx.origin]);
  await context.close();
});

for (const area of ["jwt", "session", "authjs", "better-auth"] as const satisfies readonly LoginArea[]) {
  test(`${area}: a non-admin on the admin page gets a real 403 through the proxy, and the admin gets the page`, async () => {
    const { context, page, origins } = await visit();
    await signIn(page, area, BOB, `/${area}/login`);
    const refused = await page.goto(`/${area}/admin`);
    expect(refused?.status()).toBe(403);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("403");
    expect(refused?.headers()["x-middleware-rewrite"]).toBeUndefined();
    await context.close();

    const admin = await visit();
    await signIn(admin.page, area, ALICE, `/${area}/login`);
    expect((await admin.page.goto(`/${area}/admin`))?.status()).toBe(200);
    await admin.context.close();
    expect([...origins, ...admin.origins]).toEqual([nginx.origin, nginx.origin]);
  });
}

test("jwt: the transparent refresh spends the refresh token and lands back on https://app.test, and so does signing out", async () => {
  const { context, page, origins } = await visit();
  await signIn(page, "jwt", BOB); // every check by default, so a refresh token too
  await expect(page.getByTestId("role-status")).toBeVisible();
  const family = page.getByTestId("refresh-family");
  await family.getByRole("button", { name: "Expire my access token now" }).click();
  await expect(family.getByTestId("family-access")).toContainText("expired");
  const hops: string[] = [];
  page.on("response", (response) => {
    if (response.status() >= 300 && response.status() < 400) hops.push(`${response.status()} ${new URL(response.url()).pathname} -> ${response.headers().location}`);
  });
  await page.goto("/jwt/dashboard");
  await expect(page).toHaveURL(`${nginx.origin}/jwt/dashboard`);
  expect(hops).toEqual([
    "307 /jwt/dashboard -> /api/jwt/refresh?next=%2Fjwt%2Fdashboard",
    `303 /api/jwt/refresh -> /jwt/dashboard#refreshed=${readClaims((await cookie(context, JWT_COOKIE))!.value).jti}`,
  ]);
  await expect(page.getByTestId("refreshed-on-the-way")).toBeVisible();
  await expect(family).toHaveAttribute("data-state", "live");
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(`${nginx.origin}/jwt/login?reason=signed-out`);
  expect(await cookie(context, JWT_COOKIE)).toBeUndefined();
  expect([...origins]).toEqual([nginx.origin]);
  await context.close();
});

test("session: signed out through the proxy, the copied cookie is refused by both instances (one Redis)", async () => {
  const { context, page } = await visit();
  await signIn(page, "session", BOB);
  const copied = `${SESSION_COOKIE}=${(await cookie(context, SESSION_COOKIE))!.value}`;
  for (const { port } of instances) {
    const answer = await send("/api/session/me", { via: port, cookieHeader: copied });
    expect(answer.status).toBe(200);
    // Each round trip is named by its store and protocol. Over TCP the Edge cannot look the
    // session up (no sockets there), so only the route's own lookup appears.
    if (protocol === "tcp") expect(answer.serverTiming).toMatch(/(^|, )store;desc="redis tcp get \(nodejs\)";dur=[\d.]+/);
    else expect(answer.serverTiming).toMatch(/mw-store;desc="upstash rest get \(edge\)".*store;desc="upstash rest get \(nodejs\)"/);
    if (protocol === "tcp") expect(answer.serverTiming).not.toContain("mw-store");
  }
  await page.goto("/");
  await expect(page.getByTestId("store-description")).toHaveText(protocol === "tcp" ? /^Redis over TCP at redis:\/\/127\.0\.0\.1:\d+$/ : /^Redis via Upstash REST at /);
  await page.goto("/session/dashboard");
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`^${nginx.origin}/session/login`));
  for (const { port } of instances) expect((await send("/api/session/me", { via: port, cookieHeader: copied })).status).toBe(401);
  expect((await send("/api/session/me", { cookieHeader: copied })).status).toBe(401);
  await context.close();
});

test("authjs: signing in and out go through Auth.js and land on https://app.test", async () => {
  const { context, page, origins } = await visit();
  await page.goto("/authjs/dashboard");
  await signIn(page, "authjs", BOB);
  await expect(page).toHaveURL(`${nginx.origin}/authjs/dashboard`);
  await expect(page.getByTestId("authjs-user")).toContainText("bob");
  // useSession()'s own read first: Auth.js re-issues its cookie on every session read, and a
  // read still in flight would set it again after the sign-out (tests/e2e/authjs-flow.spec.ts).
  await expect(page.getByTestId("client-session-status")).toHaveText("authenticated");
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(`${nginx.origin}/authjs/login?reason=signed-out`);
  expect(await cookie(context, "__Secure-authjs.session-token")).toBeUndefined();
  expect([...origins]).toEqual([nginx.origin]);
  await context.close();
});

test("authjs: its own endpoints (sign-in, sign-out), called through the proxy, redirect to https://app.test", async () => {
  const csrf = await send("/api/auth/csrf");
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const signedIn = await send("/api/auth/callback/credentials", {
    method: "POST",
    cookieHeader: csrf.cookies.join("; "),
    form: { ...BOB, csrfToken, callbackUrl: `${nginx.origin}/authjs/dashboard` },
  });
  expect(signedIn.status).toBe(302);
  expect(new URL(signedIn.location ?? "", nginx.origin).href).toBe(`${nginx.origin}/authjs/dashboard`);
  const session = signedIn.cookies.find((c) => c.startsWith("__Secure-authjs.session-token="));
  expect(session).toBeDefined();
  const signedOut = await send("/api/auth/signout", {
    method: "POST",
    cookieHeader: [...csrf.cookies, session!].join("; "),
    form: { csrfToken, callbackUrl: `${nginx.origin}/authjs/login` },
  });
  expect(signedOut.status).toBe(302);
  expect(new URL(signedOut.location ?? "", nginx.origin).href).toBe(`${nginx.origin}/authjs/login`);
});

test("better-auth: signed in through the proxy, the session works on both instances; signed out through the proxy, neither accepts it", async () => {
  const { context, page, origins } = await visit();
  await page.goto("/better-auth/dashboard");
  await signIn(page, "better-auth", BOB);
  await expect(page).toHaveURL(`${nginx.origin}/better-auth/dashboard`);
  await expect(page.getByTestId("better-auth-user")).toHaveText("signed in as bob (user)");
  await expect(page.getByTestId("better-auth-store")).toHaveText(protocol === "tcp" ? "redis" : "upstash");
  const copied = `${BETTER_AUTH_COOKIE}=${(await cookie(context, BETTER_AUTH_COOKIE))!.value}`;
  for (const { port } of instances) expect((await send("/api/better-auth/me", { via: port, cookieHeader: copied })).status).toBe(200);
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(`${nginx.origin}/better-auth/login?reason=signed-out`);
  expect(await cookie(context, BETTER_AUTH_COOKIE)).toBeUndefined();
  for (const { port } of instances) expect((await send("/api/better-auth/me", { via: port, cookieHeader: copied })).status).toBe(401);
  expect([...origins]).toEqual([nginx.origin]);
  await context.close();
});

test("better-auth: its own endpoints (sign-in, sign-out) through the proxy take this origin and refuse another", async () => {
  const signedIn = await send("/api/better-auth/sign-in/username", { method: "POST", json: BOB });
  expect(signedIn.status).toBe(200);
  const session = signedIn.cookies.find((c) => c.startsWith(`${BETTER_AUTH_COOKIE}=`));
  expect(session).toBeDefined();
  expect((await send("/api/better-auth/me", { cookieHeader: session })).status).toBe(200);
  // Origin's host is not the Host the request came to: Better Auth's trustedOrigins says no.
  const crossSite = await send("/api/better-auth/sign-out", { method: "POST", json: {}, cookieHeader: session, headers: { origin: "https://evil.example" } });
  expect(crossSite.status).toBe(403);
  expect((await send("/api/better-auth/me", { cookieHeader: session })).status).toBe(200);
  const signedOut = await send("/api/better-auth/sign-out", { method: "POST", json: {}, cookieHeader: session });
  expect(signedOut.status).toBe(200);
  expect((await send("/api/better-auth/me", { cookieHeader: session })).status).toBe(401);
});

test("jwt: DPoP through the proxy: proofs name the public https URL, accepted on both instances, and one naming the instance behind nginx is refused", async () => {
  const key = await generateKeyPair("ES256");
  const { token: tokenUrl, me: meUrl } = dpopUrls(nginx.origin); // https://app.test:<port>, as the client addresses it
  const issued = await send("/api/jwt/token", { method: "POST", json: BOB, headers: { dpop: await generateProof(key, tokenUrl, "POST") } });
  expect(issued.status, issued.body).toBe(200);
  const { access_token: token, refresh_token: refreshToken } = JSON.parse(issued.body) as { access_token: string; refresh_token: string };
  const call = async (htu: string, accessToken = token) => send("/api/jwt/me", { headers: await dpopHeaders(key, htu, accessToken) });

  // A fresh proof per request, each accepted, on whichever instance nginx picks: both, here.
  const before = nginx.accessLog().length;
  for (let i = 0; i < 4; i++) {
    const answered = await call(meUrl);
    expect(answered.status, answered.body).toBe(200);
    expect(JSON.parse(answered.body)).toMatchObject({ user: { id: "bob" } });
  }
  // nginx writes a request's log line after its answer: wait for the four lines.
  const servedSince = () => nginx.accessLog().slice(before).filter((line) => / 200 GET \/api\/jwt\/me$/.test(line)).map((line) => line.split(" ")[1]);
  await expect.poll(() => servedSince().length).toBe(4);
  const served = servedSince();
  expect(new Set(served)).toEqual(new Set(instances.map(({ port }) => `127.0.0.1:${port}`)));

  // The URL the instance itself listens on (what request.url says behind nginx) is not the
  // one the client addressed: a proof made for it is refused, and so is one for plain http on
  // the public host (the scheme comes from nginx's X-Forwarded-Proto).
  for (const htu of [`http://127.0.0.1:${instances[0].port}/api/jwt/me`, meUrl.replace(/^https:/, "http:")]) {
    const refused = await call(htu);
    expect([refused.status, JSON.parse(refused.body).reason], htu).toEqual([401, "wrong-url"]);
  }

  // The refresh grant through the proxy: its proof names the public token URL too.
  const refreshed = await send("/api/jwt/token", { method: "POST", json: { grant_type: "refresh_token", refresh_token: refreshToken }, headers: { dpop: await generateProof(key, tokenUrl, "POST") } });
  expect(refreshed.status, refreshed.body).toBe(200);
  expect((await call(meUrl, (JSON.parse(refreshed.body) as { access_token: string }).access_token)).status).toBe(200);
});

test("both instances served the browser, and nothing answered 5xx", () => {
  const log = nginx.accessLog();
  const upstreams = new Set(log.map((line) => line.split(" ")[1]));
  expect(upstreams).toEqual(new Set(instances.map(({ port }) => `127.0.0.1:${port}`)));
  expect(log.filter((line) => / 5\d\d /.test(line))).toEqual([]);
});

test("the login limiter counts the client address nginx reports: one address locked out, another not", async () => {
  const locked = "127.0.0.5";
  const other = "127.0.0.6";
  for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++) {
    const failed = await send("/api/session/login", { method: "POST", json: { username: BOB.username, password: "wrong-password" }, from: locked });
    expect(failed.status).toBe(401);
  }
  // The right password no longer helps from that address, whatever X-Real-IP the client claims.
  const refused = await send("/api/session/login", { method: "POST", json: BOB, from: locked, headers: { "x-real-ip": other } });
  expect(refused.status).toBe(429);
  expect(JSON.parse(refused.body)).toMatchObject({ error: expect.stringMatching(/wait before trying again/i) });
  expect((await send("/api/session/login", { method: "POST", json: BOB, from: other })).status).toBe(200);
});
