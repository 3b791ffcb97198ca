import { describe, expect, it } from "vitest";
import { MemoryStore } from "@/lib/store/memory";
import { StoreUnavailableError } from "@/lib/store";
import { currentRoleAndTokenVersion, currentTokenVersion, revokeAllTokensForUser, tokenVersionKey } from "@/lib/token-version";
import { roleWriteOp, userRoleKey } from "@/lib/users";
import { checkRevocation } from "@/lib/jwt/revocation";
import type { AccessTokenClaims } from "@/lib/jwt";

const NOW = Date.UTC(2026, 0, 1);
const isOutage = (error: unknown) => StoreUnavailableError.is(error);

describe("stored values the token version is read from (lib/token-version.ts)", () => {
  // The app writes epoch ms, digits only: anything else came from elsewhere.
  it.each(["not-a-number", "", "-5", "1.5", "1e12", "Infinity", " 7", "0x10"])(
    "a version %j is not read as “never signed out”: it fails as an unreadable store does, until “sign out everywhere” writes a good one",
    async (value) => {
      const store = new MemoryStore(() => NOW);
      await store.write([{ op: "set", key: tokenVersionKey("bob"), value, ttlSeconds: 60 }]);
      await expect(currentTokenVersion(store, "bob")).rejects.toSatisfy(isOutage);
      await expect(currentRoleAndTokenVersion(store, "bob", "user")).rejects.toSatisfy(isOutage);
      await revokeAllTokensForUser(store, "bob", NOW);
      expect(await currentRoleAndTokenVersion(store, "bob", "user")).toEqual({ role: "user", tokenVersion: NOW });
    },
  );

  it("a role value that is not a role change is not read as “no change” (the directory's role): a sign-in mints nothing from it until a role change writes a good one", async () => {
    const store = new MemoryStore(() => NOW);
    for (const value of ["admin", '{"role":"root","since":1}', '{"role":"user"}']) {
      await store.write([{ op: "setPermanent", key: userRoleKey("bob"), value }]);
      await expect(currentRoleAndTokenVersion(store, "bob", "admin")).rejects.toSatisfy(isOutage);
    }
    await store.write([roleWriteOp("bob", "user", NOW)]);
    expect(await currentRoleAndTokenVersion(store, "bob", "admin")).toEqual({ role: "user", tokenVersion: 0 });
  });
});

describe("the token version only goes up (lib/token-version.ts)", () => {
  const claimsWith = (ver: number, iatMs: number): AccessTokenClaims => ({ sub: "bob", role: "user", iat: iatMs / 1000, exp: iatMs / 1000 + 900, iss: "i", aud: "a", jti: "j", rev: ["ver"], ver });

  it("a sign-out everywhere stamped by a clock behind the last bump still refuses tokens issued before it", async () => {
    const store = new MemoryStore(() => NOW);
    const first = await revokeAllTokensForUser(store, "bob", NOW + 5000); // a server 5 s ahead
    const { tokenVersion } = await currentRoleAndTokenVersion(store, "bob", "user"); // a token signed after it
    const second = await revokeAllTokensForUser(store, "bob", NOW + 2000); // then a server 3 s behind that one
    expect(second).toBeGreaterThan(first);
    expect(await currentTokenVersion(store, "bob")).toBe(second);
    expect(await checkRevocation(store, claimsWith(tokenVersion, NOW + 5000))).toEqual({ ok: false, reason: "stale-version" });
  });

  it("a bump that loses every round to other writers fails as an outage (503), never as done", async () => {
    const store = new MemoryStore(() => NOW);
    let others = 0;
    // Another bump lands between each read and the write over it.
    const contended = Object.assign(Object.create(store) as MemoryStore, {
      get: async (key: string) => {
        const raw = await store.get(key);
        await store.write([{ op: "set", key, value: String(NOW + ++others), ttlSeconds: 60 }]);
        return raw;
      },
    });
    await expect(revokeAllTokensForUser(contended, "bob", NOW, [{ op: "set", key: "alongside", value: "1", ttlSeconds: 60 }])).rejects.toSatisfy(isOutage);
    expect(await store.get("alongside")).toBeNull(); // nothing of its own landed
  });
});
