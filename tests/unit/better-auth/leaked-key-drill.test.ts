import { describe, expect, it } from "vitest";
import { MemoryStore } from "@/lib/store/memory";
import { betterAuthWith } from "@/lib/better-auth/auth";
import { BETTER_AUTH_CACHE_COOKIE, BETTER_AUTH_SESSION_COOKIE, betterAuthConfig } from "@/lib/better-auth/config";
import { compactCacheContent, sessionCookieSignatureHolds, signedSessionCookie } from "@/lib/better-auth/cookie-signing";
import { withAppStore } from "@/tests/support/stores";
import { runLeakedKeyDrill, type DrillRow, type LeakedKeyDrill } from "@/app/compare/leaked-key/drill";

/**
 * The leaked-key drill's Better Auth column (/compare/leaked-key), run as the page runs it: with
 * a throwaway secret the attacker opens nothing with the cache off, every stored session with a
 * copy of the store, and anyone as admin with the cache on; any change of the secret, Better
 * Auth's own rotation list included, signs every user out and ends all of it. Nothing is signed
 * with the app's BETTER_AUTH_SECRET, and the app's store is not written.
 */
const rowIn = (drill: LeakedKeyDrill, id: string): DrillRow => {
  const { mint, rotation } = drill.lanes["better-auth"];
  const found = [...mint, ...rotation].find((r) => r.id === id);
  if (!found) throw new Error(`no row ${id}`);
  return found;
};
const accepted = { accepted: true };
const refused = (reason: string) => ({ accepted: false, reason });
const cookieHeader = (cookies: Record<string, string>) => new Headers({ cookie: Object.entries(cookies).map(([n, v]) => `${n}=${v}`).join("; ") });

describe("the leaked-key drill: Better Auth", async () => {
  const appStore = new MemoryStore();
  const drill = await withAppStore(appStore, () => runLeakedKeyDrill({ sessionDeps: { store: new MemoryStore(), now: Date.now, policy: { idleTtlSeconds: 3600, absoluteTtlSeconds: 86_400, maxDevices: 5 } } }));
  const row = (id: string) => rowIn(drill, id);

  it("with the cache off, a made-up token signed with the leaked secret is looked up and not found", () => {
    expect(row("better-auth-mint-made-up")).toMatchObject({ holder: "attacker", ...refused("not-in-store") });
  });

  it("a token from a copy of the store, signed with the leaked secret, is that user's live session", () => {
    expect(row("better-auth-mint-store-copy")).toMatchObject({ holder: "attacker", ...accepted });
    expect(row("better-auth-mint-store-copy").meaning).toContain("Accepted as bob");
  });

  it("with the cache on, a cache copy signed with the leaked secret is alice as admin for 30 days, and the store is not asked", () => {
    expect(row("better-auth-mint-admin-cache")).toMatchObject({ holder: "attacker", ...accepted });
    expect(row("better-auth-mint-admin-cache").meaning).toContain("Accepted as alice (admin) with 0 store reads");
    const content = compactCacheContent(drill.made.betterAuthAttacker[BETTER_AUTH_CACHE_COOKIE]);
    expect(content?.user).toMatchObject({ id: "alice", role: "admin" });
  });

  it("Better Auth's own rotation list (2:new,1:leaked) keeps nobody signed in: Bob and the attacker are refused on the signature", () => {
    expect(row("better-auth-list-user")).toMatchObject({ holder: "user", ...refused("bad-signature") });
    expect(row("better-auth-list-attacker")).toMatchObject(refused("bad-signature"));
  });

  it("the leaked secret replaced: Bob, the store copy and the admin copy are refused; a new sign-in works", () => {
    expect(row("better-auth-remove-user")).toMatchObject(refused("bad-signature"));
    expect(row("better-auth-remove-store-copy")).toMatchObject(refused("bad-signature"));
    expect(row("better-auth-remove-attacker")).toMatchObject(refused("bad-signature"));
    expect(row("better-auth-remove-user-again")).toMatchObject(accepted);
  });

  it("never signs with the app's secret: nothing it made holds under it, the app's Better Auth refuses the attacker's cookies, and the app's store is untouched", async () => {
    const secret = betterAuthConfig().secret;
    for (const cookies of [drill.made.betterAuthUser, drill.made.betterAuthAttacker]) {
      expect(await sessionCookieSignatureHolds(cookies[BETTER_AUTH_SESSION_COOKIE], secret)).toBe(false);
    }
    expect(row("better-auth-mint-app-key")).toMatchObject(refused("bad-signature"));
    expect(await withAppStore(appStore, () => betterAuthWith(300, { setsCookies: false }).api.getSession({ headers: cookieHeader(drill.made.betterAuthAttacker) }))).toBeNull();
    expect(appStore.dump()).toEqual([]);
  });

  it("sessionCookieSignatureHolds agrees with signedSessionCookie, and refuses what Better Auth would", async () => {
    const cookie = await signedSessionCookie("A".repeat(32), "a-secret-for-this-test-only-0123456789ab");
    expect(await sessionCookieSignatureHolds(cookie, "a-secret-for-this-test-only-0123456789ab")).toBe(true);
    expect(await sessionCookieSignatureHolds(cookie, "another-secret-for-this-test-0123456789ab")).toBe(false);
    for (const bad of ["", "A".repeat(32), `${"A".repeat(32)}.short=`, "%E0%A4%A"]) expect(await sessionCookieSignatureHolds(bad, "x".repeat(40))).toBe(false);
  });
});
