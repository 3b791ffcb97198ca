"use client";

import { useHydrated } from "./use-hydrated";

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ["day", 86_400],
  ["hour", 3_600],
  ["minute", 60],
  ["second", 1],
];

/** "3 minutes ago", "in 6 days": the largest whole unit, in English. */
export function relativeTime(ms: number, nowMs: number): string {
  const seconds = Math.round((ms - nowMs) / 1000);
  if (Math.abs(seconds) < 5) return "just now";
  const [unit, size] = UNITS.find(([, size]) => Math.abs(seconds) >= size) ?? UNITS[UNITS.length - 1];
  return new Intl.RelativeTimeFormat("en", { numeric: "auto" }).format(Math.trunc(seconds / size), unit);
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
