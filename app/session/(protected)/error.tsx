"use client";

/**
 * Shown when a session page fails to render. The usual cause is the session store going
 * down between middleware's check and the page's own lookup (middleware itself answers a
 * 503 page when it sees the outage first). Nothing was deleted: the session is intact.
 */
export default function SessionError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <section className="card session">
      <h1>This page could not be loaded</h1>
      <p>
        The session store may be unavailable. You have not been signed out, and nothing was deleted; try
        again in a moment.
      </p>
      <button type="button" onClick={reset}>Try again</button>
    </section>
  );
}
