import { beforeEach, describe, expect, it } from "vitest";
import { MemoryStore } from "@/lib/store/memory";
import { downStore } from "@/tests/support/stores";
import { StoreUnavailableError } from "@/lib/store";
import { accountCounterKey, addressCounterKey, normalizeUsername, pairCounterKey, reserveLoginAttempt, type LoginLimits } from "@/lib/security/login";
import { UNKNOWN_ADDRESS, clientAddress } from "@/lib/http";
import { installSocketAddressHeader } from "@/lib/security/socket-address";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

const limits: LoginLimits = { maxFailuresPerAccountAndAddress: 5, maxFailuresPerAccount: 100, maxFailuresPerAddress: 20, windowSeconds: 900 };

let now = 0;
let store: MemoryStore;
beforeEach(() => {
  now = Date.UTC(2026, 0, 1);
  store = new MemoryStore(() => now);
});

async function fail(username: string, address = "203.0.113.7") {
  const attempt = await reserveLoginAttempt(store, limits, { username, address });
  if (attempt.ok) await attempt.settle("failure");
  return attempt;
}

describe("login rate limiter", () => {
  it("allows 5 failures per account and address, then refuses with the time left in the window", async () => {
    for (let i = 0; i < 5; i++) expect((await fail("alice")).ok).toBe(true);
    now += 60_000;
    expect(await fail("alice")).toEqual({ ok: false, retryAfterSeconds: 840 });
  });

  it("counts down the attempts left before the lock, the same for a real and a made-up username", async () => {
    const left = async (username: string) => {
      const attempt = await fail(username);
      return attempt.ok ? attempt.attemptsLeft : "locked";
    };
    const real: Array<number | string> = [];
    const madeUp: Array<number | string> = [];
    for (let i = 0; i < 6; i++) real.push(await left("alice"));
    for (let i = 0; i < 6; i++) madeUp.push(await left("no-such-user-7f3a"));
    expect(real).toEqual([4, 3, 2, 1, 0, "locked"]);
    expect(madeUp).toEqual(real);
  });

  it("the reservation that spends the last attempt carries the lock's wait, the same the refusal after it answers", async () => {
    const waits: Array<number | undefined> = [];
    for (let i = 0; i < 4; i++) {
      const attempt = await fail("alice");
      waits.push(attempt.ok ? attempt.retryAfterSeconds : -1);
    }
    expect(waits).toEqual([undefined, undefined, undefined, undefined]); // no lock yet: nothing to wait for
    now += 60_000;
    const last = await fail("alice");
    expect(last).toMatchObject({ ok: true, attemptsLeft: 0, retryAfterSeconds: 840 });
    expect(await fail("alice")).toEqual({ ok: false, retryAfterSeconds: 840 });
  });

  it("the last attempt's wait is the longest of the windows it locked: the next attempt is refused until the last of them ends", async () => {
    for (let i = 0; i < 15; i++) await fail(`user-${i}`); // the address's window starts now, 15 of its 20
    now += 600_000; // 300 s left of it
    for (let i = 0; i < 4; i++) await fail("alice"); // the pair's window starts now: 900 s
    const last = await fail("alice"); // the address at 20, the pair at 5: both at their limit
    expect(last).toMatchObject({ ok: true, attemptsLeft: 0, retryAfterSeconds: 900 });
    now += 301_000; // the address's window has ended; the pair's has not
    expect(await fail("alice")).toEqual({ ok: false, retryAfterSeconds: 599 });
  });

  it("the attempts left are the smallest budget of the three: an address near its own limit says so", async () => {
    for (let i = 0; i < 18; i++) await fail(`user-${i}`); // 18 of the address's 20
    const attempt = await reserveLoginAttempt(store, limits, { username: "alice", address: "203.0.113.7" });
    expect(attempt.ok && attempt.attemptsLeft).toBe(1);
  });

  it("refuses during the lockout before the password is checked, so a correct one is refused too", async () => {
    for (let i = 0; i < 5; i++) await fail("alice");
    const attempt = await reserveLoginAttempt(store, limits, { username: "alice", address: "203.0.113.7" });
    expect(attempt.ok).toBe(false); // the caller never gets to check (or reveal) the password
  });

  it("one address cannot lock an account for everyone: another address still has its budget", async () => {
    for (let i = 0; i < 30; i++) await fail("alice", "203.0.113.66"); // far over its own limits
    expect((await fail("alice", "203.0.113.66")).ok).toBe(false);
    const elsewhere = await reserveLoginAttempt(store, limits, { username: "alice", address: "198.51.100.1" });
    expect(elsewhere.ok).toBe(true);
  });

  it("failures spread over many addresses stop at the account-wide limit, for every address", async () => {
    for (let i = 0; i < 100; i++) expect((await fail("alice", `10.2.${Math.floor(i / 4)}.${i % 4}`)).ok).toBe(true);
    expect((await fail("alice", "198.51.100.200")).ok).toBe(false);
  });

  it("a refused attempt stores nothing: a flood of made-up usernames from an address over its limit adds no key", async () => {
    for (let i = 0; i < 20; i++) await fail(`user-${i}`);
    const keys = store.dump().length;
    for (let i = 0; i < 200; i++) expect((await fail(`made-up-${i}`)).ok).toBe(false);
    expect(store.dump().length).toBe(keys);
  });

  it("a burst from one address adds at most its pair limit to the account's count", async () => {
    for (let burst = 0; burst < 3; burst++) {
      await Promise.all(Array.from({ length: 60 }, () => reserveLoginAttempt(store, limits, { username: "alice", address: "203.0.113.99" })));
    }
    expect(Number(await store.get(accountCounterKey("alice")))).toBe(5);
  });

  it("treats an unknown username exactly like a real one", async () => {
    for (let i = 0; i < 5; i++) {
      await fail("alice", "10.0.0.1");
      await fail("nobody-by-this-name", "10.0.0.2");
    }
    expect(await fail("alice", "10.0.0.1")).toEqual(await fail("nobody-by-this-name", "10.0.0.2"));
  });

  it("a success clears its own pair's failures and gives the account and the address their attempt back", async () => {
    for (let i = 0; i < 4; i++) await fail("alice");
    const success = await reserveLoginAttempt(store, limits, { username: "alice", address: "203.0.113.7" });
    if (!success.ok) throw new Error("expected the 5th attempt to be allowed");
    await success.settle("success");
    expect(await store.get(pairCounterKey("alice", "203.0.113.7"))).toBeNull();
    expect(await store.get(accountCounterKey("alice"))).toBe("4"); // the four failures, not the success
    for (let i = 0; i < 5; i++) expect((await fail("alice")).ok).toBe(true); // a full budget again
    expect((await fail("alice")).ok).toBe(false);
  });

  it("a success after its window ended banks no extra tries (the counter never goes below zero)", async () => {
    const success = await reserveLoginAttempt(store, limits, { username: "alice", address: "203.0.113.7" });
    if (!success.ok) throw new Error("expected the attempt to be allowed");
    now += 900_000; // the window ends while the password is being checked
    await success.settle("success");
    expect(await store.get(addressCounterKey("203.0.113.7"))).toBeNull();
    for (let i = 0; i < 20; i++) await fail(`user-${i}`);
    expect((await fail("user-20")).ok).toBe(false); // 20, not 21
  });

  it("the window is fixed: once it has passed, the account may try again", async () => {
    for (let i = 0; i < 6; i++) await fail("alice");
    now += 899_000;
    expect((await fail("alice")).ok).toBe(false); // refused attempts do not extend the window
    now += 1_000;
    expect((await fail("alice")).ok).toBe(true);
  });

  it("limits one address across many usernames (20 failures)", async () => {
    for (let i = 0; i < 20; i++) expect((await fail(`user-${i}`)).ok).toBe(true);
    expect((await fail("user-20")).ok).toBe(false);
    expect((await fail("user-21", "198.51.100.2")).ok).toBe(true); // another address is not affected
  });

  it("parallel guesses cannot all slip in under the limits", async () => {
    const fromOne = await Promise.all(Array.from({ length: 50 }, () => reserveLoginAttempt(store, limits, { username: "alice", address: "10.1.0.1" })));
    expect(fromOne.filter((a) => a.ok)).toHaveLength(5);
    const fromMany = await Promise.all(Array.from({ length: 150 }, (_, i) => reserveLoginAttempt(store, limits, { username: "bob", address: `10.3.${i}.1` })));
    expect(fromMany.filter((a) => a.ok)).toHaveLength(100);
  });

  it("full-width and case variants of a username share its budget", async () => {
    expect(normalizeUsername("ａｌｉｃｅ")).toBe("alice");
    for (let i = 0; i < 5; i++) await fail(["alice", "ALICE", "ａlice", " Alice ", "ａｌｉｃｅ"][i]);
    expect((await fail("alice")).ok).toBe(false);
  });

  it("a store outage is reported (a 503 upstream), never treated as 'no limit'", async () => {
    await expect(reserveLoginAttempt(downStore(), limits, { username: "alice", address: "x" })).rejects.toSatisfy(StoreUnavailableError.is);
  });
});

// The limiter raced on every store: tests/unit/store/races.test.ts.

describe("client address", () => {
  it("by default ignores X-Forwarded-For and uses the socket's address", async () => {
    installSocketAddressHeader();
    let seen = "";
    const server = createServer((req, res) => {
      const headers = new Headers(Object.entries(req.headers).map(([k, v]): [string, string] => [k, String(v)]));
      seen = clientAddress(headers, null);
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      await fetch(`http://127.0.0.1:${port}/`, { headers: { "x-forwarded-for": "1.2.3.4", "x-real-ip": "1.2.3.4" } });
      expect(seen).toBe("127.0.0.1");
    } finally {
      server.close();
    }
  });

  it("a client cannot forge the socket header: without it the address is 'unknown' (one shared budget)", () => {
    expect(clientAddress(new Headers({ "x-socket-address": "1.2.3.4" }), null)).toBe(UNKNOWN_ADDRESS);
  });

  it("with a trusted proxy header, uses the last X-Forwarded-For entry (the one the proxy appended)", () => {
    const headers = new Headers({ "x-forwarded-for": "6.6.6.6, 203.0.113.9" });
    expect(clientAddress(headers, "x-forwarded-for")).toBe("203.0.113.9");
    expect(clientAddress(new Headers({ "x-real-ip": "198.51.100.4" }), "x-real-ip")).toBe("198.51.100.4");
    expect(clientAddress(new Headers(), "x-real-ip")).toBe(UNKNOWN_ADDRESS);
  });
});
