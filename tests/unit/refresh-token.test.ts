import { beforeEach, describe, expect, it } from "vitest";
import { MemoryStore } from "@/lib/store/memory";
import { createRefreshToken, rotateRefreshToken, revokeRefreshFamily, revokeAllRefreshFamilies, type RefreshDeps } from "@/lib/refresh-token";
import { signAccessToken, verifyAccessToken } from "@/lib/jwt";

const SECOND = 1000;
const DAY = 86_400 * SECOND;
let now: number;
let deps: RefreshDeps;
let store: MemoryStore;

beforeEach(() => {
  now = Date.UTC(2026, 0, 1);
  store = new MemoryStore(() => now);
  deps = { store, now: () => now, policy: { refreshTokenTtlSeconds: 30 * 86_400, reuseGraceSeconds: 20 } };
});

describe("refresh tokens (lib/refresh-token.ts)", () => {
  it("using a refresh token rotates it: a new one comes back, and the store keeps only hashes", async () => {
    const first = await createRefreshToken(deps, "bob", ["refresh"]);
    const result = await rotateRefreshToken(deps, first.token);
    expect(result).toMatchObject({ ok: true, userId: "bob", familyId: first.familyId, checks: ["refresh"] });
    expect(result.ok && result.newToken).toMatch(/^[\w-]{43}$/);
    expect(result.ok && result.newToken).not.toBe(first.token);
    const dump = JSON.stringify(store.dump());
    expect(dump).not.toContain(first.token);
    expect(dump).not.toContain(result.ok ? result.newToken! : "");
  });

  it("a second use within the grace window (two tabs) is allowed but gets no new refresh token", async () => {
    const first = await createRefreshToken(deps, "bob", ["refresh"]);
    const tabA = await rotateRefreshToken(deps, first.token);
    now += 5 * SECOND;
    const tabB = await rotateRefreshToken(deps, first.token);
    expect(tabB).toMatchObject({ ok: true, newToken: null });
    expect(tabA.ok && (await rotateRefreshToken(deps, tabA.newToken))).toMatchObject({ ok: true });
  });

  it("reusing a rotated token after the grace window revokes the whole family (theft detection)", async () => {
    const first = await createRefreshToken(deps, "bob", ["refresh"]);
    const legit = await rotateRefreshToken(deps, first.token);
    now += 21 * SECOND;
    expect(await rotateRefreshToken(deps, first.token)).toEqual({ ok: false, reason: "reused" });
    // The thief's reuse also ends the legitimate holder's current token: the family is gone.
    expect(legit.ok && (await rotateRefreshToken(deps, legit.newToken))).toEqual({ ok: false, reason: "family-revoked" });
  });

  it("logout revokes the family; other logins (families) of the same user are untouched", async () => {
    const laptop = await createRefreshToken(deps, "bob", ["refresh"]);
    const phone = await createRefreshToken(deps, "bob", ["refresh"]);
    await revokeRefreshFamily(deps, "bob", laptop.familyId);
    expect(await rotateRefreshToken(deps, laptop.token)).toEqual({ ok: false, reason: "family-revoked" });
    expect(await rotateRefreshToken(deps, phone.token)).toMatchObject({ ok: true });
  });

  it("“log out everywhere” revokes every family of the user, through the per-user index", async () => {
    const a = await createRefreshToken(deps, "bob", ["refresh"]);
    const b = await createRefreshToken(deps, "bob", ["refresh"]);
    const alice = await createRefreshToken(deps, "alice", ["refresh"]);
    expect(await revokeAllRefreshFamilies(deps, "bob")).toBe(2);
    expect(await rotateRefreshToken(deps, a.token)).toMatchObject({ ok: false });
    expect(await rotateRefreshToken(deps, b.token)).toMatchObject({ ok: false });
    expect(await rotateRefreshToken(deps, alice.token)).toMatchObject({ ok: true });
  });

  it("a refresh token expires after its lifetime", async () => {
    const first = await createRefreshToken(deps, "bob", ["refresh"]);
    now += 30 * DAY + SECOND;
    expect(await rotateRefreshToken(deps, first.token)).toMatchObject({ ok: false });
  });

  it("access and refresh tokens can never stand in for each other", async () => {
    const settings = { secret: "s".repeat(32), issuer: "i", audience: "a", accessTokenTtlSeconds: 900 };
    const access = await signAccessToken({ id: "bob", role: "user" }, settings, now);
    const refresh = await createRefreshToken(deps, "bob", ["refresh"]);
    expect(await rotateRefreshToken(deps, access)).toEqual({ ok: false, reason: "malformed" });
    expect(await verifyAccessToken(refresh.token, settings, now)).toEqual({ ok: false, reason: "malformed" });
    expect(await rotateRefreshToken(deps, "A".repeat(43))).toEqual({ ok: false, reason: "unknown" });
    expect(await rotateRefreshToken(deps, undefined)).toEqual({ ok: false, reason: "missing" });
  });
});
