import { expect, type Page, type BrowserContext } from "@playwright/test";
import { createHash } from "node:crypto";

/** The e2e server runs `next start` (production), so cookies carry the __Host- prefix. */
export const JWT_COOKIE = "__Host-jwt";
export const SESSION_COOKIE = "__Host-sid";

export const ALICE = { username: "alice", password: "correct-horse" };
export const BOB = { username: "bob", password: "battery-staple" };

export type Area = "jwt" | "session" | "authjs";

/** Fills and submits the area's login form; waits until the browser has left the login page. */
export async function signIn(page: Page, area: Area, user: { username: string; password: string }, from = `/${area}/login`) {
  if (!page.url().includes(`/${area}/login`)) await page.goto(from);
  await page.getByLabel("Username").fill(user.username);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.endsWith("/login"));
}

export async function cookieValue(context: BrowserContext, name: string): Promise<string | undefined> {
  return (await context.cookies()).find((c) => c.name === name)?.value;
}

export async function expectRedirectedToLogin(page: Page, area: Area, next: string) {
  await expect(page).toHaveURL(new RegExp(`/${area}/login\\?next=${encodeURIComponent(next).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
  await expect(page.getByTestId("login-next")).toHaveText(next);
}

export const sha256Hex = (text: string) => createHash("sha256").update(text).digest("hex");

/** Puts a cookie into the browser as if a server had set it on this host (e.g. a planted or forged one). */
export async function plantCookie(context: BrowserContext, name: string, value: string) {
  await context.addCookies([{ name, value, domain: "localhost", path: "/", secure: true, httpOnly: true, sameSite: "Lax" }]);
}
