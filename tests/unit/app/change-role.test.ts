import { beforeEach, describe, expect, it } from "vitest";
import { MemoryStore } from "@/lib/store/memory";
import { createSession, validateSessionToken, type SessionDeps } from "@/lib/session";
import { withEndedMarkers } from "@/lib/session/devices";
import { changeUserRole } from "@/app/admin/change-role";
import { currentRole } from "@/lib/users";
import { currentRoleAndTokenVersion, currentTokenVersion } from "@/lib/token-version";
import { checkRevocation } from "@/lib/jwt/revocation";

/** The admin's role change, where the lanes' writes meet: here, on the sessions it updates. */
const DAY_SECONDS = 24 * 60 * 60;
const bob = { id: "bob", role: "user" as const };

let now: number;
let store: MemoryStore;
let deps: SessionDeps;

beforeEach(() => {
  now = Date.UTC(2026, 0, 1);
  store = new MemoryStore(() => now);
  deps = withEndedMarkers({ store, now: () => now, policy: { idleTtlSeconds: 7 * DAY_SECONDS, absoluteTtlSeconds: 30 * DAY_SECONDS, maxDevices: 3 } });
});

describe("role changes", () => {
  it("every live session of the user gets the new role on its next validation, keeping its expiry", async () => {
    const a = await createSession(deps, bob, "Laptop");
    const b = await createSession(deps, bob, "Phone");
    const { sessionsUpdated } = await changeUserRole(deps, "bob", "admin");
    expect(sessionsUpdated).toBe(2);
    for (const session of [a, b]) {
      const result = await validateSessionToken(deps, session.token);
      expect(result).toMatchObject({ ok: true, record: { role: "admin", expiresAt: session.record.expiresAt } });
    }
    expect(await currentRole(store, "bob", "user")).toBe("admin");
    expect(await currentTokenVersion(store, "bob")).toBe(now);
  });

  it("a demotion made on a server whose clock is behind the promotion's still refuses the admin token signed in between", async () => {
    now += 5000; // the server that promotes bob is 5 s ahead
    await changeUserRole(deps, "bob", "admin");
    const { role, tokenVersion } = await currentRoleAndTokenVersion(store, "bob", "user");
    const iat = now / 1000;
    now -= 3000; // the one that demotes him 3 s behind it
    await changeUserRole(deps, "bob", "user");
    expect(role).toBe("admin");
    expect(await checkRevocation(store, { sub: "bob", role, iat, exp: iat + 900, iss: "i", aud: "a", jti: "j", rev: ["ver"], ver: tokenVersion })).toMatchObject({ ok: false });
  });
});
