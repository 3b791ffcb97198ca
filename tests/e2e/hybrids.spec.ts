import { expect, test } from "@playwright/test";
import { createLocalJWKSet, jwtVerify, decodeProtectedHeader } from "jose";
import { BOB, cookieValue, SESSION_COOKIE, signIn } from "./helpers";

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

test.describe("Session hybrids and the replay demo", () => {
  test("a session mints a 5-minute EdDSA token that a third party verifies with the published JWKS alone", async ({ page }) => {
    await signIn(page, "session", BOB);
    await page.getByRole("button", { name: "Mint a token for the third party" }).click();
    const token = (await page.getByTestId("third-party-token").textContent())!.trim();
    // The token has a copy button too, like every block of code in the app.
    await page.getByRole("button", { name: "Copy the token" }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
    await page.getByRole("button", { name: "Call the third-party API with it" }).click();
    await expect(page.getByTestId("third-party-answer")).toContainText("The third party answered HTTP 200:");
    // Its JSON is shown like the app's other code: indented, coloured, copied whole by its button.
    const answer = page.getByTestId("third-party-answer-json");
    const shown = (await answer.locator("code").textContent())!;
    expect(JSON.parse(shown)).toMatchObject({ sub: "bob", role: "user", scope: "profile:read" });
    expect(shown).toBe(JSON.stringify(JSON.parse(shown), null, 2));
    await expect(answer.locator("code span[style*='color']", { hasText: '"bob"' })).toHaveCount(1);
    await answer.getByRole("button", { name: "Copy the answer" }).click();
    await expect(answer.getByRole("button", { name: "Copied" })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(shown);

    // The test as an outside party: fetch the public keys over HTTP and verify on its own.
    const origin = new URL(page.url()).origin;
    const jwks = await (await fetch(`${origin}/.well-known/jwks.json`)).json();
    expect(JSON.stringify(jwks)).not.toContain('"d"');
    const { kid } = decodeProtectedHeader(token);
    expect(jwks.keys.map((k: { kid: string }) => k.kid)).toContain(kid);
    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(jwks), {
      algorithms: ["EdDSA"],
      audience: "urn:jwt-vs-session:third-party",
      issuer: "jwt-vs-session",
    });
    expect(protectedHeader.alg).toBe("EdDSA");
    expect(payload.sub).toBe("bob");
    expect(payload.exp! - payload.iat!).toBe(300);
  });

  test("minting requires a session, and the third party refuses anything but our tokens", async ({ page }) => {
    const origin = new URL((await page.goto("/"))!.url()).origin;
    expect((await fetch(`${origin}/api/session/token`, { method: "POST" })).status).toBe(401);
    const forged = await fetch(`${origin}/api/third-party/profile`, { headers: { authorization: "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJib2IifQ." } });
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ error: "Token refused by the third party." });
    // RFC 6750 §3: the 401 says how to authenticate, with the server's own words for the refusal.
    expect(forged.headers.get("www-authenticate")).toMatch(/^Bearer realm="third-party", error="invalid_token", error_description="[^"]+"$/);
    expect((await fetch(`${origin}/api/third-party/profile`)).headers.get("www-authenticate")).toBe('Bearer realm="third-party"');
  });

  test("the replay page shows a copied session cookie refused at once after sign-out", async ({ page, context }) => {
    await signIn(page, "session", BOB);
    const cookie = await cookieValue(context, SESSION_COOKIE);
    await page.getByRole("button", { name: "Copy my credential" }).click();
    await expect(page.getByTestId("copied-credential")).toContainText(`${cookie!.length} characters`);
    await page.goto("/session/replay");
    await page.getByRole("button", { name: "Replay it" }).click();
    await expect(page.getByTestId("replay-verdict")).toContainText("Accepted as bob (user)");

    await page.goto("/session/dashboard");
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(page).toHaveURL(/\/session\/login\?reason=signed-out$/);
    await page.goto("/session/replay");
    await page.getByRole("button", { name: "Replay it" }).click();
    // "unknown" would only repeat the sentence ("does not exist"): no reason code after it.
    await expect(page.getByTestId("replay-verdict")).toContainText(/The server refused the copy\. \S[^()]*\.$/);
    await expect(page.getByTestId("replay-verdict")).not.toContainText("reason:");
  });
});
