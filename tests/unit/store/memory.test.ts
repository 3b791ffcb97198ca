import { describe, expect, it } from "vitest";
import { runStoreContract } from "./contract";
import { StoreUnavailableError } from "@/lib/store";
import { MemoryStore } from "@/lib/store/memory";
import { testClock } from "@/tests/support/clock";

runStoreContract("memory", async () => {
  const clock = testClock();
  return { store: new MemoryStore(clock.now), advance: clock.advance };
}, { clockCanAdvance: true });

describe("StoreUnavailableError", () => {
  it("is recognised by its brand, even as a copy of the class from another bundle chunk", () => {
    const error = new StoreUnavailableError("GET", new Error("connection refused"));
    expect(StoreUnavailableError.is(error)).toBe(true);
    expect(error.message).toBe("session store unavailable during GET: connection refused");
    const copy = Object.assign(new Error("x"), { [Symbol.for("jwt-vs-session.StoreUnavailableError")]: true });
    expect(StoreUnavailableError.is(copy)).toBe(true);
    expect(StoreUnavailableError.is(new Error("session store unavailable"))).toBe(false);
    expect(StoreUnavailableError.is(null)).toBe(false);
  });
});
