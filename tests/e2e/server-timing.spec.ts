import { expect, test, type APIResponse } from "@playwright/test";
import { BOB, signIn, type Area } from "./helpers";
import { parseServerTiming, type TimingEntry } from "../../lib/observe/trace";

/**
 * Server-Timing (W3C) on every guarded answer of every lane: what DevTools' Timing tab shows.
 * Pages carry middleware's entry (runtime, lane, verdict); route handlers add their own and
 * one per store round trip. The entries agree with `x-auth-gate` on who refused.
 */
function timings(response: APIResponse): TimingEntry[] {
  const entries = parseServerTiming(response.headers()["server-timing"] ?? null);
  for (const entry of entries) {
    expect(entry.durationMs, `${entry.name} ${entry.description}`).toBeGreaterThanOrEqual(0);
    expect(Number.isFinite(entry.durationMs)).toBe(true);
  }
  return entries;
}
const named = (entries: TimingEntry[], name: string) => entries.filter((e) => e.name === name);

/** Store round trips each lane's `me` route makes on the memory store (none for a plain JWT). */
const STORE_CALLS: Record<Area, RegExp[]> = {
  jwt: [],
  session: [/^memory get \(nodejs\)$/],
  authjs: [/^memory get \(nodejs\)$/], // the token version, in Auth.js's jwt callback
};

/** On the memory store, middleware can only check a session cookie's shape (the store is in Node's heap). */
const ACCEPTED: Record<Area, string> = { jwt: "accepted", session: "accepted (shape only)", authjs: "accepted" };

for (const area of ["jwt", "session", "authjs"] as const) {
  test(`${area}: the dashboard and the API answer with Server-Timing: middleware, the route's gate, each store round trip`, async ({ page }) => {
    await signIn(page, area, BOB, `/${area}/login`, area === "jwt" ? [] : undefined);

    const dashboard = await page.request.get(`/${area}/dashboard`);
    expect(dashboard.status()).toBe(200);
    const pageEntries = timings(dashboard);
    expect(named(pageEntries, "mw").map((e) => e.description)).toEqual([`middleware (edge) ${area}: ${ACCEPTED[area]}`]);

    const me = await page.request.get(`/api/${area}/me`);
    expect(me.status()).toBe(200);
    const apiEntries = timings(me);
    expect(named(apiEntries, "mw").map((e) => e.description)).toEqual([`middleware (edge) ${area}: ${ACCEPTED[area]}`]);
    expect(named(apiEntries, "gate").map((e) => e.description)).toEqual(["route handler (nodejs): accepted"]);
    const stores = named(apiEntries, "store").map((e) => e.description);
    expect(stores).toHaveLength(STORE_CALLS[area].length);
    stores.forEach((description, i) => expect(description).toMatch(STORE_CALLS[area][i]));
    // The route's time includes its store calls.
    const gate = named(apiEntries, "gate")[0];
    expect(gate.durationMs).toBeGreaterThanOrEqual(named(apiEntries, "store").reduce((sum, e) => sum + e.durationMs, 0) - 0.01);
  });
}

test("a refusal names the gate that refused: middleware's entry for middleware's 401, the route's for the route's", async ({ request }) => {
  const atMiddleware = await request.get("/api/jwt/me", { headers: { cookie: "__Host-jwt=not-a-jwt" } });
  expect(atMiddleware.status()).toBe(401);
  expect(atMiddleware.headers()["x-auth-gate"]).toBe("middleware (edge)");
  expect(named(timings(atMiddleware), "mw").map((e) => e.description)).toEqual(["middleware (edge) jwt: refused (malformed)"]);
  expect(named(timings(atMiddleware), "gate")).toEqual([]);

  // On the memory store middleware can only check the session cookie's shape: the route refuses.
  const atRoute = await request.get("/api/session/me", { headers: { cookie: `__Host-sid=${"A".repeat(43)}` } });
  expect(atRoute.status()).toBe(401);
  expect(atRoute.headers()["x-auth-gate"]).toBeUndefined();
  const entries = timings(atRoute);
  expect(named(entries, "mw").map((e) => e.description)).toEqual(["middleware (edge) session: accepted (shape only)"]);
  expect(named(entries, "gate").map((e) => e.description)).toEqual(["route handler (nodejs): refused"]);
  expect(named(entries, "store").map((e) => e.description)).toEqual(["memory get (nodejs)", "memory get (nodejs)"]); // the lookup, then why it ended

  const page = await request.get("/jwt/dashboard", { maxRedirects: 0 });
  expect(page.status()).toBe(307);
  expect(named(timings(page), "mw").map((e) => e.description)).toEqual(["middleware (edge) jwt: refused (missing)"]);
});

test("a client cannot plant timing entries: its x-auth-timing header is dropped", async ({ page }) => {
  await signIn(page, "session", BOB);
  const me = await page.request.get("/api/session/me", { headers: { "x-auth-timing": 'mw;desc="forged";dur=0' } });
  expect(me.headers()["server-timing"]).not.toContain("forged");
});
