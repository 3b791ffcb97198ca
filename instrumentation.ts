/**
 * Runs once when the Next.js server starts: stamps each request with its socket address (for
 * the login rate limiter), and says which session store this instance uses, so a
 * misconfigured deployment (memory store on several instances) is visible in the logs.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Before the first request: the login rate limiter needs each request's socket address.
  const { installSocketAddressHeader } = await import("./lib/security/client-address");
  installSocketAddressHeader();
  const { describeStore } = await import("./lib/store");
  try {
    console.log(`[jwt-vs-session] session store: ${describeStore()}`);
  } catch (error) {
    // Config problems are reported (with the variable to set) by next.config.ts / the first request.
    console.error(`[jwt-vs-session] ${error instanceof Error ? error.message : String(error)}`);
  }
}
