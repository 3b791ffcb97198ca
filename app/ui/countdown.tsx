"use client";

import { useEffect, useState } from "react";

export function formatDuration(totalSeconds: number): string {
  if (totalSeconds <= 0) return "expired";
  const d = Math.floor(totalSeconds / 86400);
  const h = Math.floor((totalSeconds % 86400) / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  return [d && `${d}d`, (d || h) && `${h}h`, (d || h || m) && `${m}m`, `${s}s`].filter(Boolean).join(" ");
}

/** Time left until `expiresAtMs`, ticking every second. Starts from the server's clock. */
export function Countdown({ expiresAtMs, serverNowMs, testId = "countdown" }: { expiresAtMs: number; serverNowMs: number; testId?: string }) {
  const [now, setNow] = useState(serverNowMs);
  useEffect(() => {
    // Keep the server/client offset so a skewed client clock doesn't distort the countdown.
    const offset = serverNowMs - Date.now();
    const timer = setInterval(() => setNow(Date.now() + offset), 1000);
    return () => clearInterval(timer);
  }, [serverNowMs]);
  const seconds = Math.max(0, Math.floor((expiresAtMs - now) / 1000));
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
      const remaining = Math.max(0, seconds - Math.floor((Date.now() - startedAt) / 1000));
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
