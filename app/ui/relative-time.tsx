"use client";

import { useHydrated } from "./use-hydrated";

export type TimeUnit = "day" | "hour" | "minute" | "second";

const UNITS: Array<[TimeUnit, number]> = [
  ["day", 86_400],
  ["hour", 3_600],
  ["minute", 60],
  ["second", 1],
];

/**
 * A duration in its largest unit, rounded to the nearest whole one: 6 days 23 hours is 7 days
 * (not 6), and what rounds up to a whole larger unit is said in it (1 hour, never 60 minutes).
 */
export function nearestUnit(seconds: number): { count: number; unit: TimeUnit } {
  const abs = Math.round(Math.abs(seconds));
  let index = UNITS.findIndex(([, size]) => abs >= size);
  if (index === -1) index = UNITS.length - 1;
  if (index > 0 && Math.round(abs / UNITS[index][1]) * UNITS[index][1] >= UNITS[index - 1][1]) index -= 1;
  const [unit, size] = UNITS[index];
  return { count: Math.round(abs / size), unit };
}

/**
 * "4 seconds ago", "3 minutes ago", "in 7 days", in English: a 7-day expiry read a few seconds
 * later is still "in 7 days". Seconds are counted as the dashboards' live "Signed in 4 s ago"
 * line counts them, with the same rounding, so the two agree.
 */
export function relativeTime(ms: number, nowMs: number): string {
  const seconds = (ms - nowMs) / 1000;
  const { count, unit } = nearestUnit(seconds);
  if (count === 0) return "just now";
  return new Intl.RelativeTimeFormat("en", { numeric: "auto" }).format(Math.sign(seconds) * count, unit);
}

/**
 * `children` (a relative time or a countdown) marked up as the instant `ms`, with the exact
 * time in the reader's own time zone on hover: only the browser knows that zone, so the
 * title is filled in after hydration (UTC until then).
 */
export function LocalTime({ ms, children }: { ms: number; children: React.ReactNode }) {
  // false while rendering on the server and hydrating, true afterwards (no server/client mismatch).
  const inBrowser = useHydrated();
  const iso = new Date(ms).toISOString();
  return (
    <time dateTime={iso} title={inBrowser ? new Date(ms).toLocaleString() : iso}>
      {children}
    </time>
  );
}

/** A time for people: relative ("5 minutes ago", "in 30 days"), the exact local time on hover. */
export function RelativeTime({ ms, serverNowMs }: { ms: number; serverNowMs: number }) {
  return <LocalTime ms={ms}>{relativeTime(ms, serverNowMs)}</LocalTime>;
}
