import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession, invalidateSession, sessionIdFromToken, sessionKey, userSessionsKey, validateSessionToken } from "@/lib/session";
import { listSessionsForUser } from "@/lib/session/devices";
import { runStoreContract } from "./contract";
import { requireRedisOrExplain, useRedisStandIn } from "../../support/redis-availability";
import { UpstashStore } from "@/lib/store/upstash";

/** Keys and a value a store's calls carry, which no error of theirs may repeat (a key can hold a session token). */
const SECRETS = ["user-sessions-rev:alice", "better-auth:raw-session-token", "session-record-value"];
/** Each call's error (or an Error "answered" where one answered). */
const errorsOf = (calls: Promise<unknown>[]) => Promise.all(calls.map((call) => call.then(() => new Error("answered"), (error: Error) => error)));
/** Neither an error's message, its cause, nor anything else on it names a key or a value of SECRETS. */
function expectNoSecretIn(errors: Error[]) {
  for (const error of errors) {
    const everything = [error.message, String(error.cause), JSON.stringify(error, Object.getOwnPropertyNames(error)), String((error.cause as Error).cause)].join(" ");
    for (const secret of SECRETS) expect(everything).not.toContain(secret);
  }
}

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

    it("a refused token (401) is an outage whose message and cause name the command and the reason, never a key or a value", async () => {
      const wrong = UpstashStore.connect(running.standIn.url, "not-the-token");
      const errors = await errorsOf([
        wrong.getMany([SECRETS[0], SECRETS[1]]),
        wrong.get(SECRETS[1]),
        wrong.write([{ op: "set", key: SECRETS[1], value: SECRETS[2], ttlSeconds: 60 }]),
        wrong.writeIf({ key: SECRETS[0], expected: SECRETS[2] }, [{ op: "del", key: SECRETS[1] }]),
      ]);
      // The first thing each call sends is the eviction check (INFO), which the 401 stops.
      expect(errors.map((error) => error.message)).toEqual([
        "session store unavailable during MGET: the eviction check (INFO) failed: Unauthorized",
        "session store unavailable during GET: the eviction check (INFO) failed: Unauthorized",
        "session store unavailable during MULTI/EXEC: the eviction check (INFO) failed: Unauthorized",
        "session store unavailable during EVAL writeIf: the eviction check (INFO) failed: Unauthorized",
      ]);
      expectNoSecretIn(errors);
    });

    it("an unreachable store is reported as StoreUnavailableError, not as a missing session", async () => {
      const d = { ...deps(), store: UpstashStore.connect("http://127.0.0.1:9", TOKEN) };
      await expect(validateSessionToken(d, "A".repeat(43))).rejects.toMatchObject({ name: "StoreUnavailableError" });
    });
  });
  describe("an Upstash database that answers INFO itself (a fake of its REST API)", () => {
    /** INFO memory answers `info`; every other command is refused with a 401, as a token with no rights to it. */
    let info = "";
    const fake = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => (body += chunk));
      request.on("end", () => {
        const isInfo = body === JSON.stringify(["INFO", "memory"]);
        response.writeHead(isInfo ? 200 : 401, { "content-type": "application/json" });
        response.end(JSON.stringify(isInfo ? { result: info } : { error: "Unauthorized" }));
      });
    });
    let url = "";
    beforeAll(async () => {
      await new Promise<void>((resolve) => fake.listen(0, "127.0.0.1", resolve));
      url = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => fake.close(() => resolve())));

    it("a database whose INFO names an evicting maxmemory-policy is refused, naming the setting", async () => {
      info = "# Memory\r\nmaxmemory:52428800\r\nmaxmemory_policy:allkeys-lru\r\n";
      const store = UpstashStore.connect(url, TOKEN);
      await expect(store.get("k")).rejects.toMatchObject({
        name: "StoreUnavailableError",
        message: expect.stringMatching(/maxmemory-policy allkeys-lru.*set maxmemory-policy to noeviction/),
      });
    });

    it("a 401 on a command: the error names the command and the reason, never the keys and values it carried", async () => {
      info = "# Memory\r\nmaxmemory:0\r\nmaxmemory_policy:noeviction\r\n";
      const store = UpstashStore.connect(url, TOKEN);
      const errors = await errorsOf([
        store.getMany([SECRETS[0], SECRETS[1]]),
        store.write([{ op: "set", key: SECRETS[1], value: SECRETS[2], ttlSeconds: 60 }]),
        store.writeIf({ key: SECRETS[0], expected: SECRETS[2] }, [{ op: "del", key: SECRETS[1] }]),
      ]);
      expect(errors.map((error) => error.message)).toEqual([
        "session store unavailable during MGET: Unauthorized",
        "session store unavailable during MULTI/EXEC: Unauthorized",
        "session store unavailable during EVAL writeIf: Unauthorized",
      ]);
      expectNoSecretIn(errors);
    });
  });
});
