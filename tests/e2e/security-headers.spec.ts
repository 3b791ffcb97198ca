import { expect, test, type Page } from "@playwright/test";
import { ALICE, BOB, signIn } from "./helpers";

/** Collects what the browser reports about the Content-Security-Policy while a test runs. */
function watchCsp(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(message.text())) problems.push(message.text());
  });
  return problems;
}

test.describe("Response hardening", () => {
  test("every page carries a nonce-based CSP and the other security headers", async ({ page }) => {
    const first = await page.goto("/jwt/login");
    const second = await page.goto("/jwt/login");
    const headers = first!.headers();
    const csp = headers["content-security-policy"];
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}' 'strict-dynamic'(;|$)/);
    expect(csp.split(";").find((d) => d.trim().startsWith("script-src"))).not.toContain("unsafe-inline");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    const nonce = (value: string) => /'nonce-([^']+)'/.exec(value)![1];
    expect(nonce(second!.headers()["content-security-policy"])).not.toBe(nonce(csp)); // fresh per request
  });

  test("the pages still work under the policy, with no CSP errors in the console", async ({ page }) => {
    const problems = watchCsp(page);
    // Client-side validation only works if the page's scripts ran.
    await page.goto("/session/login");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText("Enter your username.")).toBeVisible();
    await signIn(page, "session", ALICE);
    await expect(page.getByTestId("countdown")).toHaveText(/left$/);
    await signIn(page, "jwt", ALICE);
    await page.getByRole("button", { name: "Copy my credential" }).click();
    await expect(page.getByTestId("copied-credential")).toBeVisible();
    await signIn(page, "authjs", ALICE);
    await expect(page.getByTestId("client-session-status")).toHaveText("authenticated");
    for (const path of ["/", "/session/devices", "/jwt/replay", "/jwt/admin", "/authjs/admin"]) await page.goto(path);
    expect(problems).toEqual([]);
  });

  test("an injected inline event handler (a typical XSS payload) is blocked", async ({ page }) => {
    await page.goto("/");
    const violation = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          document.addEventListener("securitypolicyviolation", (event) => resolve(event.violatedDirective), { once: true });
          document.body.insertAdjacentHTML("beforeend", '<img src="/no-such-image.png" onerror="window.__pwned = true">');
        }),
    );
    expect(violation).toMatch(/^script-src/);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned)).toBeUndefined();
  });

  test("a write without Origin but marked cross-site by the browser is refused", async ({ request }) => {
    const response = await request.post("/api/session/logout", { headers: { "sec-fetch-site": "cross-site" } });
    expect(response.status()).toBe(403);
  });
});

test.describe("Cache-Control: no-store on everything that carries a credential or a user", () => {
  const noStore = (headers: Record<string, string>) => expect(headers["cache-control"] ?? "").toMatch(/(^|[ ,])no-store($|[ ,])/);

  test("every /api auth response, success or failure, says no-store", async ({ page }) => {
    const api = page.request;
    const json = (data: unknown) => ({ data, headers: { origin: new URL(page.url() || "http://localhost").origin } });
    await page.goto("/");
    const answers = [
      await api.post("/api/jwt/login", json({ username: "bob", password: "wrong" })), // 401
      await api.post("/api/jwt/login", { data: "{not json", headers: { "content-type": "application/json" } }), // 400
      await api.get("/api/jwt/me"), // 401
      await api.post("/api/jwt/login", json(BOB)), // 200, sets the cookies
      await api.get("/api/jwt/me"),
      await api.post("/api/jwt/refresh", json({})),
      await api.post("/api/jwt/logout", json({})),
      await api.post("/api/session/login", json(BOB)),
      await api.get("/api/session/me"),
      await api.post("/api/session/token", json({})),
      await api.post("/api/session/logout", json({})),
      await api.get("/api/session/me"), // 401 after logout
      await api.get("/api/authjs/me"),
      await api.get("/api/auth/session"),
      await api.get("/api/auth/csrf"),
    ];
    for (const answer of answers) {
      expect.soft(answer.headers()["cache-control"] ?? "", `${answer.url()} (${answer.status()})`).toMatch(/(^|[ ,])no-store($|[ ,])/);
    }
    expect(answers.map((a) => a.status())).toEqual([401, 400, 401, 200, 200, 200, 200, 200, 200, 200, 200, 401, 401, 200, 200]);
  });

  test("authenticated pages say no-store", async ({ page }) => {
    for (const area of ["jwt", "session", "authjs"] as const) {
      await signIn(page, area, BOB);
      const response = await page.goto(`/${area}/dashboard`);
      expect(response?.status()).toBe(200);
      noStore(response!.headers());
    }
  });
});
