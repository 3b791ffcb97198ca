"use client";

import { useEffect, useState } from "react";
import { JWT_ROUTES } from "@/app/jwt/routes";
import { Countdown } from "@/app/ui/countdown";
import { LocalTime } from "@/app/ui/relative-time";

interface RoleStatus {
  tokenRole: string;
  directoryRole: string;
  since: number | null;
  catchesUpAt: "refresh" | "exp";
  atMs: number;
}

/**
 * "Your token says user; the directory says admin since 12:03": a plain JWT keeps the role it
 * was signed with. Asked of the server after the page loads (/api/jwt/role), so the page
 * itself still makes no store round trip.
 */
export function StaleRole({ serverNowMs }: { serverNowMs: number }) {
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
  if (!status) return null;
  if (status.tokenRole === status.directoryRole) {
    return <p data-testid="role-status">Your token&apos;s role ({status.tokenRole}) is the directory&apos;s.</p>;
  }
  return (
    <p className="notice" data-testid="role-status">
      <strong className="verdict verdict-stale">Stale</strong> Your token says <strong>{status.tokenRole}</strong>; the directory
      says <strong>{status.directoryRole}</strong>
      {status.since !== null && <> since <LocalTime ms={status.since}>{new Date(status.since).toLocaleTimeString()}</LocalTime></>}.
      {" "}It applies {status.catchesUpAt === "refresh" ? "at the next refresh" : "when the token expires"}:{" "}
      <Countdown expiresAtMs={status.atMs} serverNowMs={serverNowMs} />.
    </p>
  );
}
