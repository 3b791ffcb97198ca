import { describe, expect, it } from "vitest";
import { requireRedisOrExplain, useRedisStandIn } from "../../support/redis-availability";

const TOKEN = "standin-test-token";
const b64 = (s: string) => Buffer.from(s).toString("base64");

requireRedisOrExplain("the Upstash stand-in", () => {
  const running = useRedisStandIn(TOKEN);

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${running.standIn.url}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    });

  describe("Upstash stand-in", () => {
    it("runs a single command and answers {result}", async () => {
      expect(await (await post("/", ["SET", "standin:a", "hello"])).json()).toEqual({ result: "OK" });
      expect(await (await post("/", ["GET", "standin:a"])).json()).toEqual({ result: "hello" });
      expect(await (await post("/", ["GET", "standin:missing"])).json()).toEqual({ result: null });
      expect(await (await post("/", ["INCRBY", "standin:n", "1"])).json()).toEqual({ result: 1 });
    });

    it("base64-encodes every string of a result when the client asks for it, and leaves numbers and null", async () => {
      await post("/", ["SET", "standin:b", "héllo"]);
      expect(await (await post("/", ["GET", "standin:b"], { "upstash-encoding": "base64" })).json()).toEqual({ result: b64("héllo") });
      const mget = await post("/", ["MGET", "standin:b", "standin:none"], { "upstash-encoding": "base64" });
      expect(await mget.json()).toEqual({ result: [b64("héllo"), null] });
      expect(await (await post("/", ["INCRBY", "standin:c", "3"], { "upstash-encoding": "base64" })).json()).toEqual({ result: 3 });
    });

    it("runs /pipeline and answers one entry per command, errors included", async () => {
      const response = await post("/pipeline", [
        ["SET", "standin:p", "1"],
        ["INCRBY", "standin:p", "1"],
        ["ZADD", "standin:p", "1", "m"], // wrong type
        ["GET", "standin:p"],
      ]);
      expect(response.status).toBe(200);
      const body = (await response.json()) as Array<{ result?: unknown; error?: string }>;
      expect(body[0]).toEqual({ result: "OK" });
      expect(body[1]).toEqual({ result: 2 });
      expect(body[2].error).toMatch(/^WRONGTYPE/);
      expect(body[3]).toEqual({ result: "2" });
    });

    it("counts requests (round trips) and commands apart: a pipeline is one request and as many commands as it holds", async () => {
      const [requests, commands] = [running.standIn.requests(), running.standIn.commands()];
      await post("/", ["GET", "standin:count"]);
      await post("/pipeline", [["GET", "standin:count"], ["TTL", "standin:count"]]);
      await post("/", ["FLUSHALL"]); // refused: runs nothing
      expect(running.standIn.requests() - requests).toBe(3);
      expect(running.standIn.commands() - commands).toBe(3);
      expect(running.standIn.commandsByName()).toMatchObject({ GET: expect.any(Number), TTL: expect.any(Number) });
      expect(running.standIn.commandsByName().FLUSHALL).toBeUndefined();
    });

    it("counts the traffic that names a watched key, and only that, from the moment it is watched", async () => {
      await post("/", ["GET", "standin:watched"]); // before the watch: not counted
      const traffic = running.standIn.watch("standin:watched");
      await post("/", ["GET", "standin:watched"]);
      await post("/", ["GET", "standin:other"]);
      await post("/pipeline", [["MGET", "standin:other", "standin:watched"], ["TTL", "standin:other"]]);
      await post("/multi-exec", [["SET", "standin:watched", "v"], ["SET", "standin:other", "v"]]);
      expect(traffic.roundTrips()).toBe(3);
      expect(traffic.commands()).toBe(3);
      expect(traffic.byName()).toEqual({ GET: 1, MGET: 1, SET: 1 });
    });

    it("runs /multi-exec as one transaction", async () => {
      const response = await post("/multi-exec", [
        ["SET", "standin:m", "x", "EX", "100"],
        ["ZADD", "standin:z", "5", "member"],
        ["TTL", "standin:m"],
        ["ZRANGE", "standin:z", "0", "-1", "WITHSCORES"],
      ]);
      const body = (await response.json()) as Array<{ result: unknown }>;
      expect(body.map((e) => e.result)).toEqual(["OK", 1, 100, ["member", "5"]]);
      // MULTI really wrapped it: a command Redis rejects before EXEC aborts the whole batch.
      const aborted = await post("/multi-exec", [["SET", "standin:never", "1"], ["SET", "standin:never"]]);
      expect(aborted.status).toBe(400);
      expect(((await aborted.json()) as { error: string }).error).toMatch(/EXECABORT/);
      expect(await running.standIn.redis.exists("standin:never")).toBe(0);
    });

    it("forwards only the commands the app uses: anything else is a clear 400 and runs nothing", async () => {
      for (const command of [["FLUSHALL"], ["CONFIG", "SET", "requirepass", "x"], ["KEYS", "*"], ["INCR", "standin:i"], ["EVAL", "return redis.call('FLUSHALL')", "0"]]) {
        const response = await post("/", command);
        expect(response.status).toBe(400);
        expect(((await response.json()) as { error: string }).error).toMatch(/not one this app uses|allowed only with the app's own/);
      }
      const batch = await post("/multi-exec", [["SET", "standin:half", "1"], ["FLUSHALL"]]);
      expect(batch.status).toBe(400);
      expect(await running.standIn.redis.exists("standin:half")).toBe(0);
      expect(await running.standIn.redis.exists("standin:i")).toBe(0);
    });

    it("refuses a wrong or missing token with 401", async () => {
      const wrong = await fetch(`${running.standIn.url}/`, { method: "POST", headers: { authorization: "Bearer nope" }, body: '["PING"]' });
      expect(wrong.status).toBe(401);
      expect(await wrong.json()).toEqual({ error: "Unauthorized" });
      const missing = await fetch(`${running.standIn.url}/`, { method: "POST", body: '["PING"]' });
      expect(missing.status).toBe(401);
    });

    it("passes a Redis error through as HTTP 400 {error}", async () => {
      await post("/", ["SET", "standin:s", "text"]);
      const response = await post("/", ["INCRBY", "standin:s", "1"]);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: "ERR value is not an integer or out of range" });
    });

    it("answers 400 to a body that is not a command", async () => {
      expect((await post("/", { not: "a command" })).status).toBe(400);
      const bad = await fetch(`${running.standIn.url}/`, { method: "POST", headers: { authorization: `Bearer ${TOKEN}` }, body: "{" });
      expect(bad.status).toBe(400);
    });

    it("works with the real @upstash/redis client", async () => {
      const { Redis } = await import("@upstash/redis");
      const client = new Redis({ url: running.standIn.url, token: TOKEN, enableTelemetry: false });
      await client.set("standin:client", { hello: "wörld" }, { ex: 60 });
      expect(await client.get("standin:client")).toEqual({ hello: "wörld" });
      const tx = client.multi();
      tx.incrby("standin:counter", 1);
      tx.incrby("standin:counter", 1);
      expect(await tx.exec()).toEqual([1, 2]);
      await expect(client.incrby("standin:client", 1)).rejects.toThrow(/not an integer/);
    });
  });
});

requireRedisOrExplain("redis-server with a password (npm run dev:redis)", () => {
  it("listens on loopback only and refuses commands without the password; the stand-in, given it, works", async () => {
    const { startRedisServer } = await import("@/scripts/lib/redis-server");
    const { startUpstashStandIn } = await import("@/scripts/lib/upstash-standin");
    const { Redis: IORedis } = await import("ioredis");
    const redis = await startRedisServer({ password: "dev-only-password" });
    const standIn = await startUpstashStandIn({ redisUrl: redis.url, token: TOKEN });
    const anonymous = new IORedis(`redis://127.0.0.1:${redis.port}`, { lazyConnect: true, maxRetriesPerRequest: 0 });
    anonymous.on("error", () => {}); // the refusal is asserted below, not logged
    try {
      expect(redis.url).toContain("127.0.0.1");
      await expect(anonymous.get("x")).rejects.toThrow(/NOAUTH/);
      const answer = await fetch(`${standIn.url}/`, { method: "POST", headers: { authorization: `Bearer ${TOKEN}` }, body: '["SET","pw:a","1"]' });
      expect(await answer.json()).toEqual({ result: "OK" });
    } finally {
      anonymous.disconnect();
      await standIn.close();
      await redis.dispose();
    }
  });
});
