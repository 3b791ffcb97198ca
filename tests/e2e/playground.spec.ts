import { expect, test, type Locator } from "@playwright/test";
import { ALICE, BOB, JWT_COOKIE, cookieValue, signIn } from "./helpers";

/**
 * /jwt/playground: every preset variant of your own token is refused by the app's real
 * verifier with the reason its check gives, and the page names the RFC section. The page
 * itself never holds the token.
 */
const PRESETS: Array<[label: string, reason: string, rfc: RegExp]> = [
  ["alg: none", "wrong-algorithm", /RFC 8725 §3\.1/],
  ["role → admin", "bad-signature", /RFC 8725 §2\.1/],
  ["another aud", "bad-signature", /RFC 8725 §3\.9/],
  ["another typ", "bad-signature", /RFC 8725 §3\.11/],
  ["past exp", "bad-signature", /RFC 7519 §4\.1\.4/],
  ["signature stripped", "bad-signature", /RFC 8725 §2\.1/],
  ["kid / jku header", "bad-signature", /RFC 8725 §3\.10/],
  ["HS256, wrong key", "bad-signature", /RFC 8725 §3\.5/],
];
/** Where the real verifier's refusal is the signature's alone, the preset's own check is the one that refuses the re-signed variant. */
const CHECK_ROW: Record<string, "leaked"> = { "another aud": "leaked", "another typ": "leaked", "past exp": "leaked", "kid / jku header": "leaked" };
const LEAKED: Record<string, string> = { "alg: none": "wrong-algorithm", "another aud": "wrong-audience", "another typ": "wrong-type", "past exp": "expired" };
/** What the page says for each reason: a sentence a person understands, the reason code after it. */
const IN_WORDS: Record<string, string> = {
  "bad-signature": "Refused: the token's signature does not match: it was altered or signed with another key.",
  "wrong-algorithm": "Refused: the token uses an algorithm this server does not accept.",
  "wrong-audience": "Refused: the token was issued for another audience.",
  "wrong-type": "Refused: the token is not an access token.",
  expired: "Refused: the token has expired.",
};

/** A refusal, said in words first, with its reason code still there (in brackets) for whoever reads the logs. */
async function expectRefused(verdict: Locator, reason: string) {
  await expect(verdict).toContainText(IN_WORDS[reason]);
  await expect(verdict).toContainText(`(${reason})`);
  await expect(verdict.locator("code")).toHaveText(reason);
}

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

test("every preset is refused by the real verifier, with its reason and its RFC section", async ({ page, context }) => {
  await page.setViewportSize({ width: 390, height: 844 }); // a phone: the claims' long lines wrap
  await signIn(page, "jwt", BOB, "/jwt/login", []);
  await page.getByRole("link", { name: "The token tamper playground" }).click();
  await expect(page).toHaveURL(/\/jwt\/playground$/);
  const token = (await cookieValue(context, JWT_COOKIE))!;
  expect(await page.content()).not.toContain(token);
  await expect(page.locator("main")).toContainText("Without the key, the signature check refuses every edit");

  for (const [label, reason, rfc] of PRESETS) {
    await page.getByRole("group", { name: "Presets" }).getByRole("button", { name: label, exact: true }).click();
    const result = page.getByTestId("playground-result");
    await expect(result.getByRole("heading")).toHaveText(label);
    await expectRefused(result.getByTestId("verdict-real"), reason);
    await expect(result.getByTestId("verdict-rfc")).toHaveText(rfc);
    // With a leaked key, the checks behind the signature: each names its own reason.
    if (LEAKED[label]) await expectRefused(result.getByTestId("verdict-leaked"), LEAKED[label]);
    // The RFC check sits with the answer it refused: where the real verifier stopped at the
    // signature, that is the re-signed "if the key had leaked" variant, and it says so.
    const row = CHECK_ROW[label] ?? "real";
    await expect(result.getByTestId(`answer-${row}`).getByTestId("verdict-rfc")).toHaveText(rfc);
    if (row === "leaked") await expect(result.getByTestId("verdict-rfc")).toContainText("The check that would still stop it, if the key had leaked:");
    // The editor shows the whole variant just sent (its iat, exp and jti too), nothing hidden inside the box.
    for (const box of [page.getByLabel("Header (JSON)"), page.getByLabel("Claims (JSON)")]) {
      expect(await box.evaluate((t) => t.scrollHeight - t.clientHeight), label).toBeLessThanOrEqual(2);
    }
  }
});

test("free editing: a forged role is refused, the untouched token accepted, bad JSON explained", async ({ page }) => {
  await signIn(page, "jwt", BOB, "/jwt/login", []);
  await page.goto("/jwt/playground");
  const claims = page.getByLabel("Claims (JSON)");
  const original = await claims.inputValue();
  expect(JSON.parse(original)).toMatchObject({ sub: "bob", role: "user" });

  await page.getByRole("button", { name: "Send to the verifier" }).click();
  await expect(page.getByTestId("verdict-real")).toHaveText("Accepted as bob (user).");
  // Under the leaked key too, the user's own token is no attack: plainly accepted, no "Attacker wins".
  await expect(page.getByTestId("verdict-leaked")).toHaveText("Accepted as bob (user).");
  await expect(page.getByTestId("answer-leaked").locator("[data-verdict]")).toHaveCount(0);

  await claims.fill(original.replace('"role": "user"', '"role": "admin"'));
  await page.getByRole("button", { name: "Send to the verifier" }).click();
  await expectRefused(page.getByTestId("verdict-real"), "bad-signature");
  await expect(page.getByTestId("playground-result")).toContainText('"role": "admin"');
  // The decoded claims are shown like the app's other code: coloured, wrapped (nothing hidden sideways), copied whole.
  const shownClaims = page.getByTestId("playground-claims");
  const shown = (await shownClaims.locator("code").textContent())!;
  expect(JSON.parse(shown)).toEqual(JSON.parse(await claims.inputValue()));
  await expect(shownClaims.locator("code span[style*='color']", { hasText: '"admin"' })).toHaveCount(1);
  await expect(page.getByTestId("playground-header").locator("code span[style*='color']", { hasText: '"alg"' })).toHaveCount(1);
  await page.setViewportSize({ width: 390, height: 844 }); // a phone: the jti is wider than the block
  for (const block of [shownClaims, page.getByTestId("playground-header")]) {
    expect(await block.locator("pre").evaluate((pre) => pre.scrollWidth <= pre.clientWidth)).toBe(true);
  }
  await shownClaims.getByRole("button", { name: "Copy the claims" }).click();
  await expect(shownClaims.getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(shown);

  await claims.fill("{ not json");
  await page.getByRole("button", { name: "Send to the verifier" }).click();
  await expect(page.getByTestId("playground-error")).toHaveText('The claims must be a JSON object, like {"sub": "bob", "role": "user"}.');
});

test("for an admin the role preset turns the token into a user's: it changes something, and its label says what", async ({ page }) => {
  await signIn(page, "jwt", ALICE, "/jwt/login", []);
  await page.goto("/jwt/playground");
  const presets = page.getByRole("group", { name: "Presets" });
  await expect(presets.getByRole("button", { name: "role → admin" })).toHaveCount(0);
  await presets.getByRole("button", { name: "role → user", exact: true }).click();
  const result = page.getByTestId("playground-result");
  await expect(result.getByRole("heading")).toHaveText("role → user");
  await expect(result).toContainText("The claims say user instead of admin; the signature is the original one.");
  await expect(result).toContainText('"role": "user"');
  await expectRefused(result.getByTestId("verdict-real"), "bad-signature");
});

test("signed out, the playground sends you to sign in first", async ({ page }) => {
  await page.goto("/jwt/playground");
  await expect(page).toHaveURL(/\/jwt\/login\?next=%2Fjwt%2Fplayground/);
});

test("after a preset is sent, the editor holds the token just sent, to edit further; 'Back to your own token' restores yours", async ({ page }) => {
  await signIn(page, "jwt", BOB, "/jwt/login", []);
  await page.goto("/jwt/playground");
  const header = page.getByLabel("Header (JSON)");
  const claims = page.getByLabel("Claims (JSON)");
  const signature = page.getByLabel("Signature");
  const own = { header: await header.inputValue(), claims: await claims.inputValue() };
  await expect(page.getByTestId("playground-editor-holds")).toHaveText("Your own token, as the server issued it.");
  const presets = page.getByRole("group", { name: "Presets" });
  const result = page.getByTestId("playground-result");

  await presets.getByRole("button", { name: "alg: none", exact: true }).click();
  await expect(result.getByRole("heading")).toHaveText("alg: none");
  await expect.poll(async () => JSON.parse(await header.inputValue())).toMatchObject({ alg: "none" });
  await expect(signature).toHaveValue("none");
  expect(await claims.inputValue()).toBe(own.claims);
  await expect(page.getByTestId("playground-editor-holds")).toHaveText("Starting from the preset “alg: none”, as it was sent: edit it further and send it.");

  // Edit on from it: the role too, then send. The verifier gets both changes.
  await claims.fill(own.claims.replace('"role": "user"', '"role": "admin"'));
  await page.getByRole("button", { name: "Send to the verifier" }).click();
  await expect(result.getByRole("heading")).toHaveText("your edit");
  expect(JSON.parse((await page.getByTestId("playground-header").locator("code").textContent())!)).toMatchObject({ alg: "none" });
  expect(JSON.parse((await page.getByTestId("playground-claims").locator("code").textContent())!)).toMatchObject({ role: "admin" });
  await expectRefused(result.getByTestId("verdict-real"), "wrong-algorithm");

  await presets.getByRole("button", { name: "role → admin", exact: true }).click();
  await expect(result.getByRole("heading")).toHaveText("role → admin");
  await expect.poll(async () => JSON.parse(await claims.inputValue())).toMatchObject({ sub: "bob", role: "admin" });
  expect(await header.inputValue()).toBe(own.header);
  await expect(signature).toHaveValue("original");

  await page.getByRole("button", { name: "Back to your own token" }).click();
  expect(await claims.inputValue()).toBe(own.claims);
  await expect(page.getByTestId("playground-editor-holds")).toHaveText("Your own token, as the server issued it.");
  await page.getByRole("button", { name: "Send to the verifier" }).click();
  await expect(page.getByTestId("verdict-real")).toHaveText("Accepted as bob (user).");
});

/** Empty space a card may keep under its last line: its padding and a paragraph's margin. */
const CARD_TAIL_MAX_PX = 60;

test("the verifier's answer sits beside the editor: a card as tall as its words before anything is sent, the verdict in view after Send, and nothing hidden in it", async ({ page }) => {
  await signIn(page, "jwt", BOB, "/jwt/login", []);
  // A short window at 1280 px: an answer taller than it reads with the page, not in a box of its own.
  for (const viewport of [{ width: 1280, height: 600 }, { width: 390, height: 844 }]) {
    await page.setViewportSize(viewport);
    await page.goto("/jwt/playground");
    const card = page.locator("section", { has: page.getByRole("heading", { name: "What the verifier said", exact: true }) });
    // Stretched to the editor's height at 1280 px, it was ~1,200 px of empty box.
    const tail = await card.evaluate((el) => el.getBoundingClientRect().bottom - Math.max(...[...el.children].map((child) => child.getBoundingClientRect().bottom)));
    expect(tail, `${viewport.width} px: empty space under the card's last line`).toBeLessThanOrEqual(CARD_TAIL_MAX_PX);
    // Sent from the bottom of the editor, the verdict landed ~340 px above the window at 1280 px.
    const claims = page.getByLabel("Claims (JSON)");
    await claims.fill((await claims.inputValue()).replace('"role": "user"', '"role": "admin"'));
    await page.getByRole("button", { name: "Send to the verifier" }).click();
    await expectRefused(page.getByTestId("verdict-real"), "bad-signature");
    await expect(page.getByTestId("verdict-real"), `${viewport.width} px: the verdict in view after Send`).toBeInViewport({ ratio: 1 });
    // Scrolling on its own, the card cut its claims off at its edge with nothing to say there was more.
    expect(await card.evaluate((el) => el.scrollHeight - el.clientHeight), `${viewport.width} px: nothing hidden inside the card`).toBeLessThanOrEqual(2);
  }
});
