"use client";

import { useEffect, useState } from "react";
import { ROUTES } from "@/app/routes";

interface LaneGrowth { lane: "jwt" | "session" | "authjs"; cookieName: string; bytes: number; cookies: number; fits: boolean }

const LANE_NAMES = { jwt: "stateless JWT", session: "server-side session", authjs: "Auth.js (JWE)" } as const;

/** Adds N claims (permissions) to a scratch credential of each lane and shows its size. */
export function CookieGrowth({ lane }: { lane: "jwt" | "session" | "authjs" }) {
  const [claims, setClaims] = useState(0);
  const [lanes, setLanes] = useState<LaneGrowth[] | null>(null);
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
      <input id={`claims-${lane}`} type="range" min={0} max={400} step={10} value={claims} onChange={(e) => setClaims(Number(e.target.value))} />
      {lanes && (
        <table className="growth" data-testid="cookie-growth">
          <caption className="visually-hidden">Cookie size with {claims} permissions</caption>
          <thead><tr><th scope="col">lane</th><th scope="col">cookie bytes</th><th scope="col">what the browser does</th></tr></thead>
          <tbody>
            {lanes.map((l) => (
              <tr key={l.lane} data-testid={`growth-${l.lane}`} className={l.lane === lane ? "this-lane" : undefined}>
                <th scope="row">{LANE_NAMES[l.lane]}</th>
                <td>{l.bytes}</td>
                <td>
                  {l.lane === "session"
                    ? "unchanged: the claims live in the store"
                    : l.fits
                      ? "fits in one cookie"
                      : l.lane === "authjs"
                        ? `Auth.js splits it into ${l.cookies} cookies`
                        : "too big for one cookie: the browser drops it"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
