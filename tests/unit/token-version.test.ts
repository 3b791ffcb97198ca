import { describe, expect, it } from "vitest";
import { MemoryStore } from "@/lib/store/memory";
import { StoreUnavailableError } from "@/lib/store";
import { currentRoleAndTokenVersion, currentTokenVersion, revokeAllTokensForUser, tokenVersionKey } from "@/lib/token-version";
import { roleWriteOp, userRoleKey } from "@/lib/users";

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
