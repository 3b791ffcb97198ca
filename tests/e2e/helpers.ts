import { expect, test, type Page, type BrowserContext } from "@playwright/test";
import { createHash } from "node:crypto";
import { E2E_SERVER_ENV } from "./env";
import { freePort, startNextServer, type Started } from "../../scripts/lib/processes";

/** The e2e server runs `next start` (production), so cookies carry the __Host- prefix. */
export const JWT_COOKIE = "__Host-jwt";
export const SESSION_COOKIE = "__Host-sid";
/** Auth.js's session cookie in production: Secure and prefixed, like the other lanes. */
export const AUTHJS_COOKIE = "__Secure-authjs.session-token";

/**
 * For `beforeAll`/`afterAll` hooks that start or stop servers of their own. A hook's time
 * limit is the project's test timeout (30 s), not the one `describe.configure` sets for the
 * tests; starting Redis and a few `next start`s on two busy cores can take longer.
 */
export const HOOK_TIMEOUT = 180_000;

/**
 * A `next start` of its own for the enclosing describe: started before its tests (the test
 * servers' env, plus `env`), stopped after them. For scenarios that change shared state or need
 * settings the shared server does not have. `base()` is its URL once started.
 */
export function serverOfItsOwn(env: Record<string, string> = {}): { base: () => string } {
  let server: Started | undefined;
  let base = "";
  test.beforeAll(async () => {
    test.setTimeout(HOOK_TIMEOUT);
    const port = await freePort();
    server = await startNextServer(port, { ...E2E_SERVER_ENV, ...env });
    base = `http://localhost:${port}`;
  });
  test.afterAll(async () => {
    test.setTimeout(HOOK_TIMEOUT);
    await server?.stop();
  });
  return { base: () => base };
}

export const ALICE = { username: "alice", password: "correct-horse" };
export const BOB = { username: "bob", password: "battery-staple" };

export type Area = "jwt" | "session" | "authjs";
/** Every lane with a login page: Area and Better Auth's (specs keyed by Area cover the first three lanes). */
export type LoginArea = Area | "better-auth";

export const JWT_REFRESH_COOKIE = "__Secure-jwt-refresh";
export type Check = "jti" | "ver" | "refresh";
const CHECK_LABELS: Record<Check, string> = { jti: "jti denylist", ver: "token version", refresh: "short access token + refresh token" };

/**
 * Fills and submits the area's login form; waits until the browser has left the login page.
 * For /jwt, `checks` picks the token's revocation checks (all by default, as the form does).
 */
export async function signIn(
  page: Page,
  area: LoginArea,
  user: { username: string; password: string },
  from = `/${area}/login`,
  checks?: readonly Check[],
) {
  if (!page.url().includes(`/${area}/login`)) await page.goto(from);
  await page.getByLabel("Username").fill(user.username);
  await page.getByLabel("Password").fill(user.password);
  if (checks) {
    for (const check of Object.keys(CHECK_LABELS) as Check[]) await page.getByLabel(CHECK_LABELS[check]).setChecked(checks.includes(check));
  }
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.endsWith("/login"));
}

/**
 * The JWT dashboard asks /api/jwt/role once it has loaded (the stale-role line). A test that
 * then plants another cookie waits for that first: the request would otherwise carry the
 * planted cookie, and the refusal would drop it before the test's own request.
 */
export async function jwtDashboardSettled(page: Page) {
  await expect(page.getByTestId("role-status")).toBeVisible();
}

export async function cookieValue(context: BrowserContext, name: string): Promise<string | undefined> {
  return (await context.cookies()).find((c) => c.name === name)?.value;
}

export async function expectRedirectedToLogin(page: Page, area: LoginArea, next: string) {
  await expect(page).toHaveURL(new RegExp(`/${area}/login\\?next=${encodeURIComponent(next).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
  await expect(page.getByTestId("login-next")).toHaveText(next);
}

export const sha256Hex = (text: string) => createHash("sha256").update(text).digest("hex");

/** Puts a cookie into the browser as if a server had set it on this host (e.g. a planted or forged one). */
export async function plantCookie(context: BrowserContext, name: string, value: string) {
  await context.addCookies([{ name, value, domain: "localhost", path: "/", secure: true, httpOnly: true, sameSite: "Lax" }]);
}

/** Claims of a JWS, read without verifying (what anyone holding the token can do). */
export function readClaims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString("utf8"));
}

/** The colour a design token resolves to on this page (as getComputedStyle writes colours). */
export async function tokenColour(page: Page, token: string): Promise<string> {
  return page.evaluate((name) => {
    const probe = document.createElement("span");
    probe.style.color = `var(${name})`;
    document.body.append(probe);
    const colour = getComputedStyle(probe).color;
    probe.remove();
    return colour;
  }, token);
}
