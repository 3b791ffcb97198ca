"use client";

import { useEffect, useRef, useState } from "react";
import { refreshedFragment } from "./routes";

/**
 * Said once, at the top of the JWT page a transparent refresh brought the browser back to (the refresh route
 * adds a fragment to its redirect), then the fragment leaves the address bar, so a reload says
 * nothing. The fragment names the refreshed token's jti, and `jti` is the token the server
 * verified for this page: a fragment typed by hand, or one kept from an earlier refresh, says
 * nothing either. A reload keeps the page where it was scrolled (by the refresh family's
 * "Expire my access token now", say): the note is brought into view.
 */
export function RefreshedOnTheWay({ jti }: { jti: string }) {
  const [shown, setShown] = useState(false);
  const note = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    const { hash, pathname, search } = window.location;
    if (!hash.startsWith(refreshedFragment(""))) return;
    const frame = requestAnimationFrame(() => {
      window.history.replaceState(window.history.state, "", pathname + search);
      setShown(hash === refreshedFragment(jti));
    });
    return () => cancelAnimationFrame(frame);
  }, [jti]);
  useEffect(() => {
    if (shown) note.current?.scrollIntoView({ block: "nearest" });
  }, [shown]);
  if (!shown) return null;
  return (
    <p ref={note} className="state-change" role="status" data-testid="refreshed-on-the-way">
      <strong>Your access token had expired</strong>, so on the way here the browser stopped at the refresh route: your refresh
      token was spent for a new access token and a new refresh token (rotation), and the spent one is refused if it comes back.
    </p>
  );
}
