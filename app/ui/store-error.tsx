"use client";

import { useRouter } from "next/navigation";
import { startTransition } from "react";
import { STORE_UNAVAILABLE_DIGEST } from "@/lib/store/types";

/**
 * The error boundary of each lane (app/<lane>/error.tsx). Its expected cause is the store not
 * answering the page's own lookup: when middleware did not look the session up first (the
 * memory store, Redis over TCP) or the store went down in between. The server sends it with
 * 503 (lib/store/outage-status.ts). An outage deletes nothing, but a sign-out the store did not
 * answer may or may not have landed: the page says both.
 */
export function StoreError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const router = useRouter();
  // The page's server part must run again (reset() alone re-renders what the browser has).
  const retry = () => startTransition(() => {
    router.refresh();
    reset();
  });
  if (error.digest === STORE_UNAVAILABLE_DIGEST) {
    return (
      <section className="card">
        <h1>503 — session store unavailable</h1>
        <p>
          The session store (Redis) is not answering, so this server cannot check your session right now. An
          outage signs nobody out: nothing is deleted because of it, and your session works again as soon as the
          store is back. A sign-out sent just now may not have been recorded: sign out again then.
        </p>
        <button type="button" onClick={retry}>Try again</button>
      </section>
    );
  }
  return (
    <section className="card">
      <h1>This page could not be loaded</h1>
      <p>Something failed on the server. You have not been signed out; try again in a moment.</p>
      <button type="button" onClick={retry}>Try again</button>
    </section>
  );
}
