import { expect, test } from "@playwright/test";
import { request as httpRequest } from "node:http";
import { AUTHJS_COOKIE, BOB, authjsCsrf, authjsSignIn, expectNoInternals, expectOneJsonObjectPerLine, logWrittenDuringTest, withSecurityServer, target } from "./harness";

/**
 * Behind any host name: the app started as `next start -H 127.0.0.1` and reached as
 * http://127.0.0.1:<port> (as a proxy on the same machine reaches it), or with the Host and
 * X-Forwarded-Proto a TLS proxy under another name sends, keeps every redirect on the origin
 * the client used and answers bob's /authjs/admin with a real 403. `next start` itself
 * believes it is `localhost`, so a URL built from its idea of the origin would leave the site,
 * or turn a rewrite into a proxied request (a 200 with the 403 page, or a 500 behind TLS).
 * The same through nginx and TLS: tests/e2e/deployed/.
 */
withSecurityServer({}, { hostname: "127.0.0.1" });

const viaIp = () => target().base;

async function signInViaCallback(base: string) {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = csrf.headers.getSetCookie().map((line) => line.split(";")[0]).join("; ");
  return fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie, origin: base },
    body: new URLSearchParams({ ...BOB, csrfToken, callbackUrl: `${base}/authjs/dashboard` }),
  });
}

test("Auth.js's own sign-in endpoint, reached as 127.0.0.1, redirects back to 127.0.0.1", async () => {
  const answer = await signInViaCallback(viaIp());
  expect(answer.status).toBe(302);
  expect(new URL(answer.headers.get("location") ?? "", viaIp()).origin).toBe(viaIp());
});

test("signed in through the page at 127.0.0.1, bob lands on 127.0.0.1, gets a real 403 on /authjs/admin, and signs out on the same origin", async ({ browser }) => {
  const context = await browser.newContext({ baseURL: viaIp() });
  const page = await context.newPage();
  const origins = new Set<string>();
  page.on("request", (request) => origins.add(new URL(request.url()).origin));
  await page.goto("/authjs/dashboard");
  await expect(page).toHaveURL(`${viaIp()}/authjs/login?next=%2Fauthjs%2Fdashboard`);
  await page.getByLabel("Username").fill(BOB.username);
  await page.getByLabel("Password").fill(BOB.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`${viaIp()}/authjs/dashboard`);
  // Secure and `__Secure-`-prefixed in production, like the other lanes, though this is plain http.
  expect((await context.cookies(viaIp())).find((c) => c.name === AUTHJS_COOKIE)).toMatchObject({ name: "__Secure-authjs.session-token", secure: true, httpOnly: true });

  const admin = await page.goto("/authjs/admin");
  expect(admin?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("403");
  expect(admin?.headers()["x-middleware-rewrite"]).toBeUndefined(); // no rewrite, so never a proxied one

  await page.goto("/authjs/dashboard");
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`^${viaIp()}/authjs/login`));
  expect([...origins]).toEqual([viaIp()]);
  await context.close();
});

type RawAnswer = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

/** A request with exactly these headers, Host included (fetch cannot set Host). */
function send(method: string, path: string, headers: Record<string, string>, body?: string | Buffer): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ method, host: "127.0.0.1", port: new URL(target().base).port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** A GET with the Host (and other headers) a proxy under another name would send. */
const getWithHost = (path: string, host: string, cookie: string, headers: Record<string, string> = {}) => send("GET", path, { ...headers, host, cookie });

const TLS_PROXY = { "x-forwarded-proto": "https" };

for (const [label, headers] of [["plain http", {}], ["a TLS proxy (X-Forwarded-Proto: https)", TLS_PROXY]] as const) {
  test(`behind ${label} under another host name, bob's /authjs/admin is a real 403 and redirects stay relative to that host`, async () => {
    const { token } = await authjsSignIn(BOB);
    const admin = await getWithHost("/authjs/admin", "app.example", `${AUTHJS_COOKIE}=${token}`, headers);
    expect(admin.status).toBe(403);
    expect(admin.body).toContain("403");
    expect(admin.headers["x-middleware-rewrite"]).toBeUndefined();
    const signedOut = await getWithHost("/authjs/dashboard", "app.example", "", headers);
    expect(signedOut.status).toBe(307);
    expect(String(signedOut.headers.location)).toMatch(/^\/authjs\/login\?/); // relative: the browser keeps its origin
  });
}

test("the JWT lane's transparent refresh answers a relative Location, whatever Host and scheme the proxy reports", async () => {
  const answer = await getWithHost("/api/jwt/refresh?next=%2Fjwt%2Fdashboard", "app.example", "", TLS_PROXY);
  expect(answer.status).toBe(303);
  expect(String(answer.headers.location)).toBe("/jwt/login?next=%2Fjwt%2Fdashboard&reason=refresh-missing");
});

/**
 * Auth.js builds its redirects on the origin it reads from the request: the Host, or a
 * client-sent X-Forwarded-Host (`next start` trusts both). None of its redirects may carry
 * that origin: each is a path, which the browser resolves on the origin it is on.
 */
const EVIL = "evil.example";
const SPOOFS = [
  ["Host", () => ({ host: EVIL, origin: `http://${EVIL}` })],
  ["X-Forwarded-Host", () => ({ host: new URL(target().base).host, origin: target().base, "x-forwarded-host": EVIL })],
] as const;

const expectPath = (what: string, url: unknown) => {
  expect(String(url), what).not.toContain(EVIL);
  expect(String(url), what).toMatch(/^\/(?!\/)/);
};

for (const [spoofed, spoof] of SPOOFS) {
  test(`a spoofed ${spoofed} never appears in an Auth.js Location: its route handler answers paths`, async () => {
    const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
    const csrf = await authjsCsrf();
    const csrfCookie = Object.entries(csrf.cookie).map(([name, value]) => `${name}=${value}`).join("; ");
    const post = (path: string, fields: Record<string, string>, cookie = csrfCookie) =>
      send("POST", path, { ...spoof(), "content-type": "application/x-www-form-urlencoded", cookie }, form({ csrfToken: csrf.csrfToken, ...fields }));

    const signInPage = await send("GET", "/api/auth/signin?callbackUrl=%2Fauthjs%2Fdashboard", spoof());
    expect(signInPage.status).toBe(302);
    expect(signInPage.headers.location).toBe(`/authjs/login?callbackUrl=${encodeURIComponent("/authjs/dashboard")}`);

    const signedIn = await post("/api/auth/callback/credentials", { ...BOB, callbackUrl: "/authjs/dashboard" });
    expect(signedIn.status).toBe(302);
    expect(signedIn.headers.location).toBe("/authjs/dashboard");

    const refused = await post("/api/auth/callback/credentials", { username: BOB.username, password: "not-the-password", callbackUrl: "/authjs/dashboard" });
    expect(refused.status).toBe(302);
    expectPath("a refused sign-in", refused.headers.location);
    expect(String(refused.headers.location)).toMatch(/^\/authjs\/login\?/);

    const session = String(signedIn.headers["set-cookie"] ?? "").match(new RegExp(`${AUTHJS_COOKIE.replace(/\./g, "\\.")}=[^;]+`))?.[0];
    expect(session).toBeTruthy();
    const signedOut = await post("/api/auth/signout", { callbackUrl: "/authjs/login?reason=signed-out" }, `${csrfCookie}; ${session}`);
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.location).toBe("/authjs/login?reason=signed-out");
  });
}

test("a spoofed Host never appears in the redirect of Auth.js's sign-in and sign-out server actions", async ({ browser }) => {
  const context = await browser.newContext({ baseURL: viaIp() });
  const page = await context.newPage();
  // The browser's own action requests that redirected, replayed with another Host (and the
  // Origin to match it, as a client that chose that Host sends).
  const actions: { headers: Record<string, string>; body: Buffer; path: string }[] = [];
  await page.route(/\/authjs\//, async (route) => {
    const request = route.request();
    if (request.method() !== "POST" || !(await request.headerValue("next-action"))) return route.continue();
    const response = await route.fetch({ maxRedirects: 0 });
    if (response.headers()["x-action-redirect"]) {
      const url = new URL(request.url());
      actions.push({ headers: await request.allHeaders(), body: request.postDataBuffer() ?? Buffer.alloc(0), path: url.pathname + url.search });
    }
    await route.fulfill({ response });
  });
  /** Replays the first redirecting action the browser sent since `actions` was emptied. */
  const replay = async () => {
    const { headers, body, path } = actions[0];
    const { "content-length": _length, ...kept } = headers;
    const answer = await send("POST", path, { ...kept, host: EVIL, origin: `http://${EVIL}` }, body);
    const redirect = answer.headers["x-action-redirect"] ?? answer.headers.location;
    expect(redirect, `the action answered ${answer.status} with no redirect: ${answer.body.slice(0, 200)}`).toBeTruthy();
    expectPath(`the action's redirect (${answer.status})`, redirect);
    return String(redirect);
  };

  await page.goto("/authjs/login?next=%2Fauthjs%2Fdashboard");
  await page.getByLabel("Username").fill(BOB.username);
  await page.getByLabel("Password").fill(BOB.password);
  actions.length = 0;
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`${viaIp()}/authjs/dashboard`);
  expect(await replay()).toMatch(/^\/authjs\/dashboard(;|$)/);

  actions.length = 0;
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`^${viaIp()}/authjs/login`));
  expect(await replay()).toMatch(/^\/authjs\/login\?reason=signed-out(;|$)/);
  await context.close();
});

/**
 * With no proxy in front (or one that appends rather than sets), Host, X-Forwarded-Host and
 * X-Forwarded-Proto are whatever the client sent, and Auth.js builds its URLs from them. A host
 * that is not a single host[:port], or a scheme other than http or https, is refused by the
 * first gate with a 400 and a sentence, on pages and routes alike: never a 500, never the value
 * echoed, and the log stays one JSON object per line.
 */
const MALFORMED_FORWARDED: Array<[string, string]> = [
  ["host", "a b"],
  ["host", "app.example:99999"],
  ["x-forwarded-host", "a b"],
  ["x-forwarded-host", "a.example, b.example"],
  ["x-forwarded-host", "app.example:99999"],
  ["x-forwarded-host", "::1"],
  ["x-forwarded-proto", "gopher"],
  ["x-forwarded-proto", "https, http"],
  ["x-forwarded-proto", "https,https"],
];

const EXPECTED_SENTENCE: Record<string, string> = {
  host: "The Host header must be one host name or address",
  "x-forwarded-host": "The X-Forwarded-Host header must be one host name or address",
  "x-forwarded-proto": "The X-Forwarded-Proto header must be one scheme, http or https",
};

for (const [name, value] of MALFORMED_FORWARDED) {
  test(`${name}: ${JSON.stringify(value)} is a 400 with a sentence on pages and routes, and the log stays JSON`, async () => {
    const host = new URL(target().base).host;
    for (const path of ["/", "/authjs/dashboard", "/api/authjs/me"]) {
      const answer = await send("GET", path, { host, [name]: value, accept: "text/html" });
      expect(answer.status, `${path} (body: ${answer.body.slice(0, 200)})`).toBe(400);
      const sentence = path.startsWith("/api/") ? String((JSON.parse(answer.body) as { error?: unknown }).error) : answer.body;
      expect(sentence, path).toContain(EXPECTED_SENTENCE[name]);
      expect(answer.body, `${path}: the value is not echoed`).not.toContain(value);
      expectNoInternals({ status: answer.status, headers: new Headers(), body: answer.body, json: null, setCookies: [], location: null });
    }
    expectOneJsonObjectPerLine(await logWrittenDuringTest());
  });
}

test("a well-formed X-Forwarded-Host (with a port, or an IPv6 address) and X-Forwarded-Proto still reach the page", async () => {
  const host = new URL(target().base).host;
  for (const forwarded of ["app.example:8443", "[::1]:3000", "127.0.0.1"]) {
    const answer = await send("GET", "/", { host, "x-forwarded-host": forwarded, "x-forwarded-proto": "https" });
    expect(answer.status, forwarded).toBe(200);
  }
  // A scheme's case does not matter (RFC 3986): a proxy writing HTTPS is honest too.
  expect((await send("GET", "/", { host, "x-forwarded-proto": "HTTPS" })).status).toBe(200);
});
