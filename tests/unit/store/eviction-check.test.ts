import { describe, expect, it } from "vitest";
import { EvictionCheck } from "@/lib/store/eviction";
import { StoreUnavailableError } from "@/lib/store/types";

describe("a connection's check (lib/store/eviction.ts EvictionCheck)", () => {
  it("is asked once and its answer kept while the connection stays", async () => {
    let asked = 0;
    const check = new EvictionCheck(async () => {
      asked++;
      return null;
    });
    await check.refuseIfEvicting("get");
    await check.refuseIfEvicting("get");
    expect(asked).toBe(1);
  });

  it("asks about a connection that came up while the last one was being checked, and refuses if that one is refused", async () => {
    const answers: Array<string | null> = [null, "REDIS_URL names database 99, which this Redis refused"];
    let asked = 0;
    const check: EvictionCheck = new EvictionCheck(async () => {
      const answer = answers[asked++];
      await Promise.resolve();
      if (asked === 1) check.reset(); // a reconnect while the first answer was on its way
      return answer;
    });
    const refused = await check.refuseIfEvicting("get").then(() => null, (error: unknown) => error);
    expect(asked).toBe(2);
    expect(StoreUnavailableError.is(refused)).toBe(true);
    expect((refused as Error).message).toMatch(/database 99/);
  });

  it("a connection that keeps changing while it is checked is an outage, never served unchecked", async () => {
    const check: EvictionCheck = new EvictionCheck(async () => {
      await Promise.resolve();
      check.reset();
      return null;
    });
    const refused = await check.refuseIfEvicting("get").then(() => null, (error: unknown) => error);
    expect(StoreUnavailableError.is(refused)).toBe(true);
  });
});
