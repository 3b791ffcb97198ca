/**
 * Auth.js builds its redirects as absolute URLs on the origin it reads from the request: the
 * Host, or X-Forwarded-Host when there is one (`trustHost`), and under a bare `next start` any
 * client can send either. Every redirect of this lane goes to a page of this app, so only the
 * path is kept: the browser resolves it against the origin it is actually on. Edge-safe.
 */

const ANY_ORIGIN = "http://authjs-redirect.invalid";

/**
 * The path, query and fragment of a URL Auth.js built; never one a browser would read as
 * another host (`//host`). A `callbackUrl` in its query (where its sign-in page sends the user
 * next, on the same origin) is made a path too.
 */
export function redirectPath(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url, ANY_ORIGIN);
  } catch {
    return "/"; // not a URL at all
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return "/"; // javascript:, data:, …
  const callbackUrl = parsed.searchParams.get("callbackUrl");
  if (callbackUrl !== null) parsed.searchParams.set("callbackUrl", redirectPath(callbackUrl));
  return `/${parsed.pathname.replace(/^[/\\]+/, "")}${parsed.search}${parsed.hash}`;
}

/**
 * Auth.js's rule for a callback URL, as a `callbackUrl` parameter or its callback-url cookie:
 * a path, or an absolute http or https URL. It answers any other (`foo`, or percent-encoding
 * that does not decode) with its error page, a 500, and its `auth()` with no session at all.
 * Which URLs it then redirects to is its redirect callback's business (same origin only).
 */
export function isCallbackUrl(value: string | null): boolean {
  if (value === null || value === "") return true;
  try {
    return /^https?:$/.test(new URL(value, value.startsWith("/") ? ANY_ORIGIN : undefined).protocol);
  } catch {
    return false;
  }
}

/** Auth.js's answer with its redirect (Location) made a path. */
export function withRedirectPath(response: Response): Response {
  const location = response.headers.get("location");
  if (location === null) return response;
  const headers = new Headers(response.headers);
  headers.set("location", redirectPath(location));
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
