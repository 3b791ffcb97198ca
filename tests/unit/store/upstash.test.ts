import { describe, expect, it } from "vitest";
import { createSession, invalidateSession, sessionIdFromToken, sessionKey, userSessionsKey, validateSessionToken } from "@/lib/session";
import { listSessionsForUser } from "@/lib/session/devices";
import { runStoreContract } from "./contract";
import { requireRedisOrExplain, useRedisStandIn } from "../../support/redis-availability";
import { UpstashStore } from "@/lib/store/upstash";

requireRedisOrExplain("store contract: upstash (real redis-server)", () => {
  const TOKEN = "contract-test-token";
  const running = useRedisStandIn(TOKEN);

  runStoreContract("upstash (real redis-server through the stand-in)", async () => ({
    store: UpstashStore.connect(running.standIn.url, TOKEN),
    advance: null,
  }), { clockCanAdvance: false });

  describe("session lifecycle on real Redis", () => {
    const deps = () => ({
      store: UpstashStore.connect(running.standIn.url, TOKEN),
      now: Date.now,
      policy: { idleTtlSeconds: 3600, absoluteTtlSeconds: 7200, maxDevices: 3 },
    });

    it("a session is written with its TTL and index entry, validated, listed and revoked", async () => {
      const d = deps();
      const userId = `redis-user-${Math.random().toString(36).slice(2)}`;
      const first = await createSession(d, { id: userId, role: "user" }, "A");
      const second = await createSession(d, { id: userId, role: "user" }, "B");
      expect(first.id).toBe(await sessionIdFromToken(first.token));
      expect(await d.store.ttlSeconds(sessionKey(first.id))).toBeGreaterThan(3590);
      expect(await d.store.ttlSeconds(userSessionsKey(userId))).toBeGreaterThan(7190);
      expect(await validateSessionToken(d, first.token)).toMatchObject({ ok: true, record: { userId, userAgent: "A" } });
      expect((await listSessionsForUser(d, userId)).map((s) => s.record.userAgent)).toEqual(["A", "B"]);

      await invalidateSession(d, first.token);
      expect(await validateSessionToken(d, first.token)).toEqual({ ok: false, reason: "unknown" });
      expect((await d.store.sortedSetEntries(userSessionsKey(userId))).map((e) => e.member)).toEqual([second.id]);
    });

    it("an index entry whose record has gone is pruned when the sessions are listed", async () => {
      const d = deps();
      const userId = `redis-user-${Math.random().toString(36).slice(2)}`;
      const session = await createSession(d, { id: userId, role: "user" }, "A");
      await d.store.write([{ op: "del", key: sessionKey(session.id) }]); // as if its TTL had run out
      expect(await listSessionsForUser(d, userId)).toEqual([]);
      expect(await d.store.sortedSetEntries(userSessionsKey(userId))).toEqual([]);
    });

    it("an unreachable store is reported as StoreUnavailableError, not as a missing session", async () => {
      const d = { ...deps(), store: UpstashStore.connect("http://127.0.0.1:9", TOKEN) };
      await expect(validateSessionToken(d, "A".repeat(43))).rejects.toMatchObject({ name: "StoreUnavailableError" });
    });
  });
});
