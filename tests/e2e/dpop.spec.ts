import { expect, test } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { E2E_BASE_URL } from "./env";

test("the Node DPoP client: a key-bound token works with its key, and a copy of the token, a replayed proof or another key gets nothing", () => {
  const output = execFileSync("npx", ["tsx", "scripts/dpop-demo.ts", E2E_BASE_URL], { encoding: "utf8" }).trim().split("\n");
  expect(output).toEqual([
    "1. sign in at /api/jwt/token with a proof of my key → 200 DPoP",
    "2. GET /api/jwt/me with a fresh proof → 200 bob",
    "3. the same token replayed as Bearer, without the key → 401 bound-token-as-bearer",
    "4. the same token replayed with a proof of the thief's own key → 401 wrong-key",
    "5. the same proof replayed → 401 replayed-proof",
    "6. refresh with a fresh proof of my key → 200 rotated",
    "7. refresh with a proof of another key → 400 wrong-key",
    "8. GET /api/jwt/me with the refreshed token and my key → 200 bob",
  ]);
});
