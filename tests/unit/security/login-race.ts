import { expect, it } from "vitest";
import type { KeyValueStore, WriteCondition, WriteOp } from "@/lib/store";
import { addressCounterKey, reserveLoginAttempt, type LoginLimits } from "@/lib/security/login";

/**
 * The login limiter's races, run against every store: login.test.ts registers them for memory
 * and for real Redis. `store()`: the store to race on, asked for inside the test.
 */
export function raceLoginLimiter(store: () => KeyValueStore) {
  const limits: LoginLimits = { maxFailuresPerAccountAndAddress: 5, maxFailuresPerAccount: 100, maxFailuresPerAddress: 3, windowSeconds: 900 };
  const ROUNDS = 25;
  const freshAddress = () => `198.51.100.${Math.random().toString(36).slice(2)}`;

  it("a failure counted while a success gives its attempt back is not erased", async () => {
    const real = store();
    // The race, made to happen every round: the success's clean-up of the address counter it
    // gave back to 0 is held until a failed guess from the same address has been counted.
    let hold: { key: string; reached: () => void; release: Promise<void> } | null = null;
    const held = async <T>(ops: readonly WriteOp[], run: () => Promise<T>): Promise<T> => {
      const caught = hold;
      if (caught && ops.some((op) => op.op === "del" && op.key === caught.key)) {
        hold = null;
        caught.reached();
        await caught.release;
      }
      return run();
    };
    const racing: KeyValueStore = {
      kind: real.kind,
      get: (key) => real.get(key),
      getMany: (keys) => real.getMany(keys),
      ttlSeconds: (key) => real.ttlSeconds(key),
      sortedSetEntries: (key) => real.sortedSetEntries(key),
      increment: (counters) => real.increment(counters),
      clear: () => real.clear(),
      write: (ops) => held(ops, () => real.write(ops)),
      writeIf: (condition: WriteCondition, ops) => held(ops, () => real.writeIf(condition, ops)),
    };

    for (let round = 0; round < ROUNDS; round++) {
      const address = freshAddress();
      let release!: () => void;
      const reached = new Promise<void>((resolve) => {
        hold = { key: addressCounterKey(address), reached: resolve, release: new Promise<void>((r) => (release = r)) };
      });
      // Someone signs in to their own account (the address's counter: 1, then given back to 0)...
      const own = await reserveLoginAttempt(racing, limits, { username: "attacker", address });
      if (!own.ok) throw new Error("a fresh address is refused");
      const settling = own.settle("success");
      await reached;
      // ...and guesses another account's password from the same address before the clean-up lands.
      const guess = await reserveLoginAttempt(racing, limits, { username: `victim-${round}`, address });
      if (!guess.ok) throw new Error("the guess is refused");
      await guess.settle("failure");
      release();
      await settling;
      expect(await real.get(addressCounterKey(address)), `round ${round}`).toBe("1");
    }
  });

  it("signing in and failing at once, many times over, loses no failure from the address's count", async () => {
    const real = store();
    for (let round = 0; round < ROUNDS; round++) {
      const address = freshAddress();
      const own = await reserveLoginAttempt(real, limits, { username: "attacker", address });
      if (!own.ok) throw new Error("a fresh address is refused");
      await Promise.all([
        own.settle("success"),
        reserveLoginAttempt(real, limits, { username: `victim-${round}`, address }).then(async (guess) => {
          if (guess.ok) await guess.settle("failure");
        }),
      ]);
      expect(await real.get(addressCounterKey(address)), `round ${round}`).toBe("1");
    }
  });
}
