import { randomBytes } from "node:crypto";
import { Server as HttpServer } from "node:http";
import { Server as HttpsServer } from "node:https";
import { SOCKET_ADDRESS_HEADER_SLOT, UNKNOWN_ADDRESS } from "../http";

// #region socket-address
/**
 * `next start` gives route handlers no socket, and the `X-Forwarded-For` it adds is set only
 * when the client sent none (`??=`): a client that writes its own would get a fresh budget
 * with every request. So every request this process serves is stamped with its TCP peer's
 * address, under a header name chosen at random when the server starts: a client cannot send
 * it, because it cannot know it. `clientAddress()` (lib/http.ts) reads it.
 */
export function installSocketAddressHeader(): void {
  const global = globalThis as typeof globalThis & { [SOCKET_ADDRESS_HEADER_SLOT]?: string };
  if (global[SOCKET_ADDRESS_HEADER_SLOT]) return;
  const name = `x-socket-address-${randomBytes(8).toString("hex")}`;
  global[SOCKET_ADDRESS_HEADER_SLOT] = name;
  // https.Server does not inherit from http.Server: both are patched.
  for (const prototype of [HttpServer.prototype, HttpsServer.prototype]) {
    const emit = prototype.emit;
    prototype.emit = function (this: unknown, event: string | symbol, ...args: unknown[]) {
      if (event === "request") {
        const request = args[0] as { headers: Record<string, unknown>; socket?: { remoteAddress?: string } };
        request.headers[name] = request.socket?.remoteAddress ?? UNKNOWN_ADDRESS;
      }
      return Reflect.apply(emit, this, [event, ...args]) as boolean;
    } as typeof prototype.emit;
  }
}
// #endregion socket-address
