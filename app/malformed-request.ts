import { NO_STORE, jsonError } from "@/lib/http";

/**
 * Requests that no page or route can answer sensibly, which the first gate refuses with a 400
 * and a sentence before Next.js, Auth.js or a page reads them. Without a proxy that overwrites
 * them (a bare `next start`, or one that appends), X-Forwarded-Host and X-Forwarded-Proto are
 * whatever the client sent, and Auth.js (`trustHost`) builds its URLs from them: a value that
 * builds no URL (`a b`, `https, http`) fails every page that asks for the session. Next.js
 * itself fails on a forged Next-Action header and on a path that does not decode. Host names
 * are taken in the form a browser sends them; a non-canonical literal (`127.1`, an IPv6
 * address written out in full) is refused too. Nothing the client sent is copied into the answer.
 */

/**
 * A host name (letters, digits, `-`, `_`, dots; a trailing dot too, as a browser sends it when
 * the user typed one), an IPv4 address or a bracketed IPv6 address, then an optional port 1–65535.
 */
const HOST_AND_PORT = /^(?<name>[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?)*\.?|\[[0-9a-f:.]+\])(?::(?<port>\d{1,5}))?$/i;
const MAX_HOST_CHARS = 255;

export function isHostAndPort(value: string): boolean {
  if (value.length > MAX_HOST_CHARS) return false;
  const match = HOST_AND_PORT.exec(value);
  if (!match?.groups) return false;
  const port = match.groups.port === undefined ? null : Number(match.groups.port);
  if (port !== null && (port < 1 || port > 65_535)) return false;
  try {
    // What Auth.js and Next.js do with it: it must be a URL's host, as written.
    return new URL(`http://${match.groups.name}`).hostname === match.groups.name.toLowerCase();
  } catch {
    return false;
  }
}

/** Whether decodeURIComponent can decode this text (every `%` starts UTF-8, written as `%XX`). */
export function isDecodable(text: string): boolean {
  try {
    decodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}

/** A server action's id, as Next.js writes it into the pages that call it: hex. */
const ACTION_ID = /^[0-9a-f]{40,42}$/;

/** What the first gate refuses, and `callback-url`, which Auth.js's route refuses (app/api/auth/[...nextauth]/route.ts). */
export type Malformation = "host" | "x-forwarded-host" | "x-forwarded-proto" | "next-action" | "path" | "callback-url";

export const MALFORMED_MESSAGES: Record<Malformation, string> = {
  host: "The Host header must be one host name or address, with a port from 1 to 65535 if any.",
  "x-forwarded-host": "The X-Forwarded-Host header must be one host name or address, with a port from 1 to 65535 if any. A proxy in front of this app should set it, not add to it.",
  "x-forwarded-proto": "The X-Forwarded-Proto header must be one scheme, http or https. A proxy in front of this app should set it, not add to it.",
  "next-action": "This request names a server action that does not exist here. Reload the page and try again.",
  path: "This address has a % that does not start a valid percent-encoded character, so it names no page here.",
  "callback-url": "The callbackUrl parameter must be a path on this site or an http or https URL.",
};

/** What is wrong with this request's shape, or null when nothing is. */
export function malformation(request: { headers: Pick<Headers, "get">; nextUrl: { pathname: string } }): Malformation | null {
  const { headers } = request;
  for (const name of ["host", "x-forwarded-host"] as const) {
    const value = headers.get(name);
    if (value !== null && !isHostAndPort(value)) return name;
  }
  const proto = headers.get("x-forwarded-proto");
  if (proto !== null && !/^https?$/i.test(proto)) return "x-forwarded-proto"; // a scheme's case does not matter (RFC 3986)
  const action = headers.get("next-action");
  if (action !== null && !ACTION_ID.test(action)) return "next-action";
  if (!isDecodable(request.nextUrl.pathname)) return "path";
  return null;
}

const page = (message: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="color-scheme" content="light dark"><title>400 — bad request</title></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem">
<h1>400 — bad request</h1>
<p>${message}</p>
<p><a href="/">Home</a></p>
</body></html>`;

/** The 400: JSON under /api, a small page for a browser navigating, plain text otherwise. */
export function malformedRequestResponse(request: { headers: Pick<Headers, "get">; nextUrl: { pathname: string } }, what: Malformation): Response {
  const message = MALFORMED_MESSAGES[what];
  if (request.nextUrl.pathname.startsWith("/api/")) return jsonError(400, message, { reason: "malformed-request" });
  const navigating = request.headers.get("sec-fetch-mode") === "navigate" || /^\s*text\/html/i.test(request.headers.get("accept") ?? "");
  return navigating
    ? new Response(page(message), { status: 400, headers: { ...NO_STORE, "content-type": "text/html; charset=utf-8" } })
    : new Response(message, { status: 400, headers: { ...NO_STORE, "content-type": "text/plain; charset=utf-8" } });
}
