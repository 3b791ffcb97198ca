import { expect, test } from "@playwright/test";
import { createHash } from "node:crypto";
import { BOB, JWT_COOKIE, SESSION_COOKIE, cookieValue, signIn, AUTHJS_COOKIE } from "./helpers";

/**
 * Credentials are HttpOnly cookies, and no page puts them back where a script could read
 * them: each dashboard's HTML (as the server sent it, and as the browser holds it) contains
 * only a fingerprint of the cookie. The one deliberate exception, "Copy my credential",
 * hands over exactly the caller's own cookie, on request.
 */
const fingerprint = (value: string) => createHash("sha256").update(value).digest("base64url").slice(0, 12);

for (const [area, cookieName] of [["jwt", JWT_COOKIE], ["session", SESSION_COOKIE], ["authjs", AUTHJS_COOKIE]] as const) {
  test(`the ${area} dashboard never puts its credential into the page`, async ({ page, context }) => {
    await signIn(page, area, BOB);
    const response = await page.goto(`/${area}/dashboard`);
    // Every value this credential had around this page load: the one the request sent, the
    // one its response set (Auth.js re-issues its cookie on each read, and middleware hands
    // the new one to the page), and the jar's (background session fetches re-issue it again).
    const escaped = cookieName.replace(/[.]/g, "\\.");
    const sent = new RegExp(`(?:^|; )${escaped}=([^;]+)`).exec((await response!.request().allHeaders()).cookie ?? "")?.[1];
    const reissued = (await response!.headersArray())
      .filter((h) => h.name.toLowerCase() === "set-cookie")
      .map((h) => new RegExp(`^${escaped}=([^;]+)`).exec(h.value)?.[1])
      .filter((v): v is string => Boolean(v));
    const values = [sent, ...reissued, await cookieValue(context, cookieName)].filter((v): v is string => Boolean(v));
    expect(sent).toBeTruthy();
    const html = await page.content();
    for (const value of values) expect(html).not.toContain(value);
    if (area !== "session") {
      const shown = await page.getByTestId(`${area}-cookie-fingerprint`).locator("code").textContent();
      expect(values.map(fingerprint)).toContain(shown);
    }
    const raw = await page.request.get(`/${area}/dashboard`); // the server's HTML, RSC payload included
    expect(raw.status()).toBe(200);
    const rawText = await raw.text();
    for (const value of [...values, (await cookieValue(context, cookieName))!]) expect(rawText).not.toContain(value);
  });
}

for (const [area, cookieName] of [["jwt", JWT_COOKIE], ["session", SESSION_COOKIE], ["authjs", AUTHJS_COOKIE]] as const) {
  test(`“Copy my credential” (${area}) is the deliberate hole: it puts this browser's cookie on the clipboard, with the curl command that replays it`, async ({ page, context }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await signIn(page, area, BOB);
    await page.goto(`/${area}/dashboard`);
    if (area === "authjs") await expect(page.getByTestId("client-session-status")).toHaveText("authenticated"); // the cookie is re-issued on each read: let it settle
    await expect(page.getByTestId("deliberate-hole")).toContainText("deliberate hole");
    await page.getByRole("button", { name: "Copy my credential" }).click();
    await expect(page.getByTestId("copied-credential")).toContainText("On the clipboard");
    const copied = await page.evaluate((key) => sessionStorage.getItem(key), `stolen-credential:${area}`);
    expect(copied).toBeTruthy();
    if (area !== "authjs") expect(copied).toBe(await cookieValue(context, cookieName)); // Auth.js may have re-issued its cookie since
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(copied);

    // The command shown is the replay, and it works from outside the browser.
    const command = (await page.getByTestId("replay-command").textContent()) ?? "";
    const [, header, url] = /^curl -H '([^']+)' (\S+)$/.exec(command) ?? [];
    expect(header).toBe(area === "jwt" ? `Authorization: Bearer ${copied}` : `Cookie: ${cookieName}=${copied}`);
    const [name, ...value] = header.split(": ");
    const replayed = await fetch(url, { headers: { [name]: value.join(": ") } });
    expect(replayed.status).toBe(200);
    expect(await replayed.json()).toMatchObject({ user: { id: "bob" } });

    // "Copy command" puts the whole command on the clipboard, and the command is never cut off.
    await page.getByRole("button", { name: "Copy command" }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(command);
    const box = page.getByTestId("replay-command");
    expect(await box.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    // Coloured like the app's other code (bash, as Shiki colours it): the program, its option, its arguments.
    const colours = new Map(await box.locator("span").evaluateAll((spans) => spans.map((span) => [span.textContent, (span as HTMLElement).style.color] as const)));
    expect([colours.get("curl"), colours.get("-H"), colours.get(`'${header}'`), colours.get(url)]).toEqual(["rgb(255, 166, 87)", "rgb(121, 192, 255)", "rgb(165, 214, 255)", "rgb(165, 214, 255)"]);
  });
}
