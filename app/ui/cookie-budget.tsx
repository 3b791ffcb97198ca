import { utf8Bytes } from "@/lib/config";
import { cookieBytes, parseCookieHeader } from "@/lib/cookies";
import { COOKIE_LIMIT_BYTES, HEADER_LIMIT_BYTES } from "./cookie-limits";
import { CookieGrowth } from "./cookie-growth";
import { ByteBar, ByteBarLegend, byteScale, isNearLimit } from "./byte-bar";

/** This lane's cookies in a request's Cookie header (Auth.js's chunks too), with their `name=value` bytes. */
export function laneCookies(header: string | null, name: string): Array<{ name: string; bytes: number }> {
  return parseCookieHeader(header)
    .filter(([cookie]) => cookie === name || cookie.startsWith(`${name}.`))
    .map(([cookie, value]) => ({ name: cookie, bytes: cookieBytes(cookie, value) }));
}

/** The Cookie header's bytes, as the server received it. */
export const headerBytes = (header: string | null) => utf8Bytes(header ?? "");

/**
 * The cookie budget of this request, measured by the server (HttpOnly cookies are invisible to
 * page scripts): each of this lane's cookies against the 4096-byte per-cookie limit, and the
 * whole Cookie header against a typical 8 KiB server limit (431 past it).
 */
export function CookieBudget({ lane, cookies, headerBytes }: { lane: "jwt" | "session" | "authjs" | "better-auth"; cookies: Array<{ name: string; bytes: number }>; headerBytes: number }) {
  const bars = [
    ...cookies.map((c) => ({ id: `cookie-meter-${c.name}`, label: c.name, bytes: c.bytes, limit: COOKIE_LIMIT_BYTES, of: "the 4096-byte limit per cookie" })),
    { id: "cookie-meter-header", label: "whole Cookie header", bytes: headerBytes, limit: HEADER_LIMIT_BYTES, of: "a typical 8 KiB header limit" },
  ];
  const scale = byteScale(...bars.map((bar) => bar.bytes));
  // The growth picture (three lanes' scratch credentials, up to 400 claims) can draw every kind
  // of mark; without it (Better Auth), the legend says only what this request's bars show.
  const growthLane = lane === "better-auth" ? null : lane;
  const marks = growthLane
    ? { near: true, dropped: true, split: true }
    : { near: bars.some((bar) => isNearLimit(bar.bytes, bar.limit)), dropped: bars.some((bar) => bar.bytes > bar.limit), split: false };
  return (
    <section className="card wide" data-testid="cookie-budget">
      <h2>Cookie budget</h2>
      <p>What this request carried, measured by the server, on one scale with the two limits that matter.</p>
      <ul className="meters">
        {bars.map((bar) => (
          <li key={bar.id} data-testid={bar.id}>
            <span><code>{bar.label}</code>: <span data-testid="meter-bytes">{bar.bytes}</span> bytes of {bar.limit} ({Math.round((bar.bytes / bar.limit) * 100)}% of {bar.of})</span>
            <ByteBar bytes={bar.bytes} limit={bar.limit} scale={scale} label={`${bar.label}: ${bar.bytes} of ${bar.limit} bytes`} />
          </li>
        ))}
      </ul>
      <ByteBarLegend marks={marks} />
      {growthLane && <CookieGrowth lane={growthLane} />}
    </section>
  );
}
