import { expect, test } from "@playwright/test";
import { request as httpRequest } from "node:http";
import { AUTHJS_COOKIE, BOB, authjsSignIn, withSecurityServer, target } from "./harness";

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

/** A GET with the Host (and other headers) a proxy under another name would send (fetch cannot set Host). */
function getWithHost(path: string, host: string, cookie: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port: new URL(target().base).port, path, headers: { ...headers, host, cookie } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    req.end();
  });
}

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
