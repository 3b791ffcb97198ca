import { randomBytes } from "node:crypto";
import { Server as HttpServer } from "node:http";
import { Server as HttpsServer } from "node:https";

/**
 * Which client a login attempt comes from, for the per-address rate limit.
 *
 * `next start` gives route handlers no socket, and the `X-Forwarded-For` it adds is set only
 * when the client sent none (`??=`): a client that writes its own would get a fresh budget
 * with every request. So by default the address is the TCP peer's, stamped onto each request
 * by `installSocketAddressHeader()` (instrumentation.ts) under a header name chosen at
 * random when the server starts: a client cannot send it, because it cannot know it.
 *
 * Behind a proxy the socket address is the proxy's; set TRUSTED_PROXY_HEADER to the header
 * that proxy writes (e.g. `x-real-ip`, or `x-forwarded-for`, of which the last entry, the
 * one your proxy appended, is used). Only do that when every request comes through it. With
 * several proxies in a row (a CDN, then nginx), the last entry is the previous proxy's
 * address: have the proxy next to the app set `x-real-ip` from what it trusts instead.
 */

const HEADER_NAME = Symbol.for("jwt-vs-session.socketAddressHeader");
type Global = typeof globalThis & { [HEADER_NAME]?: string };

/** When nothing identifies the client, every such request shares one budget (never a fresh one). */
export const UNKNOWN_ADDRESS = "unknown";

let warned = false;
function warnOnce() {
  if (warned || process.env.NODE_ENV === "test") return;
  warned = true;
  console.warn(JSON.stringify({
    event: "client-address.unknown",
    message: "No socket address on this request (instrumentation.ts did not run here?): every such client shares one login budget. Set TRUSTED_PROXY_HEADER if a proxy supplies the address.",
  }));
}

// #region socket-address
/** Node.js only: from now on every request this process serves carries its socket's address. */
export function installSocketAddressHeader(): void {
  const global = globalThis as Global;
  if (global[HEADER_NAME]) return;
  const name = `x-socket-address-${randomBytes(8).toString("hex")}`;
  global[HEADER_NAME] = name;
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

/** The client's address: the trusted proxy's header when one is configured, else the socket's. */
export function clientAddress(headers: Headers, trustedProxyHeader: string | null): string {
  if (trustedProxyHeader) {
    const value = headers.get(trustedProxyHeader);
    // X-Forwarded-For is a list each proxy appends to: only the last entry was written by ours.
    const last = value?.split(",").at(-1)?.trim();
    return last || UNKNOWN_ADDRESS;
  }
  const name = (globalThis as Global)[HEADER_NAME];
  const address = name ? headers.get(name) : null;
  if (!address) warnOnce();
  return address || UNKNOWN_ADDRESS;
}
// #endregion socket-address
