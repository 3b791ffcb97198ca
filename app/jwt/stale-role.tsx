"use client";

import { useEffect, useState } from "react";
import { JWT_ROUTES } from "@/app/jwt/routes";
import { Countdown } from "@/app/ui/countdown";
import { RelativeTime } from "@/app/ui/relative-time";

/** The token this page verified is the one a refresh signed with a new role (worked out on the server). */
export interface RoleCaughtUp {
  role: string;
  sinceMs: number;
  /** The token-version check refused the old token (otherwise the refresh was simply due). */
  refusedAsStale: boolean;
}

interface RoleStatus {
  tokenRole: string;
  directoryRole: string;
  since: number | null;
  catchesUpAt: "refresh" | "exp";
  atMs: number;
}

/** Where every lane reads a user's role from, in plain words. */
const DIRECTORY = "the server's user list";

/**
 * "Your token says user; the directory says admin since 12:03": a plain JWT keeps the role it
 * was signed with. And once a refresh brought the new role, it says so ("you are now admin"). Asked of the server after the page loads (/api/jwt/role), so the page
 * itself still makes no store round trip.
 */
export function StaleRole({ serverNowMs, caughtUp }: { serverNowMs: number; caughtUp?: RoleCaughtUp }) {
  const [status, setStatus] = useState<RoleStatus | null>(null);
  useEffect(() => {
    let live = true;
    fetch(JWT_ROUTES.api.role).then(async (response) => {
      if (live && response.ok) setStatus((await response.json()) as RoleStatus);
    }, () => {});
    return () => {
      live = false;
    };
  }, []);
  const refreshed = caughtUp && (
    // A state change of the user's own sign-in: neutral like "Signed out.", not a warning.
    <p className="state-change" role="status" data-testid="role-refreshed">
      <strong>Your role changed</strong> to <strong>{caughtUp.role}</strong> <RelativeTime ms={caughtUp.sinceMs} serverNowMs={serverNowMs} />, after you signed in.{" "}
      {caughtUp.refusedAsStale
        ? "Your token still said the old role, so the token-version check refused it as stale and your refresh token got you a new one"
        : "A refresh since then signed you a new token"}
      : you are now <strong>{caughtUp.role}</strong>.
    </p>
  );
  if (!status) return refreshed || null;
  if (status.tokenRole === status.directoryRole) {
    return <>{refreshed}<p data-testid="role-status">Your token&apos;s role ({status.tokenRole}) is the one in {DIRECTORY}.</p></>;
  }
  return (
    <>
      {refreshed}
      <p className="notice" data-testid="role-status">
        <strong className="verdict verdict-stale">Stale</strong> Your token says <strong>{status.tokenRole}</strong>; {DIRECTORY}{" "}
        says <strong>{status.directoryRole}</strong>
        {status.since !== null && <> (changed <RelativeTime ms={status.since} serverNowMs={serverNowMs} />)</>}.
        {" "}It applies {status.catchesUpAt === "refresh" ? "at the next refresh" : "when the token expires"}:{" "}
        <Countdown expiresAtMs={status.atMs} serverNowMs={serverNowMs} />.
      </p>
    </>
  );
}
