import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { createHash } from "node:crypto";
import { DPOP_KEY_DATABASE, DPOP_KEY_ID, DPOP_KEY_OBJECT_STORE } from "../../app/jwt/dpop-key-store";
import { BOB, JWT_COOKIE, cookieValue, jwtDashboardSettled, readClaims, serverOfItsOwn, signIn, tokenColour } from "./helpers";
import { dpopUrls, generateKeyPair, signInWithKey } from "../../scripts/lib/dpop-client";

/**
 * The DPoP panel on the JWT dashboard (app/jwt/dpop-panel.tsx): a non-extractable key made in
 * the page and kept in IndexedDB, a token bound to it, API calls with fresh proofs, and the
 * thief who has the token but not the key, next to the cookie JWT that the same replay opens.
 */

async function openPanel(page: Page): Promise<Locator> {
  const panel = page.getByTestId("dpop-panel");
  await panel.locator("summary").first().click();
  return panel;
}

/** RFC 7638 for a P-256 public JWK: SHA-256 of its required members, in order, no spaces. */
const ecThumbprint = (jwk: { crv: string; kty: string; x: string; y: string }) =>
  createHash("sha256").update(JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y })).digest("base64url");

/** A replay's curl command, run from outside the browser (Node's fetch), as the thief would. */
async function runCurl(command: string): Promise<{ status: number; body: { reason?: string; user?: { id: string } }; token: string }> {
  const [, token, url] = /^curl -H 'Authorization: Bearer ([^']+)' (\S+)$/.exec(command) ?? [];
  expect(token, `a Bearer replay command: ${command}`).toBeTruthy();
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: await response.json(), token };
}

test("a link to /jwt/dashboard#dpop (from /compare, the README, choosing.md) lands on the DPoP panel opened, not on its folded line", async ({ page }) => {
  await signIn(page, "jwt", BOB);
  await jwtDashboardSettled(page);
  await page.goto("/compare");
  await page.getByRole("link", { name: "JWT dashboard: the DPoP panel (a thief without the key)" }).click();
  await expect(page).toHaveURL(/\/jwt\/dashboard#dpop$/);
  await expect(page.locator("details#dpop")).toHaveJSProperty("open", true);
  await expect(page.locator("details#dpop > summary")).toBeInViewport();
});

test("the DPoP panel: a non-extractable key kept in IndexedDB, a token bound to it, fresh proofs, and a thief without the key refused where the cookie JWT is accepted", async ({ page, context }) => {
  test.setTimeout(60_000);
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signIn(page, "jwt", BOB);
  await jwtDashboardSettled(page);

  // 1. The key: none yet in this fresh browser profile, then one made by WebCrypto.
  let panel = await openPanel(page);
  await expect(panel.getByTestId("dpop-no-key")).toBeVisible();
  await panel.getByRole("button", { name: "Generate a key" }).click();
  const thumbprint = (await panel.getByTestId("dpop-thumbprint").textContent()) ?? "";
  expect(thumbprint).toMatch(/^[A-Za-z0-9_-]{43}$/);
  await expect(panel.getByTestId("dpop-key-extractable")).toHaveText(/^not extractable/);
  await expect(panel.getByTestId("dpop-key-source")).toContainText("IndexedDB, just made");

  // 2. The token: a sign-in at the scripts' endpoint with a proof, the username prefilled.
  await expect(panel.getByLabel("Username")).toHaveValue("bob");
  await panel.getByLabel("Password").fill(BOB.password);
  const tokenResponse = page.waitForResponse((r) => r.url().endsWith("/api/jwt/token"));
  await panel.getByRole("button", { name: "Get a DPoP token" }).click();
  const tokenAnswer = await (await tokenResponse).json();
  expect(tokenAnswer.token_type).toBe("DPoP");
  expect((readClaims(tokenAnswer.access_token).cnf as { jkt: string }).jkt).toBe(thumbprint); // the token really is bound to the key shown
  await expect(panel.getByTestId("dpop-token-type")).toHaveText("DPoP");
  await expect(panel.getByTestId("dpop-expires-in")).toHaveText(`${tokenAnswer.expires_in} s`);
  await expect(panel.getByTestId("dpop-token-type-note")).toHaveText("(sent as Authorization: DPoP, each time with a fresh proof; a Bearer token is sent alone)");
  await expect(panel.getByTestId("dpop-jkt-note")).toHaveText("cnf.jkt, in the access token: the thumbprint of the key that must sign every proof (cnf: confirmation; jkt: JWK thumbprint)");
  await expect(panel.getByTestId("dpop-jkt")).toHaveText(thumbprint);
  await expect(panel.getByTestId("dpop-jkt-match")).toContainText("= this key's thumbprint");
  await expect(panel.getByLabel("Password")).toHaveCount(0); // the form (and the password) is gone: the next token comes from the refresh token

  // 3. Calling the API, twice: each request carries the token as DPoP and a proof of its own.
  const jtis: unknown[] = [];
  for (const call of [1, 2]) {
    const request = page.waitForRequest((r) => r.url().endsWith("/api/jwt/me"));
    await panel.getByRole("button", { name: "Call the API" }).click();
    const headers = await (await request).allHeaders();
    expect(headers.authorization).toBe(`DPoP ${tokenAnswer.access_token}`);
    expect(headers.cookie).toBeUndefined(); // a script's request: the token alone, not the cookie, signs it in
    const proof = readClaims(headers.dpop);
    expect(proof).toMatchObject({ htm: "GET", htu: `${new URL(page.url()).origin}/api/jwt/me` });
    jtis.push(proof.jti);
    await expect(panel.getByTestId("dpop-api-answer")).toHaveText(`Call ${call}: 200 signed in as bob (user)`);
  }
  expect(new Set(jtis).size).toBe(2);
  // The last proof, decoded: shown like the app's other JSON (coloured, copied whole), its jti the one sent.
  await panel.locator(".dpop-proof summary").click();
  const proofBlock = panel.getByTestId("dpop-proof");
  const shownProof = (await proofBlock.locator("code").textContent())!;
  expect(JSON.parse(shownProof)).toMatchObject({ header: { typ: "dpop+jwt", alg: "ES256" }, payload: { jti: jtis[1], htm: "GET" } });
  await expect(proofBlock.locator("code span[style*='color']", { hasText: '"GET"' })).toHaveCount(1);
  await proofBlock.getByRole("button", { name: "Copy the proof" }).click();
  await expect(proofBlock.getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(shownProof);
  // Next to the proof, each of its fields in a plain line, for a reader who never read RFC 9449.
  const notes = panel.getByTestId("dpop-proof-fields");
  const note = (field: string) => notes.locator("dt", { hasText: new RegExp(`^${field}$`) }).locator("xpath=following-sibling::dd[1]");
  await expect(notes.locator("dt")).toHaveText(["typ", "alg", "jwk", "htm", "htu", "iat", "jti", "ath"]);
  await expect(note("htm")).toHaveText("the HTTP method this proof is for: a proof made for GET cannot be used for POST");
  await expect(note("htu")).toHaveText("the URL this proof is for: it cannot be used at another endpoint");
  await expect(note("jti")).toHaveText("a unique id: the server remembers it, so the same proof cannot be sent twice");
  await expect(note("ath")).toHaveText("hash (SHA-256) of the access token: ties this proof to this one token");
  await expect(note("jwk")).toContainText("the public half of that key");
  await expect(note("typ")).toContainText("says this signed JSON is a DPoP proof");

  // 4. The thief: the DPoP token without its key is refused; the cookie JWT, replayed the same way, is accepted.
  await panel.getByRole("button", { name: "Replay both without the key" }).click();
  const asBearer = panel.getByTestId("dpop-replay-bearer");
  await expect(asBearer).toHaveAttribute("data-verdict", "defence-holds");
  await expect(asBearer).toContainText("Defence holds");
  await expect(asBearer.getByTestId("dpop-replay-bearer-status")).toHaveText("401");
  await expect(asBearer.getByTestId("dpop-replay-bearer-reason")).toHaveText("bound-token-as-bearer");
  const thiefKey = panel.getByTestId("dpop-replay-thief-key");
  await expect(thiefKey).toHaveAttribute("data-verdict", "defence-holds");
  await expect(thiefKey.getByTestId("dpop-replay-thief-key-reason")).toHaveText("wrong-key");
  const cookieJwt = panel.getByTestId("cookie-replay-bearer");
  await expect(cookieJwt).toHaveAttribute("data-verdict", "attacker-wins");
  await expect(cookieJwt).toContainText("Attacker wins");
  await expect(cookieJwt.getByTestId("cookie-replay-bearer-status")).toHaveText("200");
  await expect(cookieJwt).toContainText("accepted, signed in as bob (user)");

  // The app's one language for attacks: each badge its word, its icon and its token's colour,
  // in light and dark; axe finds nothing serious in the opened panel; nothing scrolls sideways on a phone.
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    for (const [box, outcome] of [[asBearer, "defence-holds"], [thiefKey, "defence-holds"], [cookieJwt, "attacker-wins"]] as const) {
      const badge = box.locator(".verdict[data-verdict]");
      await expect(badge).toHaveText(outcome === "attacker-wins" ? "Attacker wins" : "Defence holds");
      await expect(badge.locator("svg.attack-icon")).toHaveCount(1);
      expect(await badge.evaluate((element) => getComputedStyle(element).color)).toBe(await tokenColour(page, `--${outcome}`));
    }
    const { violations } = await new AxeBuilder({ page }).include('[data-testid="dpop-panel"]').analyze();
    expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes[0]?.target}`), colorScheme).toEqual([]);
  }
  await page.setViewportSize({ width: 390, height: 900 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  expect(await proofBlock.locator("pre").evaluate((pre) => pre.scrollWidth <= pre.clientWidth)).toBe(true);
  await page.setViewportSize({ width: 1280, height: 720 });

  // The same two replays from a terminal: the commands shown are the real ones, copyable.
  const dpopCommand = (await asBearer.getByTestId("dpop-replay-bearer-command").textContent()) ?? "";
  const fromCurl = await runCurl(dpopCommand);
  expect(fromCurl.token).toBe(tokenAnswer.access_token);
  expect([fromCurl.status, fromCurl.body.reason]).toEqual([401, "bound-token-as-bearer"]);
  const cookieCommand = (await cookieJwt.getByTestId("cookie-replay-bearer-command").textContent()) ?? "";
  const cookieFromCurl = await runCurl(cookieCommand);
  expect(cookieFromCurl.token).toBe(await cookieValue(context, JWT_COOKIE));
  expect([cookieFromCurl.status, cookieFromCurl.body.user?.id]).toEqual([200, "bob"]);
  await cookieJwt.getByRole("button", { name: "Copy command" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(cookieCommand);

  // 5. The next access token comes from the refresh token: a proof of the same key again, but
  // no password, so no new sign-in and no new device; the refresh token rotates.
  const refreshRequest = page.waitForRequest((r) => r.url().endsWith("/api/jwt/token"));
  const refreshResponse = page.waitForResponse((r) => r.url().endsWith("/api/jwt/token"));
  await panel.getByTestId("dpop-refresh").click();
  expect(JSON.parse((await refreshRequest).postData() ?? "{}")).toEqual({ grant_type: "refresh_token", refresh_token: tokenAnswer.refresh_token });
  expect(readClaims((await refreshRequest).headers().dpop)).toMatchObject({ htm: "POST", htu: `${new URL(page.url()).origin}/api/jwt/token` });
  const refreshed = await (await refreshResponse).json();
  expect(refreshed.access_token).not.toBe(tokenAnswer.access_token);
  expect(refreshed.refresh_token).not.toBe(tokenAnswer.refresh_token);
  expect((readClaims(refreshed.access_token).cnf as { jkt: string }).jkt).toBe(thumbprint);
  const withRefreshed = page.waitForRequest((r) => r.url().endsWith("/api/jwt/me"));
  await panel.getByRole("button", { name: "Call the API" }).click();
  expect((await (await withRefreshed).allHeaders()).authorization).toBe(`DPoP ${refreshed.access_token}`);
  await expect(panel.getByTestId("dpop-api-answer")).toHaveText("Call 1: 200 signed in as bob (user)");

  // 6. A reload: the tokens are gone (they lived in memory), the key comes back from IndexedDB.
  await page.reload();
  await jwtDashboardSettled(page);
  panel = await openPanel(page);
  await expect(panel.getByTestId("dpop-thumbprint")).toHaveText(thumbprint);
  await expect(panel.getByTestId("dpop-key-source")).toContainText("found there on this load");
  await expect(panel.getByTestId("dpop-token-type")).toHaveCount(0);

  // What IndexedDB holds: the key objects themselves, whose private half no script can export.
  const stored = await page.evaluate(async ([database, objectStore, id]) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open(database);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const record = await new Promise<{ keyPair: CryptoKeyPair }>((resolve, reject) => {
      const get = db.transaction(objectStore).objectStore(objectStore).get(id);
      get.onsuccess = () => resolve(get.result);
      get.onerror = () => reject(get.error);
    });
    db.close();
    const { privateKey, publicKey } = record.keyPair;
    const exportError = await crypto.subtle.exportKey("jwk", privateKey).then(() => null, (error: Error) => error.name);
    return { extractable: privateKey.extractable, algorithm: privateKey.algorithm, exportError, publicJwk: await crypto.subtle.exportKey("jwk", publicKey) };
  }, [DPOP_KEY_DATABASE, DPOP_KEY_OBJECT_STORE, DPOP_KEY_ID] as const);
  expect(stored.extractable).toBe(false);
  expect(stored.algorithm).toEqual({ name: "ECDSA", namedCurve: "P-256" });
  expect(stored.exportError).toBe("InvalidAccessError");
  expect(ecThumbprint(stored.publicJwk as { crv: string; kty: string; x: string; y: string })).toBe(thumbprint);

  // The same key signs again after the reload: a new token is bound to the same thumbprint, and works.
  await panel.getByLabel("Password").fill(BOB.password);
  await panel.getByRole("button", { name: "Get a DPoP token" }).click();
  await expect(panel.getByTestId("dpop-jkt")).toHaveText(thumbprint);
  await panel.getByRole("button", { name: "Call the API" }).click();
  await expect(panel.getByTestId("dpop-api-answer")).toHaveText("Call 1: 200 signed in as bob (user)");
});

test.describe("with the default device limit", () => {
  // A server of its own with SESSION_MAX_DEVICES at its default (3): the shared one allows 100.
  const server = serverOfItsOwn();

  test("new DPoP tokens from the panel, again and again, never evict the dashboard's own sign-in: only the first is a sign-in", async ({ browser }) => {
    test.setTimeout(60_000);
    const context = await browser.newContext({ baseURL: server.base() });
    const page = await context.newPage();
    await signIn(page, "jwt", BOB); // every check, a refresh family: device 1 of 3
    await jwtDashboardSettled(page);
    const panel = await openPanel(page);
    await panel.getByRole("button", { name: "Generate a key" }).click();
    await panel.getByLabel("Password").fill(BOB.password);
    await panel.getByRole("button", { name: "Get a DPoP token" }).click(); // the one sign-in: device 2
    await expect(panel.getByTestId("dpop-token-type")).toHaveText("DPoP");
    await expect(panel.getByTestId("dpop-token-from")).toHaveText("a sign-in with your password: one more device");

    // Three more tokens: as sign-ins they would make five devices and end the dashboard's family.
    const grants: unknown[] = [];
    page.on("request", (request) => {
      if (request.url().endsWith("/api/jwt/token")) grants.push(JSON.parse(request.postData() ?? "{}").grant_type);
    });
    for (let i = 0; i < 3; i++) {
      const answered = page.waitForResponse((r) => r.url().endsWith("/api/jwt/token"));
      await panel.getByTestId("dpop-refresh").click();
      expect((await answered).status()).toBe(200);
      await panel.getByRole("button", { name: "Call the API" }).click();
      await expect(panel.getByTestId("dpop-api-answer")).toHaveText("Call 1: 200 signed in as bob (user)");
    }
    expect(grants).toEqual(["refresh_token", "refresh_token", "refresh_token"]);
    await expect(panel.getByTestId("dpop-token-from")).toHaveText("the refresh token (3 times since the sign-in): still one device, no password");

    // The dashboard's own credential still opens the API, and its refresh token still rotates.
    const me = await page.request.get("/api/jwt/me");
    expect([me.status(), (await me.json()).user?.id]).toEqual([200, "bob"]);
    const refreshed = await page.request.post("/api/jwt/refresh");
    expect([refreshed.status(), await refreshed.json()]).toEqual([200, { ok: true, rotated: true }]);
    expect((await page.goto("/jwt/dashboard"))?.status()).toBe(200);
    await expect(page).toHaveURL(/\/jwt\/dashboard$/);

    // The control: the limit is real here. Sign-ins at the token endpoint do count as devices:
    // the third fills the limit, the fourth ends the family used least recently (the panel's),
    // the fifth the dashboard's, and its refresh token is refused.
    for (let i = 0; i < 3; i++) await signInWithKey(dpopUrls(server.base()).token, await generateKeyPair("ES256"), BOB);
    expect((await page.request.post("/api/jwt/refresh")).status()).toBe(401);
    await context.close();
  });
});

test.describe("locked out at the token endpoint", () => {
  // A server of its own: the lock it sets would refuse bob on the shared one.
  const server = serverOfItsOwn({ DEMO_RESET_ENABLED: "true" });
  /** How long a lock lasts (the limiter's default window), said as the other lock prompts say it. */
  const LOCK_LENGTH = "A lock lasts up to 15 min: the limiter's window, counted from the first failed attempt.";

  test("the panel's sign-in says the attempts left next to its button, and the 5th wrong password the lock: countdown, how long a lock lasts, every lane, the button disabled, in view on a phone", async ({ browser }) => {
    test.setTimeout(60_000);
    const context = await browser.newContext({ baseURL: server.base(), viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await signIn(page, "jwt", BOB);
    await jwtDashboardSettled(page);
    const panel = await openPanel(page);
    await panel.getByRole("button", { name: "Generate a key" }).click();
    await expect(panel.getByTestId("dpop-thumbprint")).toBeVisible();
    const submit = panel.getByRole("button", { name: "Get a DPoP token" });
    const refused = panel.getByTestId("dpop-sign-in-refused");
    for (const left of ["4 attempts left", "3 attempts left", "2 attempts left", "1 attempt left"]) {
      await panel.getByLabel("Password").fill("wrong-password");
      await submit.click();
      await expect(refused.getByTestId("step-up-attempts-left")).toHaveText(new RegExp(`^${left} before sign-in is locked in every lane`));
      await expect(refused).toBeInViewport();
      await expect(submit).toBeEnabled();
    }
    await panel.getByLabel("Password").fill("wrong-password");
    await submit.click();
    await expect(refused.getByTestId("step-up-message")).toHaveText("Username or password is incorrect. That was the last attempt: sign-in is now locked.");
    await expect(refused.getByTestId("retry-countdown")).toHaveText(/^Try again in 1[45]m/);
    await expect(refused.getByTestId("step-up-lockout")).toContainText("in every lane (JWT, session, Auth.js and Better Auth)");
    await expect(refused.getByTestId("step-up-lockout")).toContainText(LOCK_LENGTH);
    await expect(refused.getByTestId("step-up-attempts-left")).toHaveCount(0);
    await expect(submit).toBeDisabled();
    await expect(panel.getByRole("button", { name: "Reset demo" })).toBeVisible(); // no dead end: the reset, one click away
    // Said next to the button, on screen: not at the panel's top, a screen away.
    await expect(refused.getByTestId("step-up-message")).toBeInViewport();
    await expect(submit).toBeInViewport();
    const [said, button] = [await refused.boundingBox(), await submit.boundingBox()];
    expect(button!.y - (said!.y + said!.height)).toBeLessThan(40);

    // Reloaded, the panel knows nothing of the lock: the next try is refused (429) and says it the same way.
    await page.reload();
    await jwtDashboardSettled(page);
    await openPanel(page);
    await panel.getByLabel("Password").fill(BOB.password);
    await submit.click();
    await expect(refused.getByTestId("step-up-message")).toHaveText("Too many failed sign-in attempts. Wait before trying again.");
    await expect(refused.getByTestId("retry-countdown")).toHaveText(/^Try again in 1[45]m/);
    await expect(refused.getByTestId("step-up-lockout")).toContainText(LOCK_LENGTH);
    await expect(submit).toBeDisabled();
    await expect(refused.getByTestId("step-up-message")).toBeInViewport();
    await context.close();
  });
});
