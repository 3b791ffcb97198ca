import type { z } from "zod";
import { fieldErrors } from "./validation";
import { StoreUnavailableError } from "./store/types";
import { logAuthEvent } from "./log";

/**
 * Small HTTP helpers shared by middleware (Edge) and route handlers (Node): JSON errors,
 * bounded body parsing, the same-origin check for writes, safe `next` targets, and which
 * client sent a request.
 */

/** Every auth response is personal: never let a shared cache keep it. */
export const NO_STORE = { "cache-control": "no-store" } as const;

export function jsonError(status: number, message: string, extra: Record<string, unknown> = {}): Response {
  return Response.json({ error: message, ...extra }, { status, headers: NO_STORE });
}

export const MAX_JSON_BODY_BYTES = 4 * 1024;

/**
 * Reads and validates a JSON body. Anything wrong (too large, not JSON, wrong shape) becomes
 * a 4xx with a sentence a person can act on, never an exception.
 */
export async function parseJsonBody<S extends z.ZodType>(
  request: Request,
  schema: S,
): Promise<{ ok: true; data: z.infer<S> } | { ok: false; response: Response }> {
  const tooLarge = () => ({ ok: false as const, response: jsonError(413, `Request body is too large (at most ${MAX_JSON_BODY_BYTES} bytes).`) });
  if (Number(request.headers.get("content-length") ?? "0") > MAX_JSON_BODY_BYTES) return tooLarge();
  const text = await readBodyUpTo(request, MAX_JSON_BODY_BYTES);
  if (text === "too-large") return tooLarge();
  if (text === null) return { ok: false, response: jsonError(400, "Could not read the request body.") };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, response: jsonError(400, "Request body must be valid JSON.") };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const fields = fieldErrors(parsed.error);
    const message = Object.values(fields)[0] ?? "Request body has the wrong shape.";
    return { ok: false, response: jsonError(400, message, { fields }) };
  }
  return { ok: true, data: parsed.data };
}

/**
 * Reads the body as text, stopping as soon as it passes `limit` bytes: a chunked body with
 * no Content-Length is never buffered whole. null if the body cannot be read.
 */
export async function readBodyUpTo(request: Request, limit: number): Promise<string | "too-large" | null> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel();
        return "too-large";
      }
      chunks.push(value);
    }
  } catch {
    return null;
  }
  return new TextDecoder().decode(await new Blob(chunks).arrayBuffer());
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

// #region origin-check
/**
 * CSRF defence beyond SameSite=Lax: a state-changing request whose Origin is another site
 * (or the opaque "null" origin of sandboxed frames and some redirects) is refused, and so is
 * one without Origin that the browser itself labels `Sec-Fetch-Site: cross-site`.
 * Other requests without Origin (curl, server-to-server) carry no ambient browser
 * credentials from another site and pass.
 * The rule for credentials: a request with a Bearer token and no cookie is not a CSRF risk
 * (a browser never attaches a Bearer token on its own) and is not checked; a request with a
 * cookie is checked, whatever else it carries.
 */
export function isCrossOriginWrite(request: { method: string; headers: Pick<Headers, "get"> }): boolean {
  if (SAFE_METHODS.has(request.method)) return false;
  const bearerOnly = /^Bearer\s/i.test(request.headers.get("authorization") ?? "") && !request.headers.get("cookie");
  if (bearerOnly) return false;
  const origin = request.headers.get("origin");
  if (origin === null) return request.headers.get("sec-fetch-site") === "cross-site";
  if (origin === "null") return true;
  try {
    return new URL(origin).host !== request.headers.get("host");
  } catch {
    return true;
  }
}
// #endregion origin-check

export const CROSS_ORIGIN_MESSAGE = "Cross-site requests are not allowed to change state.";

// #region safe-next
/**
 * The `next` target after login: only a same-site relative path to a page, so the login
 * page cannot bounce users to another site (`//evil.example`, `/\\evil.example`,
 * `/%2F%2Fevil.example`, `https:evil`, `javascript:` …) or into an API route. Anything else
 * falls back to the lane's dashboard.
 */
export function safeNextPath(next: string | null | undefined, fallback: string): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.includes("\\")) return fallback;
  if (/[\u0000-\u001f\u007f]/.test(next)) return fallback;
  let decoded: string;
  try {
    decoded = decodeURIComponent(next);
  } catch {
    return fallback; // malformed percent-encoding
  }
  // Encoded slashes and backslashes must not become `//host` or `/\host` in some later hop.
  if (decoded.startsWith("//") || decoded.includes("\\") || /[\u0000-\u001f\u007f]/.test(decoded)) return fallback;
  const base = "http://same-site.invalid";
  try {
    const url = new URL(next, base);
    if (url.origin !== base) return fallback;
    // Dot segments are resolved here: "/.//evil.example" becomes "//evil.example", which a
    // browser reads as another host. (Found by the fast-check property in tests/unit/http.test.ts.)
    if (url.pathname.startsWith("//")) return fallback;
    if (url.pathname === "/api" || url.pathname.startsWith("/api/")) return fallback;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}
// #endregion safe-next

export const STORE_UNAVAILABLE_MESSAGE = "Session store unavailable. Your session is intact; try again in a moment.";
/** A sign-out the store did not answer: it was sent, and may land once the store is back, or not. */
export const SIGN_OUT_STORE_UNAVAILABLE_MESSAGE = "The session store is not answering, so this sign-out may not have been recorded. Sign out again in a moment.";
/** The same outage seen by someone signing in: there is no session to reassure them about. */
export const LOGIN_STORE_UNAVAILABLE_MESSAGE = "The session store is not answering, so nobody can sign in right now. Try again in a moment.";

const OUTAGE_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="color-scheme" content="light dark"><title>503 — session store unavailable</title></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem">
<h1>503 — session store unavailable</h1>
<p>The session store (Redis) is not answering, so this server cannot check your session right now.
An outage signs nobody out: nothing is deleted because of it, and your session works again as soon as the store is back. A sign-out sent just now may not have been recorded: sign out again then.</p>
<p>A plain JWT (no revocation checks) needs no store and keeps working. <a href="">Try again</a>.</p>
</body></html>`;

/**
 * The one answer to a store outage (StoreUnavailableError), wherever it is caught: 503 with
 * Retry-After, a small self-contained page for a browser navigating (Sec-Fetch-Mode, or an
 * Accept that puts HTML first), JSON with `reason: "unavailable"` for everything else. A
 * verdict on the store, never on the user: no "Not signed in", and no cookie cleared.
 */
export function storeUnavailableResponse(request: { headers: Pick<Headers, "get"> }, message: string = STORE_UNAVAILABLE_MESSAGE): Response {
  const headers = { ...NO_STORE, "retry-after": "5" };
  if (request.headers.get("sec-fetch-mode") === "navigate" || /^\s*text\/html/i.test(request.headers.get("accept") ?? "")) {
    return new Response(OUTAGE_PAGE, { status: 503, headers: { ...headers, "content-type": "text/html; charset=utf-8" } });
  }
  return Response.json({ error: message, reason: "unavailable" }, { status: 503, headers });
}

/** Runs a route handler's body; a store outage anywhere in it becomes storeUnavailableResponse (with `message`). */
export async function answerStoreOutage(request: { headers: Pick<Headers, "get"> }, run: () => Promise<Response>, message?: string): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    if (!StoreUnavailableError.is(error)) throw error;
    logAuthEvent("store.unavailable", { message: error.message });
    return storeUnavailableResponse(request, message);
  }
}

/** How every API route answers a credential its gate refused: 401 with the reason. */
export function refusedCredentialResponse(reason: string): Response {
  return jsonError(401, "Not signed in.", { reason });
}

/**
 * Which client a login attempt comes from, for the per-address rate limit.
 *
 * By default the TCP peer's address, which lib/security/socket-address.ts stamps onto each
 * request under a header name a client cannot know (it says why X-Forwarded-For will not do).
 *
 * Behind a proxy the socket address is the proxy's; set TRUSTED_PROXY_HEADER to the header
 * that proxy writes (e.g. `x-real-ip`, or `x-forwarded-for`, of which the last entry, the
 * one your proxy appended, is used). Only do that when every request comes through it. With
 * several proxies in a row (a CDN, then nginx), the last entry is the previous proxy's
 * address: have the proxy next to the app set `x-real-ip` from what it trusts instead.
 */

/** Where instrumentation.ts keeps the random name of the header it stamps the socket address into. */
export const SOCKET_ADDRESS_HEADER_SLOT = Symbol.for("jwt-vs-session.socketAddressHeader");
type GlobalWithSlot = typeof globalThis & { [SOCKET_ADDRESS_HEADER_SLOT]?: string };

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

// #region client-address
/** The client's address: the trusted proxy's header when one is configured, else the socket's. */
export function clientAddress(headers: Headers, trustedProxyHeader: string | null): string {
  if (trustedProxyHeader) {
    const value = headers.get(trustedProxyHeader);
    // X-Forwarded-For is a list each proxy appends to: only the last entry was written by ours.
    const last = value?.split(",").at(-1)?.trim();
    return last || UNKNOWN_ADDRESS;
  }
  const name = (globalThis as GlobalWithSlot)[SOCKET_ADDRESS_HEADER_SLOT];
  const address = name ? headers.get(name) : null;
  if (!address) warnOnce();
  return address || UNKNOWN_ADDRESS;
}
// #endregion client-address
