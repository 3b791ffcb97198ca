"use client";

import { useState } from "react";
import { ROUTES } from "@/app/routes";
import { secondsUntil } from "@/lib/time";
import { formatDuration } from "./countdown";
import { formatSeconds } from "./duration";
import { useLoginAgainPath, useMarkSignedOut, useSignedOutHere } from "./signed-out-here";
import { useHydrated } from "./use-hydrated";
import { ATTACK_OUTCOME_WORDS, AttackIcon, AttackIconShapes, AttackVerdict, attackOutcome } from "./attack-verdict";

type Lane = "jwt" | "session" | "authjs" | "better-auth";
/**
 * `accepted`: the server's answer, or null when it gave none (an outage, a lost request): no
 * verdict either way, so never counted as refused. `leftSeconds`: how much longer the server
 * said the copy stays valid, when it accepted it. `slides`: when the copy can be made to last
 * longer than that (Auth.js: each page load re-issues the cookie, up to an absolute cap).
 */
interface Sample { t: number; accepted: boolean | null; reason?: string; message?: string; leftSeconds?: number; slides?: Slides }
interface Slides { slideSeconds: number; absoluteCapSeconds: number }

const DEFAULT_SECONDS = 5; // samples at 0 s … 5 s after sign-out

/** When an accepted copy lasts longer than its own expiry (Auth.js's sliding cookie). */
const slidesWhen = ({ slideSeconds, absoluteCapSeconds }: Slides) =>
  `It slides only if the thief loads a page with it and keeps the cookie Auth.js re-issues: ${formatSeconds(slideSeconds)} from that load, again and again until ${formatSeconds(absoluteCapSeconds)} after the sign-in.`;

/**
 * The revocation stopwatch: keeps a copy of this browser's credential (as a thief would), signs
 * out, then presents the copy to the server once a second and draws what it answered. The
 * result is a number: how long the stolen copy kept working after sign-out.
 */
export function RevocationStopwatch({ lane, reveal, logoutEndpoint, seconds = DEFAULT_SECONDS }: {
  lane: Lane;
  /** How long to keep presenting the copy (one sample a second, from 0 s). */
  seconds?: number;
  reveal: () => Promise<string | null>;
  /**
   * The lane's sign-out route, POSTed to. A route, never a server action: an action that deletes
   * a cookie makes Next render the page again, and the page would no longer show the credential
   * as it was.
   */
  logoutEndpoint: string;
}) {
  const [samples, setSamples] = useState<Sample[]>([]);
  const [state, setState] = useState<"idle" | "running" | "done" | "failed">("idle");
  const hydrated = useHydrated();
  const markSignedOut = useMarkSignedOut();
  const loginAgainPath = useLoginAgainPath();
  // Signed out by something else on this page (reuse detection): there is nothing left to steal.
  const signedOutElsewhere = useSignedOutHere() && state === "idle";
  const SAMPLES = seconds + 1;

  async function run() {
    setState("running");
    setSamples([]);
    const copy = await reveal().catch(() => null); // the store may be down: "failed", not stuck
    if (!copy) return setState("failed");
    const out = await fetch(logoutEndpoint, { method: "POST" }).catch(() => null);
    if (!out?.ok) return setState("failed");
    markSignedOut(); // the page stops saying "signed in as …" and says so at its top
    const started = Date.now();
    for (let i = 0; i < SAMPLES; i++) {
      // One presentation per second after sign-out (the stopwatch's own cadence).
      const due = started + i * 1000;
      if (Date.now() < due) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
      // A sample is timed by when the copy was presented, not by when the answer came back:
      // a slow answer says nothing about how long after sign-out the copy was tried.
      const presented = Date.now();
      const response = await fetch(ROUTES.demo.replay, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ lane, credential: copy }) }).catch(() => null);
      const verdict = response?.ok
        ? ((await response.json()) as { accepted: boolean; reason?: string; message?: string; expiresAt?: number; slides?: Slides })
        : { accepted: null, reason: response ? `HTTP ${response.status}` : "no connection" };
      const leftSeconds = verdict.accepted && verdict.expiresAt ? secondsUntil(verdict.expiresAt) : undefined;
      const slides = verdict.accepted && "slides" in verdict ? verdict.slides : undefined;
      const message = verdict.accepted === false && "message" in verdict ? verdict.message : undefined;
      setSamples((before) => [...before, { t: Math.round((presented - started) / 1000), accepted: verdict.accepted, reason: verdict.reason, message, leftSeconds, slides }]);
    }
    setState("done");
  }

  const last = samples[samples.length - 1];
  const firstRefused = samples.find((s) => s.accepted === false);
  const lastAccepted = samples.findLast((s) => s.accepted === true);
  const result = state !== "done" || !last
    ? null
    : firstRefused
      ? samples.some((s) => s.t < firstRefused.t && s.accepted === null) && !samples.some((s) => s.t < firstRefused.t && s.accepted)
        ? `The stolen copy was refused ${firstRefused.t} s after sign-out; the server did not answer before that.`
        : firstRefused.t === 0
          ? "The stolen copy was refused from its first try, 0 s after sign-out."
          : `The stolen copy worked for ${firstRefused.t} s after sign-out.`
      : lastAccepted
        ? `The stolen copy still works ${lastAccepted.t} s after sign-out, and would work for another ${formatDuration(lastAccepted.leftSeconds ?? 0)}${lastAccepted.slides ? ": its own expiry, as issued." : "."}`
        : "The server did not answer: no verdict. Try again once it is back.";

  // The copy is a thief's: accepted even once after sign-out, the attacker won.
  const outcome = attackOutcome(samples.some((s) => s.accepted === true));
  /** "0 s accepted (attacker wins)": the sample's time, the server's answer, and what it means. */
  const said = (s: Sample) =>
    s.accepted === null ? `no answer (${s.reason}), no verdict` : `${s.accepted ? "accepted" : `refused (${s.reason})`}, ${ATTACK_OUTCOME_WORDS[attackOutcome(s.accepted)].toLowerCase()}`;
  const width = 300;
  const step = (width - 40) / (SAMPLES - 1);
  const x = (i: number) => 20 + i * step;
  // A long run draws smaller marks (an icon is 16 units wide) and labels every few seconds.
  const scale = Math.min(1.125, step / 16);
  const labelEvery = Math.ceil(SAMPLES / 6);
  return (
    <div className="stopwatch" data-testid={`stopwatch-${lane}`}>
      <p>
        One click: keep a copy of your credential, sign out, then present the copy once a second and see what the
        server says.
      </p>
      <button type="button" className="secondary" onClick={run} disabled={!hydrated || state === "running" || state === "done" || signedOutElsewhere}>Steal it, sign out, and time it</button>
      {signedOutElsewhere && <small data-testid="stopwatch-nothing-to-steal"> Signed out: this browser holds no credential to steal.</small>}
      {state === "failed" && <p role="alert" className="error">Could not copy the credential or sign out; reload and try again.</p>}
      {samples.length > 0 && (
        <svg viewBox={`0 0 ${width} 44`} width={width} height={44} role="img" aria-label={`The stolen copy, second by second: ${samples.map((s) => `${s.t} s ${said(s)}`).join("; ")}`} className="stopwatch-strip">
          <line x1={x(0)} y1={16} x2={x(SAMPLES - 1)} y2={16} className="timeline-arrow" />
          {samples.map((s, i) => (
            <g key={i} data-verdict={s.accepted === null ? "no-answer" : attackOutcome(s.accepted)}>
              {s.accepted === null ? (
                <circle cx={x(i)} cy={16} r={5 * scale} className="stopwatch-no-answer" />
              ) : (
                <g transform={`translate(${x(i) - 8 * scale} ${16 - 8 * scale}) scale(${scale})`} className={`attack-${attackOutcome(s.accepted)}`}>
                  <AttackIconShapes outcome={attackOutcome(s.accepted)} />
                </g>
              )}
              {(i % labelEvery === 0 || i === SAMPLES - 1) && <text x={x(i)} y={40} textAnchor="middle" className="timeline-detail">{s.t} s</text>}
            </g>
          ))}
        </svg>
      )}
      {samples.length > 0 && (
        <ul className="stopwatch-legend" aria-hidden="true">
          <li><AttackIcon outcome="attacker-wins" size={14} /> {ATTACK_OUTCOME_WORDS["attacker-wins"]}: the copy was accepted</li>
          <li><AttackIcon outcome="defence-holds" size={14} /> {ATTACK_OUTCOME_WORDS["defence-holds"]}: the copy was refused</li>
          {samples.some((s) => s.accepted === null) && <li><svg width={14} height={14} aria-hidden="true"><circle cx={7} cy={7} r={5} className="stopwatch-no-answer" /></svg> no answer: no verdict either way</li>}
        </ul>
      )}
      <ol className="timeline-text visually-hidden">
        {samples.map((s, i) => <li key={i}>{s.t} s: {said(s)}</li>)}
      </ol>
      {result && (
        <p role="status">
          <AttackVerdict outcome={outcome} testId="stopwatch-verdict" />{" "}
          <strong data-testid="stopwatch-result">{result}</strong>
          {lastAccepted?.slides && !firstRefused && <> <span data-testid="stopwatch-slides">{slidesWhen(lastAccepted.slides)}</span></>}
          {/* Why, in the server's words: a bare "refused (unknown)" reads as "the server does not know why". */}
          {firstRefused?.message && <> <span data-testid="stopwatch-why">{firstRefused.message}</span></>}
        </p>
      )}
      {state === "done" && <p data-testid="stopwatch-signed-out">You are signed out in this browser now. <a href={loginAgainPath ?? `/${lane}/login`}>Sign in again</a></p>}
    </div>
  );
}
