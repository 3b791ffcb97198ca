"use client";

import { useEffect, useState } from "react";
import { secondsUntil } from "@/lib/time";

export function formatDuration(totalSeconds: number): string {
  if (totalSeconds <= 0) return "expired";
  const d = Math.floor(totalSeconds / 86400);
  const h = Math.floor((totalSeconds % 86400) / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  return [d && `${d}d`, (d || h) && `${h}h`, (d || h || m) && `${m}m`, `${s}s`].filter(Boolean).join(" ");
}

/**
 * The server's clock in the browser, from `serverNowMs` (the first paint's value, so no hydration
 * mismatch), ticking every second, and once more at `turnAtMs` if given (a moment that must not
 * wait for the next tick).
 */
export function useServerNow(serverNowMs: number, turnAtMs?: number): number {
  const [now, setNow] = useState(serverNowMs);
  useEffect(() => {
    // Keep the server/client offset so a skewed client clock doesn't distort what is shown.
    const offset = serverNowMs - Date.now();
    const tick = () => setNow(Date.now() + offset);
    const timer = setInterval(tick, 1000);
    const turn = turnAtMs !== undefined && turnAtMs > serverNowMs ? setTimeout(tick, turnAtMs - serverNowMs) : undefined;
    return () => {
      clearInterval(timer);
      clearTimeout(turn);
    };
  }, [serverNowMs, turnAtMs]);
  return now;
}

/** Time left until `expiresAtMs`, ticking every second. Starts from the server's clock. */
export function Countdown({ expiresAtMs, serverNowMs, testId = "countdown" }: { expiresAtMs: number; serverNowMs: number; testId?: string }) {
  const now = useServerNow(serverNowMs);
  const seconds = secondsUntil(expiresAtMs, now);
  return <span data-testid={testId}>{seconds > 0 ? `${formatDuration(seconds)} left` : "expired"}</span>;
}

/**
 * "Try again in 14m 59s", counting down from a 429's Retry-After; `onDone` once it reaches 0.
 * Give it a new `key` for each refused attempt, so a new wait starts a new count.
 */
export function RetryCountdown({ seconds, onDone }: { seconds: number; onDone?: () => void }) {
  const [startedAt] = useState(() => Date.now());
  const [left, setLeft] = useState(seconds);
  useEffect(() => {
    const timer = setInterval(() => {
      const remaining = secondsUntil(startedAt + seconds * 1000);
      setLeft(remaining);
      if (remaining === 0) {
        clearInterval(timer);
        onDone?.();
      }
    }, 1000);
    return () => clearInterval(timer);
  }, [seconds, startedAt, onDone]);
  return <span data-testid="retry-countdown">{left > 0 ? `Try again in ${formatDuration(left)}.` : "You can try again now."}</span>;
}
