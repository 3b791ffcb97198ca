
/**
 * Runs once when the Next.js server starts: stamps each request with its socket address (for
 * the login rate limiter), turns on the benchmark's store counter when asked, and says which
 * session store this instance uses, so a misconfigured deployment (memory store on several
 * instances) is visible in the logs.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Before the first request: the login rate limiter needs each request's socket address.
  // (Imported here, not at the top: this file is bundled for the Edge runtime too.)
  const { installSocketAddressHeader } = await import("./lib/security/socket-address");
  installSocketAddressHeader();
  const { describeStore, getStore, replaceStore } = await import("./lib/store");
  try {
    if (process.env.STORE_ROUND_TRIP_COUNTER === "on") {
      // The benchmark's round-trip counter (see app/bench/store-stats).
      const { CountingStore } = await import("./lib/store/counting");
      replaceStore(new CountingStore(getStore()));
    }
    // Server-Timing: each store round trip of a traced request is timed (app/server-timing.ts).
    const { timedStore } = await import("./app/server-timing");
    replaceStore(timedStore(getStore(), "nodejs"));
    console.log(`[jwt-vs-session] session store: ${describeStore({ withAddress: true })}`);
  } catch (error) {
    // Config problems are reported (with the variable to set) by next.config.ts / the first request.
    console.error(`[jwt-vs-session] ${error instanceof Error ? error.message : String(error)}`);
  }
}
