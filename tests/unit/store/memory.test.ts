import { describe, expect, it } from "vitest";
import { runStoreContract } from "./contract";
import { StoreUnavailableError } from "@/lib/store";
import { MemoryStore } from "@/lib/store/memory";

runStoreContract("memory", async () => {
  let now = Date.UTC(2026, 0, 1);
  return { store: new MemoryStore(() => now), advance: (ms) => void (now += ms) };
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
