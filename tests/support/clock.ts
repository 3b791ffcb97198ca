/** A clock tests move by hand: `now()` for code that takes one, `advance(ms)` to let time pass. */
export interface TestClock {
  now: () => number;
  advance(ms: number): void;
  set(ms: number): void;
}

export function testClock(startMs: number = Date.UTC(2026, 0, 1)): TestClock {
  let current = startMs;
  return {
    now: () => current,
    advance: (ms) => void (current += ms),
    set: (ms) => void (current = ms),
  };
}
