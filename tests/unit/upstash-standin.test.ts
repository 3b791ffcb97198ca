import { describe, expect, it } from "vitest";
import { requireRedisOrExplain, useRedisStandIn } from "./redis-availability";

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
      expect(await (await post("/", ["INCR", "standin:n"])).json()).toEqual({ result: 1 });
    });

    it("base64-encodes every string of a result when the client asks for it, and leaves numbers and null", async () => {
      await post("/", ["SET", "standin:b", "héllo"]);
      expect(await (await post("/", ["GET", "standin:b"], { "upstash-encoding": "base64" })).json()).toEqual({ result: b64("héllo") });
      const mget = await post("/", ["MGET", "standin:b", "standin:none"], { "upstash-encoding": "base64" });
      expect(await mget.json()).toEqual({ result: [b64("héllo"), null] });
      expect(await (await post("/", ["EXISTS", "standin:b"], { "upstash-encoding": "base64" })).json()).toEqual({ result: 1 });
    });

    it("runs /pipeline and answers one entry per command, errors included", async () => {
      const response = await post("/pipeline", [
        ["SET", "standin:p", "1"],
        ["INCR", "standin:p"],
        ["HGET", "standin:p", "field"], // wrong type
        ["GET", "standin:p"],
      ]);
      expect(response.status).toBe(200);
      const body = (await response.json()) as Array<{ result?: unknown; error?: string }>;
      expect(body[0]).toEqual({ result: "OK" });
      expect(body[1]).toEqual({ result: 2 });
      expect(body[2].error).toMatch(/^WRONGTYPE/);
      expect(body[3]).toEqual({ result: "2" });
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
      const aborted = await post("/multi-exec", [["SET", "standin:never", "1"], ["NOSUCHCOMMAND"]]);
      expect(aborted.status).toBe(400);
      expect(((await aborted.json()) as { error: string }).error).toMatch(/EXECABORT/);
      expect(await (await post("/", ["EXISTS", "standin:never"])).json()).toEqual({ result: 0 });
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
      const response = await post("/", ["INCR", "standin:s"]);
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
      tx.incr("standin:counter");
      tx.incr("standin:counter");
      expect(await tx.exec()).toEqual([1, 2]);
      await expect(client.incr("standin:client")).rejects.toThrow(/not an integer/);
    });
  });
});
