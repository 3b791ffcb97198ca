import type { NextConfig } from "next";
import { PHASE_PRODUCTION_SERVER } from "next/constants";
import { ConfigError } from "./lib/config";
import { parseConfig } from "./env";
import { STATIC_SECURITY_HEADERS } from "./lib/security/headers";

export default function nextConfig(phase: string): NextConfig {
  // `next start`: refuse to boot with a missing or weak secret, naming the variable to set,
  // instead of failing on the first request (or, worse, signing with an empty key).
  if (phase === PHASE_PRODUCTION_SERVER) {
    try {
      parseConfig(process.env);
    } catch (error) {
      if (error instanceof ConfigError) {
        console.error(`\n${error.message}\n`);
        process.exit(1);
      }
      throw error;
    }
  }
  return {
    poweredByHeader: false,
    // The Content-Security-Policy needs a nonce per request, so middleware.ts sets it.
    headers: async () => [{ source: "/:path*", headers: STATIC_SECURITY_HEADERS }],
    experimental: {
      // Lets pages answer a real 403 with forbidden() from next/navigation.
      authInterrupts: true,
    },
  };
}
