"use client";

import { ROUTES } from "@/app/routes";
import Link from "next/link";
import { useEffect, useState } from "react";
import { secondsUntil } from "@/lib/time";
import { formatDuration } from "./countdown";
import { AttackVerdict, attackOutcome } from "./attack-verdict";
import { CommandBlock } from "./code-lines";
import { useHydrated } from "./use-hydrated";
import { useSignedOutHere } from "./signed-out-here";
import "./code.css";

type Lane = "jwt" | "session" | "authjs";
/** What an accepted JWT still opens, in a sentence that reads right at the last second too. */
function stillValidFor(secondsLeft: number): string {
  return secondsLeft > 0
    ? `Whoever holds this token is signed in for another ${formatDuration(secondsLeft)}, whether or not you signed out.`
    : "The token has just reached its expiry: from now on it is refused.";
}

const storageKey = (lane: Lane) => `stolen-credential:${lane}`;

/** The command that replays a copied credential from a terminal, as anyone holding it could. */
export function replayCommand(lane: Lane, credential: string, cookieName: string, url: string): string {
  if (lane === "jwt") return `curl -H 'Authorization: Bearer ${credential}' ${url}`;
  return `curl -H 'Cookie: ${cookieName}=${credential}' ${url}`;
}

/**
 * On a dashboard: keep a copy of this browser's credential, as a thief would: on the clipboard,
 * in this tab's storage (for the replay page), and as a curl command.
 * `reveal`: the lane's server action that hands over the signed-in user's own credential (demo only);
 * `mePath`: the lane's "who am I" route, which the curl command calls.
 */
export function CopyCredentialPanel({ lane, reveal, cookieName, mePath }: { lane: Lane; reveal: () => Promise<string | null>; cookieName: string; mePath: string }) {
  const [copied, setCopied] = useState<{ credential: string; onClipboard: boolean; command: string } | null>(null);
  const [failed, setFailed] = useState(false);
  const hydrated = useHydrated();
  const signedOut = useSignedOutHere();
  async function copy() {
    const credential = await reveal().catch(() => null); // the store may be down
    setFailed(!credential);
    if (!credential) return;
    sessionStorage.setItem(storageKey(lane), credential);
    const onClipboard = await navigator.clipboard?.writeText(credential).then(() => true, () => false) ?? false;
    setCopied({ credential, onClipboard, command: replayCommand(lane, credential, cookieName, `${window.location.origin}${mePath}`) });
  }
  return (
    <div data-testid="copy-credential">
      <p>
        Simulate a theft: keep a copy of your cookie, sign out, then replay it on the{" "}
        <Link href={`/${lane}/replay`}>replay page</Link>, or from a terminal.
      </p>
      <p data-testid="deliberate-hole">
        This button is the demo&apos;s deliberate hole: it asks the server for your HttpOnly cookie&apos;s value, which a
        real app never hands to page scripts. Nothing else on this site puts a credential into a page.
      </p>
      <button type="button" className="secondary" onClick={copy} disabled={!hydrated || signedOut}>Copy my credential</button>
      {signedOut && <small data-testid="copy-signed-out"> Signed out: this browser holds no credential to copy.</small>}
      {failed && !signedOut && <p role="alert" className="error">Nothing to copy: the server did not hand over a credential (signed out, or the store is not answering).</p>}
      {copied && (
        <div role="status">
          <p data-testid="copied-credential">
            {copied.onClipboard ? "On the clipboard" : "Copied (the browser refused the clipboard: take it from the command below)"}:{" "}
            <code>{copied.credential.slice(0, 24)}…</code> ({copied.credential.length} characters). Replay it from a terminal:
          </p>
          <CommandBlock command={copied.command} testId="replay-command" />
        </div>
      )}
    </div>
  );
}

interface Verdict {
  accepted: boolean;
  user?: { id: string; role: string };
  reason?: string;
  message?: string;
  expiresAt?: number;
  checks?: string[];
}

/** On the replay page: send the copy to the server and show what happened. */
export function ReplayConsole({ lane, dashboard }: { lane: Lane; dashboard: string }) {
  const [credential, setCredential] = useState<string | null>(null);
  const hydrated = useHydrated();
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    // Reading sessionStorage (the copy) has to wait for the browser.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setCredential(sessionStorage.getItem(storageKey(lane)));
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [lane]);

  async function replay() {
    const response = await fetch(ROUTES.demo.replay, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ lane, credential }),
    });
    const body = (await response.json().catch(() => ({}))) as Verdict & { error?: string };
    // No answer (the store is down, the copy is malformed) is no verdict on the attack either way.
    setVerdict(response.ok ? body : null);
    setFailure(response.ok ? null : body.error ?? `The replay failed (HTTP ${response.status}).`);
  }

  // A plain link (not next/link): the JWT dashboard must be a full page load through middleware.
  const back = <p><a href={dashboard} data-testid="replay-back">Back to the dashboard</a> (sign in first if you are not signed in)</p>;
  if (!credential) return <><p data-testid="replay-empty">No copied credential yet: sign in, press “Copy my credential” on the <a href={dashboard}>dashboard</a>, then come back.</p>{back}</>;
  return (
    <div>
      <p>Copied credential: <code>{credential.slice(0, 24)}…</code></p>
      <button type="button" onClick={replay} disabled={!hydrated}>Replay it</button>
      {failure && <p className="notice" role="alert" data-testid="replay-failure">{failure}</p>}
      {verdict && (
        // A replayed copy is a stolen credential: accepted, the attacker wins; refused, the defence holds.
        <div className={`attack-box attack-${attackOutcome(verdict.accepted)}`} data-testid="replay-verdict" data-verdict={attackOutcome(verdict.accepted)}>
          <p>
            <AttackVerdict outcome={attackOutcome(verdict.accepted)} />{" "}
            {verdict.accepted ? (
              <>
                Accepted as {verdict.user?.id} ({verdict.user?.role}).{" "}
                {lane === "jwt"
                  ? stillValidFor(secondsUntil(verdict.expiresAt ?? 0, now))
                  : lane === "authjs"
                    ? "Auth.js accepted the copy and would re-issue it: it keeps working, up to the absolute cap, until you sign out everywhere."
                    : "The session is still alive on the server."}
              </>
            ) : (
              // "unknown" (no such session, as after a plain sign-out) adds nothing to the sentence: no code after it.
              <>The server refused the copy. {verdict.message}{verdict.reason !== "unknown" && <> <span className="source-ref">(reason: <code>{verdict.reason}</code>)</span></>}</>
            )}
          </p>
          {verdict.accepted && lane === "authjs" && (
            // What ends it, one click away: the user who just signed out is not signed in to press it.
            <p data-testid="replay-end-it">To end it: <a href={dashboard}>sign in again</a>, then press “Sign out everywhere” on the dashboard. This copy is refused from then on.</p>
          )}
        </div>
      )}
      {back}
    </div>
  );
}
