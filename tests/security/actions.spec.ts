import { expect, test } from "@playwright/test";
import { readFileSync } from "node:fs";
import {
  ALICE,
  AUTHJS_COOKIE,
  BETTER_AUTH_COOKIE,
  BOB,
  SESSION_COOKIE,
  authjsSignIn,
  betterAuthSignIn,
  call,
  expectNoInternals,
  expectOneJsonObjectPerLine,
  logWrittenDuringTest,
  sessionLogin,
  target,
  withSecurityServer,
} from "./harness";

/**
 * Server actions follow the /api rule: a cross-site write is refused with a plain 403 by
 * middleware, whether the browser said so with `Origin` (foreign or `null`) or only with
 * `Sec-Fetch-Site: cross-site`. The action is a real one ("Sign out everywhere" on the Auth.js
 * dashboard), captured from a browser click and replayed over HTTP.
 */
withSecurityServer();

interface CapturedAction {
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** Clicks "Sign out everywhere" in a browser signed in as bob, and captures (without sending) the action's request. */
async function captureSignOutEverywhere(browser: import("@playwright/test").Browser, cookie: string): Promise<CapturedAction> {
  const context = await browser.newContext({ baseURL: target().base });
  await context.addCookies([{ name: AUTHJS_COOKIE, value: cookie, domain: "localhost", path: "/", httpOnly: true, secure: true, sameSite: "Lax" }]);
  const page = await context.newPage();
  await page.goto("/authjs/dashboard");
  let captured!: CapturedAction;
  await page.route("**/authjs/dashboard", async (route) => {
    const request = route.request();
    if (request.method() !== "POST") return route.continue();
    captured = { path: new URL(request.url()).pathname, headers: await request.allHeaders(), body: request.postData() ?? "" };
    await route.abort();
  });
  const sent = page.waitForRequest((request) => request.method() === "POST");
  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  await sent;
  await expect.poll(() => captured !== undefined).toBe(true);
  await context.close();
  return captured;
}

function replay(action: CapturedAction, cookie: string, headers: Record<string, string>) {
  const kept = Object.fromEntries(Object.entries(action.headers).filter(([name]) => /^(next-action|next-router-state-tree|content-type|accept)$/i.test(name)));
  return call(action.path, { method: "POST", cookies: { [AUTHJS_COOKIE]: cookie }, headers: { ...kept, ...headers }, body: action.body, origin: null });
}

test("a server action sent cross-site is refused with a plain 403, before the action runs, and without a stack trace in the log", async ({ browser }) => {
  const { token } = await authjsSignIn(BOB);
  const action = await captureSignOutEverywhere(browser, token as string);
  expect(action.headers["next-action"]).toBeTruthy();
  const logFrom = target().server.output().length;
  const attacks: Array<[string, Record<string, string>]> = [
    ["no Origin, Sec-Fetch-Site: cross-site", { "sec-fetch-site": "cross-site" }],
    ["a foreign Origin", { origin: "https://evil.example" }],
    ["Origin: null", { origin: "null" }],
  ];
  for (const [what, headers] of attacks) {
    const answer = await replay(action, token as string, headers);
    expect(answer.status, what).toBe(403);
    expect(answer.body, what).toBe("Cross-site requests are not allowed to change state.");
    expectNoInternals(answer);
  }
  // Nothing ran: bob's session still works (the action would have ended it).
  expect((await call("/api/authjs/me", { cookies: { [AUTHJS_COOKIE]: token as string } })).status).toBe(200);
  const log = target().server.output().slice(logFrom);
  expect(log).not.toMatch(/\n\s+at /);
  expect(log).not.toContain("Error:");
  // Control: the same action from the app's own origin runs (and signs bob out everywhere).
  const sameOrigin = await replay(action, token as string, { origin: target().base });
  expect(sameOrigin.status).toBeLessThan(400);
  await expect.poll(async () => (await call("/api/authjs/me", { cookies: { [AUTHJS_COOKIE]: token as string } })).status).toBe(401);
});

/**
 * A request that says it calls a server action, with a Next-Action id that is not the shape
 * Next.js gives its ids (hex): refused by the first gate with a 400 and a sentence, before
 * Next.js logs its own refusal with stack frames.
 */
test("a forged Next-Action header is a 400 with a sentence, and the log stays JSON", async () => {
  for (const forged of ["garbage", "x", "a".repeat(5000), "0".repeat(41) + "g"]) {
    const answer = await call("/", { method: "POST", headers: { "next-action": forged, "content-type": "text/plain;charset=UTF-8" }, body: "[]" });
    expect(answer.status, `${forged.slice(0, 20)} (body: ${answer.body.slice(0, 200)})`).toBe(400);
    expect(answer.body).toBe("This request names a server action that does not exist here. Reload the page and try again.");
    expectNoInternals(answer);
  }
  expectOneJsonObjectPerLine(await logWrittenDuringTest());
});

/** Every server action that takes a FormData, by file and name. */
const FORM_ACTIONS: Array<[string, string]> = [
  ["app/authjs/actions.ts", "signInWithCredentials"],
  ["app/authjs/actions.ts", "signOutEverywhere"],
  ["app/better-auth/actions.ts", "signInWithUsername"],
  ["app/better-auth/actions.ts", "revokeDevice"],
  ["app/better-auth/actions.ts", "revokeOtherDevices"],
  ["app/better-auth/actions.ts", "chooseCookieCache"],
  ["app/session/devices-actions.ts", "revokeDevice"],
  ["app/session/devices-actions.ts", "revokeOtherDevices"],
  ["app/admin/actions.ts", "changeRole"],
];

interface ManifestEntry { filename: string; exportedName: string; workers: Record<string, unknown> }

/** An action's id and a page that can call it, from the build's server-reference manifest. */
function formActions(): Array<{ name: string; id: string; page: string }> {
  const manifest = JSON.parse(readFileSync(".next/server/server-reference-manifest.json", "utf8")) as { node: Record<string, ManifestEntry> };
  return FORM_ACTIONS.map(([file, name]) => {
    const found = Object.entries(manifest.node).find(([, entry]) => entry.filename === file && entry.exportedName === name);
    if (!found) throw new Error(`no action ${name} in ${file} in the build`);
    const [id, entry] = found;
    // A page that imports it, one the gate lets anybody reach if there is one (a protected page
    // would redirect a caller who is not signed in before the action ran).
    // "app/session/(protected)/devices/page" is /session/devices.
    const pages = Object.keys(entry.workers).filter((key) => key.endsWith("/page"));
    const worker = pages.find((key) => !key.includes("(protected)")) ?? pages[0];
    const page = `/${worker.split("/").slice(1, -1).filter((segment) => !/^\(.*\)$/.test(segment)).join("/")}`;
    return { name: `${file} ${name}`, id, page };
  });
}

for (const signedIn of [false, true]) {
  test(`every server action that takes a form, called ${signedIn ? "by an admin signed in on every lane" : "before sign-in"} with arguments that are not one, answers without a 500 or a stack trace`, async () => {
    const cookies: Record<string, string> = {};
    if (signedIn) {
      cookies[SESSION_COOKIE] = await sessionLogin(ALICE);
      cookies[BETTER_AUTH_COOKIE] = await betterAuthSignIn(ALICE);
      cookies[AUTHJS_COOKIE] = (await authjsSignIn(ALICE)).token as string;
    }
    for (const action of formActions()) {
      for (const args of [[{}, "x"], [null, null], [{}, null]]) {
        const answer = await call(action.page, {
          method: "POST",
          cookies: signedIn ? cookies : undefined,
          headers: { "next-action": action.id, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component" },
          body: JSON.stringify(args),
        });
        expect.soft(answer.status, `${action.name} on ${action.page} with ${JSON.stringify(args)} (body: ${answer.body.slice(0, 200)})`).toBeLessThan(500);
        expectNoInternals(answer);
      }
    }
    const log = await logWrittenDuringTest();
    expect(log, "no error logged by Next.js").not.toContain("⨯");
    expect(log).not.toMatch(/\n\s+at /);
  });
}
