import { describe, expect, it } from "vitest";
import { MemoryStore } from "@/lib/store/memory";
import { checkRevocation, denylistOp } from "@/lib/jwt/revocation";
import { revokeAllTokensForUser, tokenVersionKey, currentTokenVersion } from "@/lib/token-version";
import { roleWriteOp, userRoleKey } from "@/lib/users";
import type { AccessTokenClaims } from "@/lib/jwt";
import { createRefreshToken, revokeRefreshFamily, rotateRefreshToken } from "@/lib/jwt/refresh";
import { untouchableStore } from "@/tests/support/stores";
import { StoreUnavailableError } from "@/lib/store";

const NOW = Date.UTC(2026, 0, 1);
const claims = (overrides: Partial<AccessTokenClaims> = {}): AccessTokenClaims => ({
  sub: "bob",
  role: "user",
  iat: NOW / 1000,
  exp: NOW / 1000 + 900,
  iss: "i",
  aud: "a",
  jti: "jti-1",
  ...overrides,
});

/** A store that fails the test if it is touched at all. */
const untouchable = untouchableStore();

describe("JWT revocation checks (lib/jwt/revocation.ts)", () => {
  it("a plain JWT (no checks) never touches the store", async () => {
    expect(await checkRevocation(untouchable, claims())).toEqual({ ok: true });
    // "refresh" without a family (never issued so, but the claim is optional) has nothing to look up either.
    expect(await checkRevocation(untouchable, claims({ rev: ["refresh"] }))).toEqual({ ok: true });
  });

  it("a token that came with a refresh token lives only as long as its family, in the same round trip", async () => {
    let now = NOW;
    const store = new MemoryStore(() => now);
    const deps = { store, now: () => now, secret: "unit-test-refresh-secret-0123456789abcdef", policy: { refreshTokenTtlSeconds: 86_400, reuseGraceSeconds: 20, maxFamiliesPerUser: 3, tombstoneTtlSeconds: 360 } };
    const family = await createRefreshToken(deps, "bob", ["refresh", "ver"]);
    const token = claims({ rev: ["refresh", "ver"], fam: family.familyId, ver: 0 });
    let calls = 0;
    const counting = Object.create(store) as MemoryStore;
    counting.getMany = (keys) => (calls++, store.getMany(keys));
    expect(await checkRevocation(counting, token)).toEqual({ ok: true });
    expect(calls).toBe(1);
    await revokeRefreshFamily(deps, "bob", family.familyId);
    expect(await checkRevocation(store, token)).toEqual({ ok: false, reason: "family-revoked" });
    now += 361_000; // the tombstone is gone, and a missing family is just as dead
    expect(await checkRevocation(store, token)).toEqual({ ok: false, reason: "family-revoked" });
    expect(await checkRevocation(store, claims({ rev: ["refresh"], fam: crypto.randomUUID() }))).toEqual({ ok: false, reason: "family-revoked" });
  });

  it("says why a family ended: reuse of a spent refresh token, and a newer sign-in past the device limit, have reasons of their own", async () => {
    let now = NOW;
    const store = new MemoryStore(() => now);
    const deps = { store, now: () => now, secret: "unit-test-refresh-secret-0123456789abcdef", policy: { refreshTokenTtlSeconds: 86_400, reuseGraceSeconds: 0, maxFamiliesPerUser: 1, tombstoneTtlSeconds: 360 } };
    const first = await createRefreshToken(deps, "bob", ["refresh"]);
    const firstToken = claims({ rev: ["refresh"], fam: first.familyId });
    const second = await createRefreshToken(deps, "bob", ["refresh"]); // past the limit of one: the first family is evicted
    expect(await checkRevocation(store, firstToken)).toEqual({ ok: false, reason: "family-evicted" });
    const secondToken = claims({ rev: ["refresh"], fam: second.familyId });
    const spent = await createRefreshToken(deps, "carol", ["refresh"]);
    now += 1_000;
    const rotated = await rotateRefreshToken(deps, spent.token);
    expect(rotated.ok).toBe(true);
    now += 1_000;
    expect(await rotateRefreshToken(deps, spent.token)).toEqual({ ok: false, reason: "reused" });
    expect(await checkRevocation(store, claims({ sub: "carol", rev: ["refresh"], fam: spent.familyId }))).toEqual({ ok: false, reason: "family-reused" });
    expect(await checkRevocation(store, secondToken)).toEqual({ ok: true });
  });

  it("a token with the jti check is refused once logout has denylisted it, until it would have expired", async () => {
    let now = NOW;
    const store = new MemoryStore(() => now);
    const token = claims({ rev: ["jti"] });
    expect(await checkRevocation(store, token)).toEqual({ ok: true });
    await store.write([denylistOp(token, now)!]);
    expect(await checkRevocation(store, token)).toEqual({ ok: false, reason: "revoked" });
    // Kept 60 s past the token's exp, for a server whose clock is behind this one's and still accepts it.
    expect(await store.ttlSeconds("jwt-denylist:jti-1")).toBe(960);
    now += 961_000; // then the entry expires: the denylist never grows without bound
    expect(await store.get("jwt-denylist:jti-1")).toBeNull();
  });

  it("a logout on a server whose clock is already past the token's exp still denylists it for the servers up to 60 s behind", () => {
    expect(denylistOp(claims({ rev: ["jti"] }), NOW + 901_000)).toMatchObject({ key: "jwt-denylist:jti-1", ttlSeconds: 59 });
  });

  it("denylisting a token without the jti check, or one expired more than 60 s ago, writes nothing", () => {
    expect(denylistOp(claims(), NOW)).toBeNull();
    expect(denylistOp(claims({ rev: ["jti"] }), NOW + 960_000)).toBeNull();
  });

  it("the denylist only applies to tokens issued with the jti check", async () => {
    const store = new MemoryStore(() => NOW);
    await store.write([{ op: "set", key: "jwt-denylist:jti-1", value: "1", ttlSeconds: 60 }]);
    expect(await checkRevocation(store, claims({ rev: ["ver"], ver: 0 }))).toEqual({ ok: true });
  });

  it("a token with the version check is refused after “log out everywhere”, and a newer one accepted", async () => {
    const store = new MemoryStore(() => NOW);
    const before = claims({ rev: ["ver"], ver: await currentTokenVersion(store, "bob") });
    expect(await checkRevocation(store, before)).toEqual({ ok: true });
    const version = await revokeAllTokensForUser(store, "bob", NOW + 5);
    expect(await checkRevocation(store, before)).toEqual({ ok: false, reason: "stale-version" });
    expect(await checkRevocation(store, claims({ rev: ["ver"], ver: version }))).toEqual({ ok: true });
    // The same bump made by a role change says so (the role is read in the same round trip).
    await store.write([roleWriteOp("bob", "admin", NOW + 6)]);
    expect(await checkRevocation(store, before)).toEqual({ ok: false, reason: "role-changed" });
    // A token signed after that change, then "sign out everywhere": the role change is not why.
    const after = claims({ rev: ["ver"], ver: await currentTokenVersion(store, "bob"), iat: (NOW + 10_000) / 1000 });
    await revokeAllTokensForUser(store, "bob", NOW + 20_000);
    expect(await checkRevocation(store, after)).toEqual({ ok: false, reason: "stale-version" });
    // Kept as long as the longest token checked against it (by default the 30 d cap on an Auth.js sign-in), + 60 s of skew.
    expect(await store.ttlSeconds(tokenVersionKey("bob"))).toBe(30 * 86400 + 60);
  });

  it("a version value this app never wrote refuses every token with the check as an unreadable store does (503), never as a refreshable stale version", async () => {
    const store = new MemoryStore(() => NOW);
    await store.write([{ op: "set", key: tokenVersionKey("bob"), value: "not-a-number", ttlSeconds: 60 }]);
    const isOutage = (error: unknown) => StoreUnavailableError.is(error);
    // Read as 0, a token from before a "sign out everywhere" would pass; read as NaN, every new token would be stale, and be refreshed, for ever.
    await expect(checkRevocation(store, claims({ rev: ["ver"], ver: 0 }))).rejects.toSatisfy(isOutage);
    await expect(checkRevocation(store, claims({ rev: ["ver", "refresh"], ver: NOW }))).rejects.toSatisfy(isOutage);
    // The same when the role read with it is unreadable and the version says the token is stale.
    await revokeAllTokensForUser(store, "bob", NOW + 5);
    await store.write([{ op: "setPermanent", key: userRoleKey("bob"), value: "admin" }]);
    await expect(checkRevocation(store, claims({ rev: ["ver"], ver: 0 }))).rejects.toSatisfy(isOutage);
  });
});
