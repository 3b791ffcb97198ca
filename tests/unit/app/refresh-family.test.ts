import { beforeEach, describe, expect, it } from "vitest";
import { MemoryStore } from "@/lib/store/memory";
import { createRefreshToken, readRefreshFamily, revokeRefreshFamily, rotateRefreshToken, refreshTokenFamily, type RefreshDeps } from "@/lib/jwt/refresh";
import { MAX_DRAWN, chainItems, copyMark, describeFamily, familyView } from "@/app/jwt/refresh-family-view";
import { testClock, type TestClock } from "@/tests/support/clock";

/** The refresh-family picture's data: read from the family's real record after real rotations. */
let clock: TestClock;
let deps: RefreshDeps;

beforeEach(() => {
  clock = testClock();
  deps = {
    store: new MemoryStore(clock.now), now: clock.now, secret: "unit-test-refresh-secret-0123456789abcdef",
    policy: { refreshTokenTtlSeconds: 30 * 86_400, reuseGraceSeconds: 20, maxFamiliesPerUser: 3, tombstoneTtlSeconds: 360 },
  };
});

async function rotate(token: string): Promise<string> {
  const result = await rotateRefreshToken(deps, token);
  if (!result.ok || !result.newToken) throw new Error(`expected a rotation, got ${JSON.stringify(result)}`);
  return result.newToken;
}
const view = async (familyId: string) => familyView(await readRefreshFamily(deps.store, familyId));
const statuses = (v: ReturnType<typeof familyView>) => v.tokens.map((t) => `R${t.generation}:${t.status}`);

describe("the refresh-family picture's data (app/jwt/refresh-family-view.ts)", () => {
  it("a fresh sign-in is one current token; each rotation adds one and marks the spent ones rotated", async () => {
    const { token, familyId } = await createRefreshToken(deps, "bob", ["refresh"]);
    expect(statuses(await view(familyId))).toEqual(["R0:current"]);
    const r2 = await rotate(await rotate(token));
    expect(statuses(await view(familyId))).toEqual(["R0:rotated", "R1:rotated", "R2:current"]);
    expect(await refreshTokenFamily(deps, r2)).toEqual({ familyId, generation: 2 });
  });

  it("a spent token answered inside the grace window is marked so, and stays marked after later rotations", async () => {
    const { token, familyId } = await createRefreshToken(deps, "bob", ["refresh"]);
    const r1 = await rotate(token);
    expect(await rotateRefreshToken(deps, token)).toMatchObject({ ok: true, newToken: null });
    expect(statuses(await view(familyId))).toEqual(["R0:grace", "R1:current"]);
    await rotate(r1);
    expect(statuses(await view(familyId))).toEqual(["R0:grace", "R1:rotated", "R2:current"]);
  });

  it("the thief's replay of an old token: reuse, and the whole chain drawn revoked with the replayed one marked", async () => {
    const { token, familyId } = await createRefreshToken(deps, "bob", ["refresh"]);
    await rotate(await rotate(token));
    expect(await rotateRefreshToken(deps, token)).toEqual({ ok: false, reason: "reused" });
    const revoked = await view(familyId);
    expect(revoked).toMatchObject({ state: "revoked", revokedBecause: "reuse" });
    expect(statuses(revoked)).toEqual(["R0:reused", "R1:revoked", "R2:revoked"]);
    expect(describeFamily(revoked)).toMatch(/^The family is revoked \(reuse detected.*\): R0 replayed after its grace, R1 revoked with its family, R2 revoked with its family\.$/);
  });

  it("a sign-out revokes without a chain to draw, and says why", async () => {
    const { familyId } = await createRefreshToken(deps, "bob", ["refresh"]);
    await revokeRefreshFamily(deps, "bob", familyId);
    expect(await view(familyId)).toMatchObject({ state: "revoked", revokedBecause: "logout", tokens: [] });
  });

  it(`a long family draws its last ${MAX_DRAWN} tokens and counts the rest`, async () => {
    let { token } = await createRefreshToken(deps, "bob", ["refresh"]);
    const { familyId } = (await refreshTokenFamily(deps, token))!;
    for (let i = 0; i < 9; i++) token = await rotate(token);
    const long = await view(familyId);
    expect(long.hidden).toBe(10 - MAX_DRAWN);
    expect(long.tokens.map((t) => t.generation)).toEqual([4, 5, 6, 7, 8, 9]);
    expect(describeFamily(long)).toMatch(/^The family is live: R0 to R3 rotated, R4 rotated, .* R9 current\.$/);
  });

  it("a long family's replayed token stays drawn, ahead of the ones left out, and the sentence keeps their order", async () => {
    const { token, familyId } = await createRefreshToken(deps, "bob", ["refresh"]);
    let latest = token;
    for (let i = 0; i < 7; i++) latest = await rotate(latest);
    expect(await rotateRefreshToken(deps, token)).toEqual({ ok: false, reason: "reused" });
    const revoked = await view(familyId);
    expect(revoked.lead).toEqual({ generation: 0, status: "reused" });
    expect(revoked.tokens).toHaveLength(MAX_DRAWN - 1);
    expect(revoked.tokens.map((t) => t.generation)).toEqual([3, 4, 5, 6, 7]);
    expect(revoked.hidden).toBe(2);
    expect(chainItems(revoked).map((item) => ("token" in item ? `R${item.token.generation}` : `R${item.folded[0]}…R${item.folded[1]}`))).toEqual(["R0", "R1…R2", "R3", "R4", "R5", "R6", "R7"]);
    expect(describeFamily(revoked)).toMatch(/: R0 replayed after its grace, R1 to R2 revoked, R3 revoked with its family, .* R7 revoked with its family\.$/);
  });

  it("a token this server did not issue names no family", async () => {
    const { token } = await createRefreshToken(deps, "bob", ["refresh"]);
    expect(await refreshTokenFamily(deps, `${token.slice(0, -2)}AA`)).toBeNull();
    expect(await refreshTokenFamily(deps, undefined)).toBeNull();
    expect(familyView(null)).toEqual({ state: "gone", tokens: [], hidden: 0 });
  });

  it("the copy 'refresh now' kept is no thief's until it is replayed", () => {
    expect(copyMark(0, false)).toEqual({ mark: "copy kept for the replay", sentence: "The demo kept a copy of R0 for the replay." });
    expect(copyMark(0, true)).toEqual({ mark: "thief's copy", sentence: "A thief holds a copy of R0." });
  });
});
