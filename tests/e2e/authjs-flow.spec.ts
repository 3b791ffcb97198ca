import { expect, test, type Page } from "@playwright/test";
import { ALICE, BOB, JWT_COOKIE, cookieValue, expectRedirectedToLogin, signIn, AUTHJS_COOKIE } from "./helpers";

/** Over http://localhost Auth.js uses the unprefixed name (`__Secure-` needs https). */

async function authjsSignIn(page: Page, user: { username: string; password: string }, from = "/authjs/login") {
  await signIn(page, "authjs", user, from);
}

/** The Set-Cookie lines of an answer that set or clear the Auth.js session cookie. */
const sessionCookiesSet = (headers: Array<{ name: string; value: string }>) =>
  headers.filter((h) => h.name.toLowerCase() === "set-cookie" && h.value.startsWith(AUTHJS_COOKIE)).map((h) => h.value);

test.describe("Auth.js area", () => {
  test("a protected page redirects to login, keeps `next`, and login lands there", async ({ page }) => {
    await page.goto("/authjs/admin");
    await expectRedirectedToLogin(page, "authjs", "/authjs/admin");
    await authjsSignIn(page, ALICE);
    await expect(page).toHaveURL(/\/authjs\/admin$/);
    await expect(page.getByTestId("admin-welcome")).toContainText("Welcome, alice");
    // Where roles change, since this page has no list of its own: links to the lanes that do.
    const where = page.getByTestId("authjs-roles-where");
    for (const [name, href] of [["JWT", "/jwt/admin"], ["session", "/session/admin"], ["Better Auth", "/better-auth/admin"]]) {
      await expect(where.getByRole("link", { name, exact: true })).toHaveAttribute("href", href);
    }
  });

  test("only a page load slides the Auth.js cookie: a prefetch answered after a sign-out cannot put the cookie back", async ({ page, context }) => {
    await authjsSignIn(page, BOB);
    await expect(page.getByTestId("client-session-status")).toHaveText("authenticated");
    const cookie = `${AUTHJS_COOKIE}=${await cookieValue(context, AUTHJS_COOKIE)}`;
    const reissued = async (headers: Record<string, string>) => {
      const answer = await page.request.get("/authjs/dashboard", { headers: { cookie, ...headers }, maxRedirects: 0 });
      return answer.headersArray().some((h) => h.name.toLowerCase() === "set-cookie" && h.value.startsWith(`${AUTHJS_COOKIE}=`));
    };
    expect(await reissued({ "sec-fetch-dest": "document", "sec-fetch-mode": "navigate" })).toBe(true);
    expect(await reissued({ "sec-fetch-dest": "empty", "sec-fetch-mode": "cors", rsc: "1", "next-router-prefetch": "1" })).toBe(false);
    expect(await reissued({ "sec-purpose": "prefetch" })).toBe(false);
  });

  test("a wrong password shows an error and sets no cookie", async ({ page, context }) => {
    await page.goto("/authjs/login");
    await page.getByLabel("Username").fill("alice");
    await page.getByLabel("Password").fill("nope");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("form-error")).toHaveText("Username or password is incorrect.");
    expect(await cookieValue(context, AUTHJS_COOKIE)).toBeUndefined();
  });

  test("the dashboard shows the session from auth() and from useSession(), decrypted at the Edge", async ({ page, context }) => {
    await authjsSignIn(page, ALICE);
    await expect(page).toHaveURL(/\/authjs\/dashboard$/);
    await expect(page.getByTestId("authjs-user")).toHaveText("signed in as alice (admin)");
    await expect(page.getByTestId("server-session-json")).toContainText('"role": "admin"');
    await expect(page.getByTestId("client-session-status")).toHaveText("authenticated");
    await expect(page.getByTestId("client-session-json")).toContainText('"id": "alice"');
    // useSession()'s answer is shown like the app's other JSON: coloured, copied whole, wrapped on a phone.
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await page.getByTestId("reference-session").locator("summary").click();
    const client = page.getByTestId("client-session-json");
    const shown = (await client.locator("code").textContent())!;
    expect(JSON.parse(shown)).toMatchObject({ user: { id: "alice" } });
    await expect(client.locator("code span[style*='color']", { hasText: '"alice"' }).first()).toBeVisible();
    await client.getByRole("button", { name: "Copy the session" }).click();
    await expect(client.getByRole("button", { name: "Copied" })).toBeVisible();
    // Copied whole: the block's JSON. useSession() may refetch at any moment, sliding `expires`
    // (the block and the clipboard can each hold either value), so that one field is left out.
    const withoutExpires = (json: string) => ({ ...(JSON.parse(json) as object), expires: undefined });
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(withoutExpires(copied)).toEqual(withoutExpires((await client.locator("code").textContent())!));
    expect(copied.split("\n").length).toBe(shown.split("\n").length);
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await client.locator("pre").evaluate((pre) => pre.scrollWidth <= pre.clientWidth)).toBe(true);
    await page.setViewportSize({ width: 1280, height: 720 });
    await expect(page.getByTestId("guard-runtime")).toContainText("edge");
    const cookie = (await context.cookies()).find((c) => c.name === AUTHJS_COOKIE);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax" });
  });

  test("JWS vs JWE: the /jwt cookie is readable by anyone, the Auth.js cookie only by the server", async ({ page, context }) => {
    await signIn(page, "jwt", ALICE);
    await expect(page.getByTestId("jwt-cookie-segments")).toHaveText("3");
    await expect(page.getByTestId("jwt-cookie-kind")).toHaveText("JWS (signed, readable)");
    await expect(page.getByTestId("jwt-cookie-payload-public")).toContainText('"role": "admin"');
    const jws = (await cookieValue(context, JWT_COOKIE))!;
    await expect(page.getByTestId("jwt-cookie-bytes")).toContainText(`${jws.length} bytes`);

    await authjsSignIn(page, ALICE);
    // useSession()'s own request re-issues the cookie; compare once that has settled.
    await expect(page.getByTestId("client-session-status")).toHaveText("authenticated");
    await page.reload();
    await expect(page.getByTestId("authjs-cookie-segments")).toHaveText("5");
    await expect(page.getByTestId("authjs-cookie-kind")).toHaveText("JWE (encrypted)");
    await expect(page.getByTestId("authjs-cookie-payload-public")).toHaveText("ciphertext: unreadable without the server's secret");
    const jwe = (await cookieValue(context, AUTHJS_COOKIE))!;
    await expect(page.getByTestId("authjs-cookie-bytes")).toContainText(`${jwe.length} bytes`);
    // The payload is not in the cookie in any readable form...
    const [, , , ciphertext] = jwe.split(".");
    expect(Buffer.from(ciphertext, "base64url").toString("latin1")).not.toContain("admin");
    // ...but the server, holding AUTH_SECRET, can decrypt it.
    await expect(page.getByTestId("authjs-decrypted")).toContainText('"role": "admin"');
    await expect(page.getByTestId("authjs-decrypted")).toContainText('"ver"');
  });

  test("a user gets a 403 on the admin page: middleware refuses, and the page answers it", async ({ page }) => {
    await authjsSignIn(page, BOB);
    const response = await page.goto("/authjs/admin");
    expect(response?.status()).toBe(403);
    expect(response?.headers()["server-timing"]).toContain('desc="middleware (edge) authjs: refused (forbidden)"');
    expect(response?.headers()["x-middleware-rewrite"]).toBeUndefined();
    await expect(page.getByRole("heading", { name: "403 — not allowed" })).toBeVisible();
    await expect(page).toHaveURL(/\/authjs\/admin$/);
  });

  test("update() changes the display name, and a client asking for the admin role through it is ignored", async ({ page, request }) => {
    await authjsSignIn(page, BOB);
    await page.getByLabel("Display name").fill("Bobby Tables");
    await page.getByRole("button", { name: "Update with useSession().update()" }).click();
    await expect(page.getByTestId("update-message")).toHaveText("Display name is now Bobby Tables.");
    // Every panel says so at once, without a reload: the server's auth(), the browser's
    // useSession() and the cookie decrypted on the server.
    await expect(page.getByTestId("authjs-name")).toHaveText("Bobby Tables");
    await expect(page.getByTestId("server-session-json")).toContainText('"name": "Bobby Tables"');
    await expect(page.getByTestId("client-session-json")).toContainText('"name": "Bobby Tables"');
    await expect(page.getByTestId("authjs-decrypted")).toContainText('"name": "Bobby Tables"');
    await page.reload();
    await expect(page.getByTestId("authjs-name")).toHaveText("Bobby Tables");

    // A hostile client calls the same endpoint update() uses, asking for a role.
    const status = await page.evaluate(async () => {
      const { csrfToken } = await (await fetch("/api/auth/csrf")).json();
      const response = await fetch("/api/auth/session", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ csrfToken, data: { role: "admin", id: "alice" } }),
      });
      return response.status;
    });
    expect(status).toBe(200);
    const me = await page.evaluate(async () => (await fetch("/api/authjs/me")).json());
    expect(me).toEqual({ user: { id: "bob", role: "user", name: "Bobby Tables" } });
    expect((await page.goto("/authjs/admin"))?.status()).toBe(403);
    void request;
  });

  test("a session read (useSession()'s) never changes the cookie, even one answered after a sign-out; a copied cookie still works until it expires", async ({ page, context }) => {
    await authjsSignIn(page, BOB);
    await expect(page.getByTestId("client-session-status")).toHaveText("authenticated");
    const copied = (await cookieValue(context, AUTHJS_COOKIE))!;
    // The page reads its session as useSession() does (a same-origin fetch with the cookie): it
    // gets the session, and the cookie is neither re-issued nor cleared. Browsers hide Set-Cookie
    // from fetch(), so the answer is read as the browser received it.
    const [answer, read] = await Promise.all([
      page.waitForResponse((response) => response.url().endsWith("/api/auth/session?from=test")),
      page.evaluate(async () => {
        const response = await fetch("/api/auth/session?from=test", { credentials: "include" });
        return { status: response.status, session: await response.json() };
      }),
    ]);
    expect(read.status).toBe(200);
    expect(read.session).toMatchObject({ user: { id: "bob", role: "user" } });
    expect(sessionCookiesSet(await answer.headersArray()), "Set-Cookie of the session cookie").toEqual([]);
    expect(await cookieValue(context, AUTHJS_COOKIE)).toBe(copied);

    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(page).toHaveURL(/\/authjs\/login\?reason=signed-out$/);
    await expect(page.getByTestId("login-confirmation")).toHaveText("Signed out. This browser no longer holds the credential.");
    expect(await cookieValue(context, AUTHJS_COOKIE)).toBeUndefined();
    await page.goto("/authjs/dashboard");
    await expectRedirectedToLogin(page, "authjs", "/authjs/dashboard");

    // A read sent before the sign-out and answered after it: it carries the old cookie, whose JWT
    // is still valid. It answers the session, and does not put the cookie back in this browser.
    const late = await page.request.get("/api/auth/session", {
      headers: { cookie: `${AUTHJS_COOKIE}=${copied}`, "sec-fetch-dest": "empty", "sec-fetch-mode": "cors", "sec-fetch-site": "same-origin" },
    });
    expect(late.status()).toBe(200);
    expect(await late.json()).toMatchObject({ user: { id: "bob" } });
    expect(sessionCookiesSet(late.headersArray()), "Set-Cookie of the session cookie").toEqual([]);
    expect(await cookieValue(context, AUTHJS_COOKIE)).toBeUndefined();
    await page.goto("/authjs/dashboard");
    await expectRedirectedToLogin(page, "authjs", "/authjs/dashboard");

    const replay = await fetch(`${new URL(page.url()).origin}/api/authjs/me`, { headers: { cookie: `${AUTHJS_COOKIE}=${copied}` } });
    expect(replay.status).toBe(200);
  });
});
