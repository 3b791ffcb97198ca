import { Server as HttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import { Server as HttpsServer } from "node:https";

/**
 * Runs `around` for every request this Node.js process's HTTP(S) servers receive, before
 * Next.js sees it; `serve` hands the request on. `next start` offers no other hook there:
 * route handlers see no socket, and pages cannot choose their status. Callers install once.
 */
export function aroundEachRequest(around: (request: IncomingMessage, response: ServerResponse, serve: () => boolean) => boolean): void {
  // https.Server does not inherit from http.Server: both are patched.
  for (const prototype of [HttpServer.prototype, HttpsServer.prototype]) {
    const emit = prototype.emit;
    prototype.emit = function (this: unknown, event: string | symbol, ...args: unknown[]) {
      const serve = () => Reflect.apply(emit, this, [event, ...args]) as boolean;
      return event === "request" ? around(args[0] as IncomingMessage, args[1] as ServerResponse, serve) : serve();
    } as typeof prototype.emit;
  }
}
