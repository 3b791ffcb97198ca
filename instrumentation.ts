
/**
 * Runs once when the Next.js server starts: stamps each request with its socket address (for
 * the login rate limiter), attaches Redis (lib/store/index.ts) and the demo's telemetry (lib/observe/), and says which
 * session store this instance uses, so a misconfigured deployment (memory store on several
 * instances) is visible in the logs.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // A missing or weak secret stops the server here, naming the variable, before it serves (a
  // server that never loads next.config.ts, such as the standalone server.js, is checked too).
  const { exitOnConfigProblems } = await import("./env");
  exitOnConfigProblems(process.env);
  // Before the first request: the login rate limiter needs each request's socket address.
  // (Imported here, not at the top: this file is bundled for the Edge runtime too.)
  const { installSocketAddressHeader } = await import("./lib/security/socket-address");
  installSocketAddressHeader();
  // A page that meets a store outage answers 503 rather than Next.js's 500 (onRequestError below).
  // Before the tracing: its Server-Timing then reads the status this one settles.
  const { installOutageStatus, noteRequestError } = await import("./lib/store/outage-status");
  installOutageStatus();
  noteStoreOutage = noteRequestError;
  // Each request traced; each store round trip timed and counted (Server-Timing, the timeline, the bench).
  const { installRequestTracing } = await import("./lib/observe/server");
  installRequestTracing();
  const { attachRedis, getStore, replaceStore } = await import("./lib/store");
  const { describeStore } = await import("./lib/store/describe");
  // #region attach-redis
  // Redis, over TCP (REDIS_URL, this runtime only) or REST (Upstash): lib/store never imports it itself.
  const { RedisTcpStore } = await import("./lib/store/redis-tcp");
  const { UpstashStore } = await import("./lib/store/upstash");
  attachRedis("redis", ({ url }) => RedisTcpStore.connect(url));
  attachRedis("upstash", ({ url, token }) => UpstashStore.connect(url, token));
  // #endregion attach-redis
  try {
    const { observeStore } = await import("./lib/observe/store");
    replaceStore(observeStore(getStore(), "nodejs"));
    console.log(`[jwt-vs-session] session store: ${describeStore({ withAddress: true })}`);
  } catch (error) {
    // Not a config problem (those stopped the server above): say it, and let requests meet it.
    console.error(`[jwt-vs-session] ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Set by register() on the Node.js runtime; synchronous, so it runs before the response's status is written. */
let noteStoreOutage: ((error: unknown) => void) | undefined;

/** Next.js calls this for every error a request's render, route or action throws. */
export function onRequestError(error: unknown): void {
  noteStoreOutage?.(error);
}
