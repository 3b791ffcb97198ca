import type { NextConfig } from "next";
import { PHASE_PRODUCTION_SERVER } from "next/constants";
import { exitOnConfigProblems } from "./env";
import { STATIC_SECURITY_HEADERS } from "./lib/security/headers";

export default function nextConfig(phase: string): NextConfig {
  // `next start`: refuse to boot with a missing or weak secret, naming the variable to set,
  // instead of failing on the first request (or, worse, signing with an empty key).
  if (phase === PHASE_PRODUCTION_SERVER) exitOnConfigProblems(process.env);
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
