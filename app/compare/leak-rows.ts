/**
 * The three rows about a token or a key that leaks, named once: /compare, the
 * README's table and docs/choosing.md's each have a row that says this (tests/unit/app/compare-rows.test.ts).
 */
export const LEAK_ROWS = {
  "stolen-token-replay": "A stolen token replayed by someone without the key",
  "key-rotation": "Rotating the signing key",
  "step-up": "A sensitive action an hour after sign-in",
} as const;
