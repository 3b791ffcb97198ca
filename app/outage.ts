import { STORE_UNAVAILABLE_HEADERS, storeUnavailableResponse } from "@/lib/http";
import { ROUTES } from "./routes";

/**
 * 503 for a store outage: JSON for APIs, a small self-contained page for browsers (middleware
 * answers before any page code runs). Retry-After tells clients when to retry.
 */
export function storeUnavailableAnswer(wantsJson: boolean): Response {
  if (wantsJson) return storeUnavailableResponse();
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>503 — session store unavailable</title></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem">
<h1>503 — session store unavailable</h1>
<p>The session store (Redis) is not answering, so this server cannot check your session right now.
You have <strong>not</strong> been signed out: nothing was deleted, and your session works again as soon as the store is back.</p>
<p>A plain JWT (the <a href="${ROUTES.jwt.dashboard}">JWT area</a> without revocation checks) needs no store and keeps working. <a href="">Try again</a>.</p>
</body></html>`;
  return new Response(html, { status: 503, headers: { ...STORE_UNAVAILABLE_HEADERS, "content-type": "text/html; charset=utf-8" } });
}
