import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";
import { generateSigningJwk } from "./scripts/lib/signing-key";

export default defineConfig({
  resolve: {
    alias: {
      "@": fileURLToPath(new URL(".", import.meta.url)),
      // Next.js resolves this marker itself when it builds; route handlers tested directly need a stand-in.
      "server-only": fileURLToPath(new URL("./tests/support/server-only.ts", import.meta.url)),
    },
  },
  test: {
    include: ["tests/unit/**/*.test.ts"],
    environment: "node",
    // next-auth imports "next/server" without an extension, which Node's ESM resolver refuses;
    // inlined, Vite resolves it (only route-handler tests import next-auth).
    server: { deps: { inline: ["next-auth"] } },
    env: {
      NODE_ENV: "test",
      JWT_SECRET: "unit-test-secret-0123456789abcdef0123456789",
      AUTH_SECRET: "unit-test-authjs-secret-0123456789abcdef0123",
      BETTER_AUTH_SECRET: "unit-test-better-auth-secret-0123456789abcdef",
      THIRD_PARTY_SIGNING_KEYS: JSON.stringify([generateSigningJwk()]),
    },
  },
});
