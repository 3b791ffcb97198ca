import { describe, expect, it } from "vitest";
import { GET, PEER_ROUTES } from "@/bench/peer-route";

const call = (peer: string, cookie?: string) =>
  GET(new Request(`http://127.0.0.1/bench/peers/${peer}`, { headers: cookie ? { cookie } : {} }), { params: Promise.resolve({ peer }) });

describe("bench/peer-route.ts: each peer's per-request read, as the bench's copy serves it", () => {
  it("answers for Bob with the cookie setup handed out, for every peer and for ours", async () => {
    const { cookies } = (await (await call("setup")).json()) as { cookies: Record<string, string> };
    expect(Object.keys(cookies).sort()).toEqual([...PEER_ROUTES].sort());
    for (const peer of PEER_ROUTES) {
      const response = await call(peer, cookies[peer]);
      expect(response.status, peer).toBe(200);
      expect(await response.json(), peer).toEqual({ user: "bob" });
    }
  });

  it("refuses (401) a request without the cookie, or with another peer's, so a fast figure is a real read", async () => {
    const { cookies } = (await (await call("setup")).json()) as { cookies: Record<string, string> };
    for (const peer of PEER_ROUTES) {
      expect((await call(peer)).status, peer).toBe(401);
      const other = PEER_ROUTES[(PEER_ROUTES.indexOf(peer) + 1) % PEER_ROUTES.length];
      expect((await call(peer, cookies[other])).status, `${peer} with ${other}'s cookie`).toBe(401);
    }
  });

  it("tampered cookies are refused by every read", async () => {
    const { cookies } = (await (await call("setup")).json()) as { cookies: Record<string, string> };
    for (const peer of PEER_ROUTES) {
      // One character flipped a little way into the (first) cookie's value: never a padding bit.
      const at = cookies[peer].indexOf("=") + 12;
      const cookie = `${cookies[peer].slice(0, at)}${cookies[peer][at] === "A" ? "B" : "A"}${cookies[peer].slice(at + 1)}`;
      expect(cookie).not.toBe(cookies[peer]);
      expect((await call(peer, cookie)).status, peer).toBe(401);
    }
  });

  it("answers 404 for a peer it does not know", async () => {
    expect((await call("nobody")).status).toBe(404);
  });
});
