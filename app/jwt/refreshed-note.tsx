"use client";

import { useEffect, useState } from "react";
import { refreshedFragment } from "./routes";

/**
 * Said once, at the top of the JWT page a transparent refresh brought the browser back to (the refresh route
 * adds a fragment to its redirect), then the fragment leaves the address bar, so a reload says
 * nothing. The fragment names the refreshed token's jti, and `jti` is the token the server
 * verified for this page: a fragment typed by hand, or one kept from an earlier refresh, says
 * nothing either.
 */
export function RefreshedOnTheWay({ jti }: { jti: string }) {
  const [shown, setShown] = useState(false);
  useEffect(() => {
    const { hash, pathname, search } = window.location;
    if (!hash.startsWith(refreshedFragment(""))) return;
    const frame = requestAnimationFrame(() => {
      window.history.replaceState(window.history.state, "", pathname + search);
      setShown(hash === refreshedFragment(jti));
    });
    return () => cancelAnimationFrame(frame);
  }, [jti]);
  if (!shown) return null;
  return (
    <p className="state-change" role="status" data-testid="refreshed-on-the-way">
      <strong>Your access token had expired</strong>, so on the way here the browser stopped at the refresh route: your refresh
      token was spent for a new access token and a new refresh token (rotation), and the spent one is refused if it comes back.
    </p>
  );
}
