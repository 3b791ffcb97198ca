import { expect, test, type Browser } from "@playwright/test";
import { createHash, randomBytes } from "node:crypto";
import {
  ALICE,
  BOB,
  SESSION_COOKIE,
  call,
  expectLoginRedirect,
  expectRefused,
  expectStoreCalls,
  issuedCookie,
  secret,
  sessionLogin,
  target,
  withSecurityServer,
} from "./harness";

/**
 * Guessed, re-encoded, planted and replayed session cookies against the /session lane.
 * What "nothing written" means here: a cookie that is not 43 base64url characters is
 * refused before any store call (0 calls); a well-formed one costs the lookup (the record
 * and its TTL in one read) and, refused, one more read for why it ended (evicted or signed
 * out from the device list): 2 calls, neither of them a write.
 */
withSecurityServer();

const me = (token: string) => call("/api/session/me", { cookies: { [SESSION_COOKIE]: token } });
const sha256Hex = (text: string) => createHash("sha256").update(text).digest("hex");

test("control: a real session cookie is accepted", async () => {
  const token = await sessionLogin(BOB);
  const answer = await me(token);
  expect(answer.status).toBe(200);
  expect(answer.json).toMatchObject({ user: { id: "bob", role: "user" } });
});

test("random session ids of the right shape (256 bits, base64url) are refused, with two store reads and no write", async () => {
  for (let i = 0; i < 20; i++) {
    const guess = secret(randomBytes(32).toString("base64url"));
    await expectStoreCalls(2, async () => expectRefused(await me(guess), 401, "unknown"));
  }
  const guess = randomBytes(32).toString("base64url");
  expectLoginRedirect(await call("/session/dashboard", { cookies: { [SESSION_COOKIE]: guess } }), "session", "/session/dashboard", "unknown");
});

test("session ids in another encoding are refused before any store call (hex store key, base64 with +/=, padding, wrong length)", async () => {
  const token = await sessionLogin(BOB);
  const bytes = Buffer.from(token, "base64url");
  const variants = [
    sha256Hex(token), // the store's own key for this session (what a store leak reveals): never a credential
    bytes.toString("hex"), // the same 32 random bytes as hex
    bytes.toString("base64"), // standard base64: + / and = padding
    `${token}=`,
    token.slice(0, 42),
    `${token}A`,
    `${token.slice(0, 21)}.${token.slice(21, 42)}`,
  ];
  for (const variant of variants) {
    await expectStoreCalls(0, async () => expectRefused(await me(secret(variant)), 401, "malformed"));
  }
  // The real token still works: nothing above touched it.
  expect((await me(token)).status).toBe(200);
});

test("a session id differing from a real one in letter case is refused", async () => {
  const token = await sessionLogin(BOB);
  const flipped = secret([...token].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join(""));
  await expectStoreCalls(2, async () => expectRefused(await me(flipped), 401, "unknown"));
});

test("session fixation: a planted random cookie is not adopted by the login", async () => {
  const planted = secret(randomBytes(32).toString("base64url"));
  const token = await sessionLogin(ALICE, { [SESSION_COOKIE]: planted });
  expect(token).not.toBe(planted);
  expectRefused(await me(planted), 401, "unknown");
  expect((await me(token)).json).toMatchObject({ user: { id: "alice" } });
});

test("session fixation: an attacker's own live session planted on the victim is ended at the victim's login, never upgraded", async () => {
  const attackers = await sessionLogin(BOB);
  const victims = await sessionLogin(ALICE, { [SESSION_COOKIE]: attackers });
  expect(victims).not.toBe(attackers);
  expectRefused(await me(attackers), 401, "unknown");
  expect((await me(victims)).json).toMatchObject({ user: { id: "alice", role: "admin" } });
});

test("a session cookie replayed after logout is refused", async () => {
  const token = await sessionLogin(BOB);
  const logout = await call("/api/session/logout", { method: "POST", cookies: { [SESSION_COOKIE]: token } });
  expect(logout.status).toBe(200);
  expect(issuedCookie(logout, SESSION_COOKIE)).toBeUndefined();
  await expectStoreCalls(2, async () => expectRefused(await me(token), 401, "unknown"));
  expectLoginRedirect(await call("/session/dashboard", { cookies: { [SESSION_COOKIE]: token } }), "session", "/session/dashboard", "unknown");
  // Logging out "again" with the dead cookie does nothing and opens nothing.
  expectRefused(await call("/api/session/token", { method: "POST", cookies: { [SESSION_COOKIE]: token } }), 401, "unknown");
});

/** A browser holding this session cookie, on the devices page. */
async function devicesPage(browser: Browser, token: string) {
  const context = await browser.newContext({ baseURL: target().base });
  await context.addCookies([{ name: SESSION_COOKIE, value: token, domain: "localhost", path: "/", secure: true, httpOnly: true, sameSite: "Lax" }]);
  const page = await context.newPage();
  await page.goto("/session/devices");
  await expect(page.getByTestId("this-device")).toBeVisible();
  return { context, page };
}

test("a device signed out from the device list: its cookie is refused on replay", async ({ browser }) => {
  const laptop = await sessionLogin(BOB);
  const phone = await sessionLogin(BOB);
  const { context, page } = await devicesPage(browser, laptop);
  const phoneRow = page.getByTestId("device-row").filter({ has: page.locator(`input[name=id][value="${sha256Hex(phone)}"]`) });
  await phoneRow.getByRole("button", { name: "Sign out this device" }).click();
  await expect(phoneRow).toHaveCount(0);
  await context.close();

  // Refused, and told why (a marker, not the session: it opens nothing).
  expectRefused(await me(phone), 401, "revoked");
  expectLoginRedirect(await call("/session/dashboard", { cookies: { [SESSION_COOKIE]: phone } }), "session", "/session/dashboard", "revoked");
  expect((await me(laptop)).status).toBe(200);
});

test("cookies replayed after “sign out all other devices” are refused", async ({ browser }) => {
  const others = [await sessionLogin(BOB), await sessionLogin(BOB)];
  const keeper = await sessionLogin(BOB);
  const { context, page } = await devicesPage(browser, keeper);
  await page.getByRole("button", { name: "Sign out all other devices" }).click();
  await expect(page.getByTestId("device-row")).toHaveCount(1);
  await context.close();

  for (const token of others) expectRefused(await me(token), 401, "revoked");
  expect((await me(keeper)).status).toBe(200);
});

test("a user cannot sign out someone else's device by editing the id in the device list form", async ({ browser }) => {
  const victim = await sessionLogin(ALICE);
  const attacker = await sessionLogin(BOB);
  await sessionLogin(BOB); // a second device, so the attacker's list has a "Sign out this device" form
  const { context, page } = await devicesPage(browser, attacker);
  const form = page.getByTestId("device-row").filter({ has: page.getByRole("button", { name: "Sign out this device" }) }).first();
  // Even knowing the victim's session id (its store key), the action refuses ids that are not the caller's.
  await form.locator("input[name=id]").evaluate((input, id) => ((input as HTMLInputElement).value = id), sha256Hex(victim));
  await form.getByRole("button", { name: "Sign out this device" }).click();
  await page.waitForLoadState("networkidle");
  await context.close();

  expect((await me(victim)).json).toMatchObject({ user: { id: "alice" } });
});
