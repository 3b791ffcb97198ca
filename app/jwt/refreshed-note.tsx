"use client";

import { useEffect, useState } from "react";
import { REFRESHED_FRAGMENT } from "./routes";

/**
 * Said once on the page a transparent refresh brought the browser back to (the refresh route
 * adds a fragment to its redirect), then the fragment leaves the address bar, so a reload says
 * nothing. `signedByRefresh`: the server verified a token a refresh signed moments ago, so a
 * fragment typed by hand says nothing either.
 */
export function RefreshedOnTheWay({ signedByRefresh }: { signedByRefresh: boolean }) {
  const [shown, setShown] = useState(false);
  useEffect(() => {
    if (window.location.hash !== REFRESHED_FRAGMENT) return;
    const frame = requestAnimationFrame(() => {
      window.history.replaceState(window.history.state, "", window.location.pathname + window.location.search);
      setShown(signedByRefresh);
    });
    return () => cancelAnimationFrame(frame);
  }, [signedByRefresh]);
  if (!shown) return null;
  return (
    <p className="state-change" role="status" data-testid="refreshed-on-the-way">
      <strong>Your access token had expired</strong>, so on the way here the browser stopped at the refresh route: your refresh
      token was spent for a new access token and a new refresh token (rotation), and the spent one is refused if it comes back.
    </p>
  );
}
