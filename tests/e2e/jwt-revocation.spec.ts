import { expect, test, type BrowserContext } from "@playwright/test";
import { SignJWT } from "jose";
import { BOB, JWT_COOKIE, JWT_REFRESH_COOKIE, cookieValue, jwtDashboardSettled, plantCookie, readClaims, signIn } from "./helpers";
import { E2E_JWT_SECRET } from "./env";

/** Plain HTTP with explicit cookies (no jar), as a thief replaying a copy would send them. */
const call = (origin: string, path: string, init: RequestInit & { cookie?: string; bearer?: string } = {}) =>
  fetch(`${origin}${path}`, {
    ...init,
    redirect: "manual",
    headers: { ...(init.cookie && { cookie: init.cookie }), ...(init.bearer && { authorization: `Bearer ${init.bearer}` }), ...init.headers },
  });

/**
 * Stands in for 15 minutes passing: the browser's access token replaced by one with the same
 * claims, signed by the server's key, already expired. Returns it.
 */
async function expireAccessToken(context: BrowserContext): Promise<string> {
  const claims = readClaims((await cookieValue(context, JWT_COOKIE))!);
  const now = Math.floor(Date.now() / 1000);
  const expired = await new SignJWT({ role: claims.role, rev: claims.rev, ver: claims.ver, fam: claims.fam })
    .setProtectedHeader({ alg: "HS256", typ: "at+jwt" })
    .setSubject(String(claims.sub))
    .setIssuer(String(claims.iss))
    .setAudience(String(claims.aud))
    .setIssuedAt(now - 1000)
    .setExpirationTime(now - 100)
    .setJti("expired-for-the-test")
    .sign(new TextEncoder().encode(E2E_JWT_SECRET));
  await plantCookie(context, JWT_COOKIE, expired);
  return expired;
}

test.describe("JWT revocation fixes", () => {
  test("with the jti denylist, a copied token is refused as soon as its owner signs out", async ({ page, context }) => {
    await signIn(page, "jwt", BOB, "/jwt/login", ["jti"]);
    const origin = new URL(page.url()).origin;
    const stolen = (await cookieValue(context, JWT_COOKIE))!;
    expect((await call(origin, "/api/jwt/me", { bearer: stolen })).status).toBe(200);

    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(page).toHaveURL(/\/jwt\/login\?reason=signed-out$/);
    const replay = await call(origin, "/api/jwt/me", { bearer: stolen });
    expect(replay.status).toBe(401);
    expect(await replay.json()).toMatchObject({ reason: "revoked" });
  });

  test("the replay page shows a plain JWT accepted after sign-out, with the time it has left", async ({ page }) => {
    await signIn(page, "jwt", BOB, "/jwt/login", []);
    await page.getByRole("button", { name: "Copy my credential" }).click();
    await expect(page.getByTestId("copied-credential")).toContainText(/characters\)/);
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(page).toHaveURL(/\/jwt\/login\?reason=signed-out$/);
    await page.goto("/jwt/replay");
    await page.getByRole("button", { name: "Replay it" }).click();
    await expect(page.getByTestId("replay-verdict")).toContainText(/Accepted as bob \(user\)\. Whoever holds this token is signed in for another (5\dm|1h 0m)/);
  });

  test("the replay page shows a denylisted JWT refused", async ({ page }) => {
    await signIn(page, "jwt", BOB, "/jwt/login", ["jti"]);
    await page.getByRole("button", { name: "Copy my credential" }).click();
    await expect(page.getByTestId("copied-credential")).toBeVisible();
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(page).toHaveURL(/\/jwt\/login\?reason=signed-out$/);
    await page.goto("/jwt/replay");
    await page.getByRole("button", { name: "Replay it" }).click();
    await expect(page.getByTestId("replay-verdict")).toContainText(/The server refused the copy\. \S.* \(reason: revoked\)$/);
  });

  test("an expired access token is refreshed transparently on navigation, and the refresh token rotates", async ({ page, context }) => {
    await signIn(page, "jwt", BOB); // every check, refresh included
    await jwtDashboardSettled(page);
    // A fragment typed by hand claims nothing: it must name the token this page verified.
    await page.goto("/jwt/playground#refreshed=made-up");
    await expect(page).toHaveURL(/\/jwt\/playground$/);
    await expect(page.getByTestId("refreshed-on-the-way")).toHaveCount(0);
    const access = (await cookieValue(context, JWT_COOKIE))!;
    const refresh = (await cookieValue(context, JWT_REFRESH_COOKIE))!;
    const claims = readClaims(access);
    const expired = await expireAccessToken(context);

    const response = await page.goto("/jwt/dashboard");
    expect(response?.status()).toBe(200);
    await expect(page).toHaveURL(/\/jwt\/dashboard$/); // via /api/jwt/refresh and back, never the login page
    await expect(page.getByTestId("jwt-user")).toHaveText("signed in as bob (user)");
    const newAccess = (await cookieValue(context, JWT_COOKIE))!;
    expect(newAccess).not.toBe(expired);
    expect(readClaims(newAccess).fam).toBe(claims.fam);
    expect(await cookieValue(context, JWT_REFRESH_COOKIE)).not.toBe(refresh);
    // Said on the page it lands on, once: a reload says nothing more.
    await expect(page.getByTestId("refreshed-on-the-way")).toContainText("Your access token had expired");
    await page.reload();
    await jwtDashboardSettled(page);
    await expect(page.getByTestId("refreshed-on-the-way")).toHaveCount(0);
  });

  test("refreshed on the way to a page that refuses the user (403): said there too, and the fragment leaves the address bar", async ({ page, context }) => {
    await signIn(page, "jwt", BOB); // not an admin: /jwt/admin is a 403 for bob
    await jwtDashboardSettled(page);
    await expireAccessToken(context);
    const response = await page.goto("/jwt/admin");
    expect(response?.status()).toBe(403);
    await expect(page).toHaveURL(/\/jwt\/admin$/); // via /api/jwt/refresh, its #refreshed=<jti> dropped on arrival
    await expect(page.getByTestId("forbidden-advice")).toContainText("this page needs an admin account");
    await expect(page.getByTestId("refreshed-on-the-way")).toContainText("Your access token had expired");
    await page.reload();
    await expect(page.getByTestId("forbidden-advice")).toBeVisible();
    await expect(page.getByTestId("refreshed-on-the-way")).toHaveCount(0);
  });

  test("two tabs refreshing with the same refresh token at once both succeed (grace window)", async ({ page, context }) => {
    await signIn(page, "jwt", BOB);
    const origin = new URL(page.url()).origin;
    const cookie = `${JWT_REFRESH_COOKIE}=${await cookieValue(context, JWT_REFRESH_COOKIE)}`;
    const first = await call(origin, "/api/jwt/refresh", { method: "POST", cookie });
    const second = await call(origin, "/api/jwt/refresh", { method: "POST", cookie });
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(await first.json()).toEqual({ ok: true, rotated: true });
    expect(await second.json()).toEqual({ ok: true, rotated: false }); // a new access token, no second successor
  });

  test("signing out revokes the refresh token family: a copied refresh token is refused", async ({ page, context }) => {
    await signIn(page, "jwt", BOB);
    const origin = new URL(page.url()).origin;
    const cookie = `${JWT_REFRESH_COOKIE}=${await cookieValue(context, JWT_REFRESH_COOKIE)}`;
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(page).toHaveURL(/\/jwt\/login\?reason=signed-out$/);
    expect(await cookieValue(context, JWT_REFRESH_COOKIE)).toBeUndefined();
    const replay = await call(origin, "/api/jwt/refresh", { method: "POST", cookie });
    expect(replay.status).toBe(401);
    expect(await replay.json()).toMatchObject({ reason: "family-revoked" });
  });

  test("access and refresh tokens can never stand in for each other", async ({ page, context }) => {
    await signIn(page, "jwt", BOB);
    const origin = new URL(page.url()).origin;
    const access = (await cookieValue(context, JWT_COOKIE))!;
    const refresh = (await cookieValue(context, JWT_REFRESH_COOKIE))!;
    const refreshWithAccess = await call(origin, "/api/jwt/refresh", { method: "POST", cookie: `${JWT_REFRESH_COOKIE}=${access}` });
    expect(refreshWithAccess.status).toBe(401);
    expect(await refreshWithAccess.json()).toMatchObject({ reason: "malformed" });
    const meWithRefresh = await call(origin, "/api/jwt/me", { bearer: refresh });
    expect(meWithRefresh.status).toBe(401);
    expect(await meWithRefresh.json()).toMatchObject({ reason: "malformed" });
  });
});
