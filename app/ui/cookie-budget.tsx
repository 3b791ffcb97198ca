import { utf8Bytes } from "@/lib/config";
import { cookieBytes, parseCookieHeader } from "@/lib/cookies";
import { COOKIE_LIMIT_BYTES, HEADER_LIMIT_BYTES } from "./cookie-limits";
import { CookieGrowth } from "./cookie-growth";

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
export function CookieBudget({ lane, cookies, headerBytes }: { lane: "jwt" | "session" | "authjs"; cookies: Array<{ name: string; bytes: number }>; headerBytes: number }) {
  const bars = [
    ...cookies.map((c) => ({ id: `cookie-meter-${c.name}`, label: c.name, bytes: c.bytes, limit: COOKIE_LIMIT_BYTES, of: "the 4096-byte limit per cookie" })),
    { id: "cookie-meter-header", label: "whole Cookie header", bytes: headerBytes, limit: HEADER_LIMIT_BYTES, of: "a typical 8 KiB header limit" },
  ];
  const width = 320;
  return (
    <section className="card wide" data-testid="cookie-budget">
      <h2>Cookie budget</h2>
      <ul className="meters">
        {bars.map((bar) => {
          const share = Math.min(1, bar.bytes / bar.limit);
          return (
            <li key={bar.id} data-testid={bar.id}>
              <svg width={width} height={14} viewBox={`0 0 ${width} 14`} role="img" aria-label={`${bar.label}: ${bar.bytes} of ${bar.limit} bytes`} className="meter">
                <rect x={0} y={1} width={width} height={12} rx={6} className="meter-track" />
                <rect x={0} y={1} width={Math.max(2, share * width)} height={12} rx={6} className={share >= 1 ? "meter-over" : share > 0.75 ? "meter-near" : "meter-fill"} />
              </svg>{" "}
              <span><code>{bar.label}</code>: <span data-testid="meter-bytes">{bar.bytes}</span> bytes of {bar.limit} ({Math.round((bar.bytes / bar.limit) * 100)}% of {bar.of})</span>
            </li>
          );
        })}
      </ul>
      <CookieGrowth lane={lane} />
    </section>
  );
}
