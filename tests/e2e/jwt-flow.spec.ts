import { expect, test } from "@playwright/test";
import { ALICE, BOB, JWT_COOKIE, JWT_REFRESH_COOKIE, cookieValue, expectRedirectedToLogin, jwtDashboardSettled, plantCookie, signIn } from "./helpers";

test.describe("JWT area", () => {
  test("a protected page redirects to login and keeps where the user was going", async ({ page }) => {
    await page.goto("/jwt/admin");
    await expectRedirectedToLogin(page, "jwt", "/jwt/admin");
    await signIn(page, "jwt", ALICE);
    await expect(page).toHaveURL(/\/jwt\/admin$/);
    await expect(page.getByTestId("admin-welcome")).toContainText("Welcome, alice");
  });

  test("the login page explains each revocation check in one sentence, under its checkbox", async ({ page }) => {
    await page.goto("/jwt/login");
    const hints: Record<string, RegExp> = {
      "jti denylist": /^Each token has an ID \(its jti claim\); signing out puts that ID on a denylist in the store, so a stolen copy is refused at once\.$/,
      "token version": /^Your account has a version number in the store; “sign out everywhere” or a role change raises it, and every token carrying an older one is refused\.$/,
      "short access token + refresh token": /^The token lives only \d+ (s|min) and a second, longer-lived refresh token gets new ones; signing out revokes the refresh token, so a stolen copy soon stops working\.$/,
    };
    for (const [label, hint] of Object.entries(hints)) {
      const box = page.getByLabel(label, { exact: true });
      await expect(box).toHaveAccessibleDescription(hint);
      const id = await box.getAttribute("aria-describedby");
      await expect(page.locator(`[id="${id}"]`)).toBeVisible();
    }
  });

  test("an empty form shows validation errors without calling the server", async ({ page }) => {
    await page.goto("/jwt/login");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText("Enter your username.")).toBeVisible();
    await expect(page.getByText("Enter your password.")).toBeVisible();
  });

  test("a wrong password shows an error and sets no cookie", async ({ page, context }) => {
    await page.goto("/jwt/login");
    await page.getByLabel("Username").fill("alice");
    await page.getByLabel("Password").fill("wrong-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("form-error")).toHaveText("Username or password is incorrect.");
    expect(await cookieValue(context, JWT_COOKIE)).toBeUndefined();
  });

  test("login lands on the dashboard with the decoded token, verified at the Edge", async ({ page, context }) => {
    // The login form's one-sentence hint for each check; the dashboard says the same beside each.
    await page.goto("/jwt/login");
    const hints = await Promise.all(["jti", "ver", "refresh"].map((check) => page.getByTestId(`check-${check}-hint`).textContent()));
    await signIn(page, "jwt", ALICE);
    await expect(page).toHaveURL(/\/jwt\/dashboard$/);
    await expect(page.getByTestId("jwt-user")).toHaveText("signed in as alice (admin)");
    // The token's header and claims, printed once: in the cookie's anatomy (folded reference material).
    await expect(page.getByTestId("jwt-cookie-header")).toContainText('"alg": "HS256"');
    for (const claim of ['"sub": "alice"', '"role": "admin"', '"iss"', '"aud"', '"jti"', '"exp"', '"iat"']) {
      await expect(page.getByTestId("jwt-cookie-payload-public")).toContainText(claim);
    }
    await expect(page.getByTestId("guard-runtime")).toContainText("edge");
    // Secure by default: every revocation check, so a 15-minute token plus a refresh token.
    // Folded under the checks' names (the demos stay near the top); opened, each says what it is.
    await expect(page.getByTestId("jwt-checks").locator("summary")).toHaveText("jti denylist, token version, short access token + refresh token (what each does)");
    await page.getByTestId("jwt-checks").locator("summary").click();
    const checks = page.getByTestId("jwt-checks").locator("li");
    await expect(checks.first()).toBeVisible();
    await expect(checks.locator("strong")).toHaveText(["jti denylist", "token version", "short access token + refresh token"]);
    await expect(checks).toHaveText(["jti denylist", "token version", "short access token + refresh token"].map((label, i) => `${label}: ${hints[i]}`));
    await expect(page.getByTestId("countdown")).toHaveText(/^1[0-5]m \d+s left$/);

    // The token's header and claims are shown like the app's other code: coloured, copied whole, wrapped on a phone.
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await page.getByTestId("reference-token").locator("summary").click();
    const claims = page.getByTestId("jwt-cookie-payload-public");
    const shownClaims = (await claims.locator("code").textContent())!;
    expect(JSON.parse(shownClaims)).toMatchObject({ sub: "alice", role: "admin" });
    // Each of the app's own claims in the token is said in words, none that is not there.
    const ownClaims = ["role", "jti", "rev", "ver", "fam", "auth_time", "cnf"].filter((claim) => claim in JSON.parse(shownClaims));
    expect(ownClaims).toEqual(expect.arrayContaining(["role", "jti", "rev", "ver", "fam", "auth_time"]));
    await expect(page.getByTestId("claim-words").locator("dt")).toHaveText(ownClaims);
    await expect(claims.locator("code span[style*='color']", { hasText: '"alice"' })).toHaveCount(1);
    await expect(page.getByTestId("jwt-cookie-header-json").locator("code span[style*='color']", { hasText: '"HS256"' })).toHaveCount(1);
    await claims.getByRole("button", { name: "Copy the claims" }).click();
    await expect(claims.getByRole("button", { name: "Copied" })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(shownClaims);
    await page.setViewportSize({ width: 390, height: 844 });
    for (const block of [claims, page.getByTestId("jwt-cookie-header-json")]) {
      expect(await block.locator("pre").evaluate((pre) => pre.scrollWidth <= pre.clientWidth)).toBe(true);
    }
    await page.setViewportSize({ width: 1280, height: 720 });

    const cookie = (await context.cookies()).find((c) => c.name === JWT_COOKIE);
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: "Lax", path: "/" });
    const refresh = (await context.cookies()).find((c) => c.name === JWT_REFRESH_COOKIE);
    expect(refresh).toMatchObject({ httpOnly: true, secure: true, path: "/api/jwt/refresh" });
    await expect(page.getByTestId("jwt-cookie-bytes")).toContainText(`${cookie!.value.length} bytes`);
    // HttpOnly means page scripts cannot see it.
    expect(await page.evaluate(() => document.cookie)).not.toContain(JWT_COOKIE);
  });

  test("a user gets a 403 page on the admin page, not a redirect", async ({ page }) => {
    await signIn(page, "jwt", BOB);
    const response = await page.goto("/jwt/admin");
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "403 — not allowed" })).toBeVisible();
    await expect(page).toHaveURL(/\/jwt\/admin$/);
    // Advice that works: bob is a user in the directory too, so only an admin account helps.
    await expect(page.getByTestId("forbidden-advice")).toHaveText(
      "bob has the user role, so signing in again as bob will not help: this page needs an admin account (alice). Sign in as an admin.",
    );
  });

  test("after logout a protected page redirects to login", async ({ page, context }) => {
    await signIn(page, "jwt", ALICE);
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(page).toHaveURL(/\/jwt\/login\?reason=signed-out$/);
    expect(await cookieValue(context, JWT_COOKIE)).toBeUndefined();
    await page.goto("/jwt/dashboard");
    await expectRedirectedToLogin(page, "jwt", "/jwt/dashboard");
  });

  test("a stolen plain JWT still works after logout, until it expires (the stateless trade-off)", async ({ page, context, request }) => {
    await signIn(page, "jwt", BOB, "/jwt/login", []);
    await expect(page.getByTestId("jwt-checks")).toContainText("none");
    await expect(page.getByTestId("countdown")).toHaveText(/^(5\dm|1h 0m) \d+s left$/);
    const stolen = await cookieValue(context, JWT_COOKIE);
    expect(stolen).toBeTruthy();
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(page).toHaveURL(/\/jwt\/login\?reason=signed-out$/);

    const replay = await request.get("/api/jwt/me", { headers: { cookie: `${JWT_COOKIE}=${stolen}` } });
    expect(replay.status()).toBe(200);
    expect(await replay.json()).toMatchObject({ user: { id: "bob", role: "user" } });
  });

  test("an edited token is refused and the login page says why", async ({ page, context }) => {
    await signIn(page, "jwt", BOB);
    await jwtDashboardSettled(page);
    const token = (await cookieValue(context, JWT_COOKIE))!;
    const [header, payload, signature] = token.split(".");
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, role: "admin" })).toString("base64url")}.${signature}`;
    await plantCookie(context, JWT_COOKIE, forged);

    await page.goto("/jwt/admin");
    await expect(page).toHaveURL(/\/jwt\/login\?next=%2Fjwt%2Fadmin&reason=bad-signature/);
    await expect(page.getByTestId("login-reason")).toContainText("signature does not match");
    // A forged token was never a sign-in of this browser: the headline claims none ended.
    await expect(page.getByTestId("login-reason").locator("> strong")).toHaveText("Not signed in.");
  });

  test("identity headers a client sends never reach the page; only middleware's own do", async ({ page }) => {
    await signIn(page, "jwt", BOB);
    await page.setExtraHTTPHeaders({ "x-user-id": "alice", "x-user-role": "admin", "x-user-evil": "1", "x-auth-evil": "1" });
    await page.goto("/jwt/dashboard");
    const received = page.getByTestId("forwarded-headers");
    await expect(received).toContainText("x-user-id: bob");
    await expect(received).toContainText("x-user-role: user");
    await expect(received).not.toContainText("evil");
    await expect(received).not.toContainText("alice");
    // Coloured as the docs' HTTP is (each header's name apart from its value), with one button copying them all.
    await expect(received.locator("span", { hasText: /^x-user-id$/ })).toHaveCount(1);
    expect(await received.locator("span[style*='color']").evaluateAll((spans) => new Set(spans.map((s) => getComputedStyle(s).color)).size)).toBeGreaterThanOrEqual(2);
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
    await page.getByTestId("reference-gates").locator("summary").click();
    await received.getByRole("button", { name: "Copy headers" }).click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toMatch(/^x-user-id: bob$/m);
    expect(copied).toMatch(/^x-user-role: user$/m);
    await expect(page.getByTestId("jwt-user")).toHaveText("signed in as bob (user)");
  });

  test("the API answers 401 JSON without a valid token, whatever identity headers the client sends", async ({ request }) => {
    const response = await request.get("/api/jwt/me", { headers: { "x-user-id": "alice", "x-user-role": "admin" } });
    expect(response.status()).toBe(401);
    expect(await response.json()).toMatchObject({ error: "Not signed in.", reason: "missing" });
    // RFC 6750 §3: the schemes the API takes (Bearer, or DPoP-bound), from the first gate.
    expect(response.headers()["www-authenticate"]).toBe('Bearer realm="jwt-vs-session", DPoP algs="ES256 EdDSA Ed25519 PS256 RS256"');
    expect(response.headers()["x-auth-gate"]).toMatch(/^middleware/);
  });

  test("a refused token gets the invalid_token challenge; a cookie-only API names no scheme", async ({ request }) => {
    const forged = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";
    const response = await request.get("/api/jwt/me", { headers: { authorization: `Bearer ${forged}` } });
    expect(response.status()).toBe(401);
    expect(response.headers()["www-authenticate"]).toMatch(/^Bearer realm="jwt-vs-session", error="invalid_token", DPoP algs="/);
    const session = await request.get("/api/session/me");
    expect(session.status()).toBe(401);
    expect(session.headers()["www-authenticate"], "a cookie API names no Authorization scheme").toBeUndefined();
  });

  test("non-browser clients can use the token as a Bearer credential", async ({ request }) => {
    const login = await request.post("/api/jwt/login", { data: BOB });
    expect(login.status()).toBe(200);
    const body = await login.json();
    expect(JSON.stringify(body)).not.toMatch(/eyJ/); // the token is never in the body
    const setCookie = login.headers()["set-cookie"];
    const token = /__Host-jwt=([^;]+)/.exec(setCookie)![1];
    const me = await request.get("/api/jwt/me", { headers: { authorization: `Bearer ${token}`, cookie: "" } });
    expect(me.status()).toBe(200);
  });

  test("the home page shows the JWT sign-in state and what the browser holds", async ({ page, context }) => {
    await page.goto("/");
    await expect(page.getByTestId("jwt-state")).toHaveText("not signed in");
    await signIn(page, "jwt", ALICE);
    await page.goto("/");
    await expect(page.getByTestId("jwt-state")).toHaveText("signed in as alice (admin)");
    const value = (await cookieValue(context, JWT_COOKIE))!;
    await expect(page.getByTestId("jwt-column").getByTestId("cookie-bytes")).toHaveText(`${JWT_COOKIE.length + 1 + value.length} bytes`);
    await expect(page.getByTestId("jwt-column")).toContainText("no (HttpOnly)");
    await expect(page.getByTestId("session-state")).toHaveText("not signed in");
  });
});
