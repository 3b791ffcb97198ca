import { AsyncLocalStorage } from "node:async_hooks";
import type { ServerResponse } from "node:http";
import { aroundEachRequest } from "../server-requests";
import { StoreUnavailableError } from "./types";

/**
 * A page whose store lookup fails answers 503, not 500. Route handlers and middleware answer
 * an outage themselves (storeUnavailableResponse in lib/http.ts), but an App Router page
 * cannot choose its status: the StoreUnavailableError its gate throws reaches the lane's
 * error boundary (app/ui/store-error.tsx), and Next.js sends that with 500. That happens
 * whenever middleware did not look the session up first: the memory store, Redis over TCP
 * (the Edge runtime has no sockets), or SESSION_EDGE_LOOKUP=off.
 *
 * So, on the Node.js runtime (installed by instrumentation.ts): each request runs with a flag,
 * Next.js's onRequestError hook sets it when the error is a store outage, and a 500 written
 * for a flagged request goes out as 503 with Retry-After. Any other 500 stays a 500.
 */
const requests = new AsyncLocalStorage<{ storeDown: boolean }>();
const INSTALLED = Symbol.for("jwt-vs-session.outage-status");

export function installOutageStatus(): void {
  const g = globalThis as typeof globalThis & { [INSTALLED]?: true };
  if (g[INSTALLED]) return;
  g[INSTALLED] = true;
  aroundEachRequest((_request, response, serve) => {
    const state = { storeDown: false };
    answer503WhenStoreDown(response, state);
    return requests.run(state, serve);
  });
}

/** For instrumentation.ts's onRequestError: remembers that this request met a store outage. */
export function noteRequestError(error: unknown): void {
  if (!StoreUnavailableError.is(error)) return;
  const state = requests.getStore();
  if (state) state.storeDown = true;
}

function answer503WhenStoreDown(response: ServerResponse, state: { storeDown: boolean }): void {
  const writeHead = response.writeHead;
  response.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    if (state.storeDown) {
      if (args[0] === 500) args[0] = 503;
      if (this.statusCode === 500) this.statusCode = 503;
      if ((args[0] === 503 || this.statusCode === 503) && !this.headersSent) this.setHeader("retry-after", "5");
    }
    return Reflect.apply(writeHead, this, args) as ServerResponse;
  } as typeof response.writeHead;
}
