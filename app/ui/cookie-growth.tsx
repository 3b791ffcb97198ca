"use client";

import { useEffect, useState } from "react";
import { ROUTES } from "@/app/routes";
import { ByteBar, byteScale, isNearLimit } from "./byte-bar";
import { COOKIE_LIMIT_BYTES } from "./cookie-limits";
import { useHydrated } from "./use-hydrated";

interface LaneGrowth { lane: "jwt" | "session" | "authjs"; cookieName: string; bytes: number; cookies: number; fits: boolean }

const LANE_NAMES = { jwt: "stateless JWT", session: "server-side session", authjs: "Auth.js (JWE, an encrypted JWT)" } as const;

/** What the browser does with the lane's cookie at this size. */
function fate(l: LaneGrowth): string {
  if (l.lane === "session") return "unchanged: the claims live in the store";
  if (l.fits) return isNearLimit(l.bytes, COOKIE_LIMIT_BYTES) ? "fits in one cookie, close to its limit" : "fits in one cookie";
  return l.lane === "authjs" ? `Auth.js splits it into ${l.cookies} cookies` : "too big for one cookie: the browser drops it";
}

/** Adds N claims (permissions) to a scratch credential of each lane and draws its size against the limits. */
export function CookieGrowth({ lane }: { lane: "jwt" | "session" | "authjs" }) {
  const [claims, setClaims] = useState(0);
  const [lanes, setLanes] = useState<LaneGrowth[] | null>(null);
  const hydrated = useHydrated();
  useEffect(() => {
    let live = true;
    fetch(`${ROUTES.demo.cookieBudget}?claims=${claims}`).then(async (response) => {
      if (live && response.ok) setLanes(((await response.json()) as { lanes: LaneGrowth[] }).lanes);
    }, () => {});
    return () => {
      live = false;
    };
  }, [claims]);
  return (
    <div className="cookie-growth">
      <label htmlFor={`claims-${lane}`}>Put <strong data-testid="claims-count">{claims}</strong> permissions into a scratch credential of each lane</label>
      <input id={`claims-${lane}`} type="range" min={0} max={400} step={10} value={claims} disabled={!hydrated} onChange={(e) => setClaims(Number(e.target.value))} />
      {lanes && (
        <>
          <ul className="growth-bars meters" data-testid="cookie-growth" aria-label={`Cookie size with ${claims} permissions`}>
            {lanes.map((l) => (
              <li key={l.lane} data-testid={`growth-${l.lane}`}>
                <span>
                  <strong>{LANE_NAMES[l.lane]}</strong>{l.lane === lane && " (this lane)"}: <span data-testid="growth-bytes">{l.bytes}</span> bytes, {fate(l)}
                </span>
                <ByteBar
                  bytes={l.bytes}
                  limit={COOKIE_LIMIT_BYTES}
                  scale={byteScale(...lanes.map((x) => x.bytes))}
                  label={`${LANE_NAMES[l.lane]}: ${l.bytes} of ${COOKIE_LIMIT_BYTES} bytes, ${fate(l)}`}
                  past={l.lane === "authjs" ? "split" : "dropped"}
                />
              </li>
            ))}
          </ul>
          <p className="source-ref">
            The scratch credentials carry alice&apos;s claims (admin) with every revocation check, so at 0 permissions
            they can differ from your own cookie above, which carries your own claims (and, in the JWT lane, the checks you
            chose at sign-in).
          </p>
        </>
      )}
    </div>
  );
}
