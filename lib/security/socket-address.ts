import { randomBytes } from "node:crypto";
import { SOCKET_ADDRESS_HEADER_SLOT, UNKNOWN_ADDRESS } from "../http";
import { aroundEachRequest } from "../server-requests";

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
  aroundEachRequest((request, _response, serve) => {
    request.headers[name] = request.socket?.remoteAddress ?? UNKNOWN_ADDRESS;
    return serve();
  });
}
// #endregion socket-address
