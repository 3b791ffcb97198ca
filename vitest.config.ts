import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";
import { generateSigningJwk } from "./scripts/lib/signing-key";

export default defineConfig({
  resolve: {
    alias: { "@": fileURLToPath(new URL(".", import.meta.url)) },
  },
  test: {
    include: ["tests/unit/**/*.test.ts"],
    environment: "node",
    env: {
      NODE_ENV: "test",
      JWT_SECRET: "unit-test-secret-0123456789abcdef0123456789",
      AUTH_SECRET: "unit-test-authjs-secret-0123456789abcdef0123",
      THIRD_PARTY_SIGNING_KEYS: JSON.stringify([generateSigningJwk()]),
    },
  },
});
