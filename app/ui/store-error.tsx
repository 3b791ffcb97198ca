"use client";

/**
 * The error boundary of each lane (app/<lane>/error.tsx). The expected cause is the store
 * going down between middleware's check and the page's own lookup (middleware answers a 503
 * page itself when it sees the outage first). Nothing was deleted: the session is intact.
 */
export function StoreError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <section className="card">
      <h1>This page could not be loaded</h1>
      <p>
        The session store may be unavailable. You have not been signed out, and nothing was deleted; try
        again in a moment.
      </p>
      <button type="button" onClick={reset}>Try again</button>
    </section>
  );
}
