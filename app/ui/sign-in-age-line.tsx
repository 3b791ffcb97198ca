"use client";

import { useServerNow } from "./countdown";
import { nearestUnit, type TimeUnit } from "./relative-time";

const SHORT: Record<TimeUnit, string> = { day: "d", hour: "h", minute: "min", second: "s" };

/** How long ago ("4 s", "2 min"), rounded as the relative times beside it are ("4 seconds ago"). */
function ago(ms: number): string {
  const { count, unit } = nearestUnit(Math.max(0, ms) / 1000);
  return `${count} ${SHORT[unit]}`;
}

/** "40 s", "4 min", "2 h", "3 d": a time left, in its largest whole unit (never more than is left). */
function timeLeft(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h`;
  return `${Math.floor(seconds / 86400)} d`;
}

/**
 * The sign-in age line, ticking every second from the server's clock (as the dashboards'
 * countdowns do): once the maximum age has passed it says the password will be asked for,
 * without a reload. `freshAtRender`: the server's own answer, at `serverNowMs`.
 */
export function SignInAgeLine({ authTimeMs, serverNowMs, maxAgeSeconds, freshAtRender }: {
  authTimeMs: number | null;
  serverNowMs: number;
  maxAgeSeconds: number;
  freshAtRender: boolean;
}) {
  const freshUntilMs = authTimeMs === null ? serverNowMs : authTimeMs + maxAgeSeconds * 1000;
  // Turns at that moment, not up to a second after it.
  const now = useServerNow(serverNowMs, freshUntilMs);
  const fresh = freshAtRender && now < freshUntilMs;
  const when = authTimeMs === null ? "Sign-in time unknown" : `Signed in ${ago(now - authTimeMs)} ago`;
  const then = fresh ? `sensitive actions work without a password for ${timeLeft(freshUntilMs - now)} more` : "sensitive actions will ask for your password";
  return <p className="sign-in-age" data-testid="sign-in-age" data-fresh={fresh}>{when}; {then}.</p>;
}
