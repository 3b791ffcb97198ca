import { logAuthEvent } from "../log";
import { StoreUnavailableError } from "./types";

/**
 * Whether a Redis may drop this app's keys to free memory: a denylisted token, a token version,
 * a lockout counter or a spent DPoP proof evicted is a signed-out token that verifies again, or
 * a lock that lifts early. Both Redis stores ask (INFO memory: managed services often disable
 * CONFIG, rarely INFO), over TCP once per connection, over REST once per store, and refuse to
 * serve, as in an outage, when it may: the routes answer their 503 and fail closed.
 */

/** Why not to serve the Redis whose `INFO memory` reads `info`, or null to serve it (logged either way but noeviction). */
export function evictionRefusal(info: string): string | null {
  const policy = /^maxmemory_policy:(\S+)/m.exec(info)?.[1];
  if (policy === undefined) return evictionUnchecked("its INFO names no maxmemory_policy");
  if (policy === "noeviction") return null;
  // Whatever maxmemory says: one can be set later, and no reconnect would ask again.
  const maxmemory = /^maxmemory:(\d+)/m.exec(info)?.[1] ?? "0";
  const refusal = `Redis may evict keys (maxmemory-policy ${policy}, maxmemory ${maxmemory} bytes), and with them sign-outs and lockouts: set maxmemory-policy to noeviction`;
  logAuthEvent("store.eviction-refused", { reason: refusal });
  return refusal;
}

/** A Redis that refuses INFO (or hides the policy) is served: the log says to check it by hand. */
export function evictionUnchecked(why: string): null {
  logAuthEvent("store.eviction-unchecked", { reason: `Redis's eviction policy could not be checked (${why}): make sure its maxmemory-policy is noeviction` });
  return null;
}

/** A store's eviction check: asked by the first call, its answer kept until reset() (a new connection). */
export class EvictionCheck {
  private answer: Promise<string | null> | null = null;

  constructor(private readonly ask: () => Promise<string | null>) {}

  reset(): void {
    this.answer = null;
  }

  /**
   * Fails the call as an outage while the answer is a refusal; a check that got no answer is asked
   * again by the next call. A new connection that came up while the check waited is asked about
   * in turn (the answer was about the old one); one that keeps changing is an outage.
   */
  async refuseIfEvicting(operation: string): Promise<void> {
    for (let round = 0; round < 3; round++) {
      const answer = (this.answer ??= this.ask());
      const refusal = await answer.catch((error: unknown) => {
        if (this.answer === answer) this.answer = null;
        throw new StoreUnavailableError(operation, new Error(`the eviction check (INFO) failed: ${error instanceof Error ? error.message : String(error)}`), { sent: false });
      });
      if (refusal) throw new StoreUnavailableError(operation, new Error(refusal), { sent: false });
      if (this.answer === answer) return;
    }
    throw new StoreUnavailableError(operation, new Error("the connection changed while it was being checked"), { sent: false });
  }
}
