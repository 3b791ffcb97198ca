/**
 * What a browser says a request is for (Fetch Metadata and `Sec-Purpose`). A client that sends
 * none of these headers, such as curl, counts as loading a page. Edge-safe.
 */

type HeaderSource = Pick<Headers, "get">;

/** The browser's speculative loading (Speculation Rules, `<link rel=prefetch>`). */
export function isSpeculativePrefetch(headers: HeaderSource): boolean {
  return /prefetch/i.test(`${headers.get("sec-purpose") ?? ""} ${headers.get("purpose") ?? ""}`);
}

/**
 * A request made without loading a page: a speculative prefetch, or a fetch (`Sec-Fetch-Dest:
 * empty`), which is how Next.js's router prefetches pages and navigates client-side. Next
 * removes its own prefetch header before middleware, so those two cannot be told apart.
 */
export function isBackgroundFetch(headers: HeaderSource): boolean {
  return headers.get("sec-fetch-dest") === "empty" || isSpeculativePrefetch(headers);
}
