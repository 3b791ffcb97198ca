import { beforeEach, describe, expect, it } from "vitest";
import { MemoryStore } from "@/lib/store/memory";
import { reserveLoginAttempt, type LoginLimits } from "@/lib/security/login";
import { peekAddressLock, peekUsernameLock } from "@/lib/security/login-lock";

const limits: LoginLimits = { maxFailuresPerAccountAndAddress: 5, maxFailuresPerAccount: 100, maxFailuresPerAddress: 20, windowSeconds: 900 };
const ADDRESS = "203.0.113.7";

let now = 0;
let store: MemoryStore;
beforeEach(() => {
  now = Date.UTC(2026, 0, 1);
  store = new MemoryStore(() => now);
});

async function fail(username: string, address = ADDRESS) {
  const attempt = await reserveLoginAttempt(store, limits, { username, address });
  if (attempt.ok) await attempt.settle("failure");
  return attempt;
}

describe("peekAddressLock (what a login page shows before any sign-in)", () => {
  it("is null until the address's own limit is reached, then says the time left, as the next attempt would", async () => {
    for (let i = 0; i < 19; i++) await fail(`user-${i}`);
    expect(await peekAddressLock(store, limits, ADDRESS)).toBeNull();
    await fail("user-19");
    now += 60_000;
    expect(await peekAddressLock(store, limits, ADDRESS)).toEqual({ retryAfterSeconds: 840 });
    expect(await fail("someone-else")).toEqual({ ok: false, retryAfterSeconds: 840 });
  });

  it("counts nothing: peeking many times never locks anyone", async () => {
    for (let i = 0; i < 19; i++) await fail(`user-${i}`);
    for (let i = 0; i < 50; i++) await peekAddressLock(store, limits, ADDRESS);
    expect((await fail("user-19")).ok).toBe(true);
  });

  it("does not see a lock of one username at this address (a page knows no username), nor other addresses' locks", async () => {
    for (let i = 0; i < 5; i++) await fail("alice");
    expect((await fail("alice")).ok).toBe(false);
    expect(await peekAddressLock(store, limits, ADDRESS)).toBeNull();
    for (let i = 0; i < 20; i++) await fail(`user-${i}`, "198.51.100.1");
    expect(await peekAddressLock(store, limits, "198.51.100.1")).not.toBeNull();
    expect(await peekAddressLock(store, limits, ADDRESS)).toBeNull();
  });

  it("ends with the window", async () => {
    for (let i = 0; i < 20; i++) await fail(`user-${i}`);
    now += 900_000;
    expect(await peekAddressLock(store, limits, ADDRESS)).toBeNull();
  });
});

describe("peekUsernameLock (what a login form shows once a username is typed)", () => {
  it("is null until the username's limit at this address is reached, then says the time left, as the next attempt would; peeking counts nothing", async () => {
    for (let i = 0; i < 4; i++) await fail("bob");
    for (let i = 0; i < 20; i++) expect(await peekUsernameLock(store, limits, "bob", ADDRESS)).toBeNull();
    await fail("bob");
    now += 60_000;
    expect(await peekUsernameLock(store, limits, "BOB", ADDRESS)).toEqual({ retryAfterSeconds: 840 }); // the limiter's own spelling rules
    expect(await fail("bob")).toEqual({ ok: false, retryAfterSeconds: 840 });
  });

  it("sees only this address's failures for this username", async () => {
    for (let i = 0; i < 5; i++) await fail("bob", "198.51.100.1");
    expect(await peekUsernameLock(store, limits, "bob", "198.51.100.1")).not.toBeNull();
    expect(await peekUsernameLock(store, limits, "bob", ADDRESS)).toBeNull();
    expect(await peekUsernameLock(store, limits, "alice", "198.51.100.1")).toBeNull();
  });
});
