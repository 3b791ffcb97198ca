import { beforeEach, describe, expect, it } from "vitest";
import { MemoryStore } from "@/lib/store/memory";
import { createSession, validateSessionToken, type SessionDeps } from "@/lib/session";
import { withEndedMarkers } from "@/lib/session/devices";
import { changeUserRole } from "@/app/admin/change-role";
import { currentRole } from "@/lib/users";
import { currentTokenVersion } from "@/lib/token-version";

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
});
