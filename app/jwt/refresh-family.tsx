"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { JWT_ROUTES } from "@/app/jwt/routes";
import { Countdown } from "@/app/ui/countdown";
import { useMarkSignedOut, useSignedOutBy } from "@/app/ui/signed-out-here";
import { useHydrated } from "@/app/ui/use-hydrated";
import { AttackVerdict, attackOutcome, type AttackOutcome } from "@/app/ui/attack-verdict";
import { expireMyAccessToken } from "./demo-actions";
import type { RefreshNowAnswer, ThiefAnswer } from "./refresh-demo";
import { REVOKED_BECAUSE_TEXT, TOKEN_STATUS_TEXT, chainItems, copyMark, describeFamily, signedOutFamily, type FamilyView, type TokenStatus } from "./refresh-family-view";


const STATUS_WORD: Record<TokenStatus, string> = { current: "current", rotated: "rotated", grace: "grace", reused: "reused", revoked: "revoked" };

/**
 * The refresh-token family of this sign-in, drawn from its record in the store: R0 → R1 → …,
 * what became of each token, and which one the demo copied for the thief. Three buttons drive it with the
 * real routes: expire the access token, refresh now, and replay the thief's copy.
 */
export function RefreshFamily({ initial, accessExpiresAtMs, serverNowMs }: { initial: FamilyView; accessExpiresAtMs: number; serverNowMs: number }) {
  const router = useRouter();
  const [family, setView] = useState(initial);
  // Once the stopwatch signed this browser out, its sign-out revoked the family: drawn so, with nothing left to press.
  const view = useSignedOutBy() === "stopwatch" ? signedOutFamily(family) : family;
  const [thiefHolds, setThiefHolds] = useState<number | null>(null);
  // Whether the copy has been replayed yet: until then it is only kept for the replay.
  const [replayed, setReplayed] = useState(false);
  const [access, setAccess] = useState({ expiresAtMs: accessExpiresAtMs, nowMs: serverNowMs });
  // `verdict`: the thief's replay is an attack, judged like every other (app/ui/attack-verdict.tsx).
  const [message, setMessage] = useState<{ text: string; bad: boolean; verdict?: AttackOutcome } | null>(null);
  const [busy, setBusy] = useState(false);
  const hydrated = useHydrated();
  const markSignedOut = useMarkSignedOut();
  // The other panels re-render after a refresh; until they have, the buttons wait. A replay
  // that revoked the family mid-render would send the page to the login screen instead.
  const [rerendering, startTransition] = useTransition();

  async function act(action: () => Promise<void>) {
    setBusy(true);
    try {
      await action();
    } catch {
      setMessage({ text: "The server did not answer; reload and try again.", bad: true });
    } finally {
      setBusy(false);
    }
  }

  const expire = () => act(async () => {
    const expiredAtMs = await expireMyAccessToken();
    if (expiredAtMs === null) return setMessage({ text: "Could not expire the access token (is this sign-in still live?).", bad: true });
    setAccess({ expiresAtMs: expiredAtMs, nowMs: Date.now() });
    setMessage({ text: "Your access token has expired. The refresh token still works: press \u201crefresh now\u201d, or reload the page and middleware refreshes on the way.", bad: false });
  });

  const refreshNow = () => act(async () => {
    const response = await fetch(JWT_ROUTES.api.refreshDemo, { method: "POST" });
    const answer = (await response.json()) as RefreshNowAnswer;
    if (answer.family) setView(answer.family);
    setThiefHolds(answer.thiefHolds);
    setMessage({ text: answer.message, bad: !answer.ok });
    if (answer.ok && answer.accessExpiresAtMs) {
      setAccess({ expiresAtMs: answer.accessExpiresAtMs, nowMs: Date.now() });
      startTransition(() => router.refresh()); // the other panels show the new access token
    }
  });

  const replay = () => act(async () => {
    const response = await fetch(JWT_ROUTES.api.refreshThief, { method: "POST" });
    const answer = (await response.json()) as ThiefAnswer | { error: string };
    if ("error" in answer) return setMessage({ text: answer.error, bad: true });
    if (answer.family) setView(answer.family);
    setThiefHolds(answer.thiefHolds);
    setReplayed(true);
    setMessage({ text: answer.message, bad: false, verdict: attackOutcome(answer.accepted) });
    // Reuse revoked the family, this browser's tokens with it: the top of the page says so.
    if (answer.family?.state === "revoked") markSignedOut("reuse");
  });

  const live = view.state === "live";
  const description = describeFamily(view);
  const accessExpired = access.expiresAtMs <= access.nowMs;
  return (
    <section className="card wide" id="refresh-family" data-testid="refresh-family" data-state={view.state}>
      <h2>Refresh tokens: this sign-in&apos;s family</h2>
      <p>
        Every refresh spends the refresh token and hands out its successor; the store keeps one record for the whole
        chain. A spent token that comes back is <strong>reuse</strong>: two parties hold it, one of them a thief, so
        every token of the sign-in is revoked. Only once, within a short grace window, is a spent token answered
        again (two tabs refreshing at once).
      </p>
      <p data-testid="family-access">
        Access token:{" "}
        {!live ? <strong>refused: it names this family</strong> : accessExpired ? <strong>expired</strong> : <Countdown key={access.expiresAtMs} expiresAtMs={access.expiresAtMs} serverNowMs={access.nowMs} testId="family-countdown" />}
        {live && view.expiresAtMs && <> · refresh token R{view.tokens.at(-1)?.generation}: good for {Math.round((view.expiresAtMs - access.nowMs) / 86_400_000)} days unless spent</>}
      </p>
      <FamilyChain view={view} copy={thiefHolds === null ? null : { generation: thiefHolds, replayed }} description={description} />
      <div className="actions">
        <button type="button" className="secondary" onClick={expire} disabled={!hydrated || busy || rerendering || !live || accessExpired}>Expire my access token now</button>
        <button type="button" onClick={refreshNow} disabled={!hydrated || busy || rerendering || !live}>Refresh now</button>
        <button type="button" className="secondary" onClick={replay} disabled={!hydrated || busy || rerendering || !live}>Replay an old refresh token (as a thief)</button>
      </div>
      {/*
        * What the last press did, in one live region. The thief's replay gets its verdict box
        * (green or red, app/ui/attack-verdict.tsx) with the server's answer inside it; the end
        * of your own sign-in is not part of that verdict: it is a state change, told below the
        * box in its own neutral block, led by its word.
        */}
      <div role="status" className="family-outcome" data-testid="family-outcome">
        {message?.verdict ? (
          <div className={`attack-box attack-${message.verdict}`} data-testid="family-verdict" data-verdict={message.verdict}>
            <p data-testid="family-verdict-line"><AttackVerdict outcome={message.verdict} /> {message.verdict === "attacker-wins" ? "the thief’s copy was accepted." : "the thief’s copy was refused."}</p>
            <p data-testid="family-message">{message.text}</p>
          </div>
        ) : (
          message && <p data-testid="family-message" className={message.bad ? "error" : undefined}>{message.text}</p>
        )}
        {view.state === "revoked" && (
          <p className="state-change" data-testid="family-revoked">
            <strong>Your sign-in ended.</strong> Revoked: {REVOKED_BECAUSE_TEXT[view.revokedBecause ?? ""] ?? view.revokedBecause}.
            {view.revokedBecause === "reuse" && " Every token of this sign-in went with the family, yours included."} Your access
            token names this family, so it is refused from now on too. <a href={JWT_ROUTES.login}>Sign in again</a>
          </p>
        )}
      </div>
      <ul className="family-legend" aria-label="What the colours mean">
        {(Object.keys(TOKEN_STATUS_TEXT) as TokenStatus[]).map((status) => (
          <li key={status}>
            <svg width={14} height={14} aria-hidden="true"><rect x={1} y={1} width={12} height={12} rx={3} className={`family-token family-${status}`} /></svg>{" "}
            {TOKEN_STATUS_TEXT[status]}
          </li>
        ))}
      </ul>
    </section>
  );
}

function FamilyChain({ view, copy, description }: { view: FamilyView; copy: { generation: number; replayed: boolean } | null; description: string }) {
  const said = copy && copyMark(copy.generation, copy.replayed);
  return (
    <figure className="timeline family">
      <div className="family-picture" role="img" aria-label="This sign-in's refresh tokens, oldest first" aria-describedby="family-text">
        {view.tokens.length === 0 ? (
          <p className="timeline-detail">{view.state === "gone" ? "expired: nothing left to draw" : "no chain recorded"}</p>
        ) : (
          <ol className="family-chain">
            {chainItems(view).map((item) => ("folded" in item ? (
              <li key={`folded-${item.folded[0]}`} className="family-step family-hidden">
                <span className="family-box family-rotated"><span className="timeline-detail">{item.folded[0] === item.folded[1] ? `R${item.folded[0]}` : `R${item.folded[0]}…R${item.folded[1]}`}</span></span>
              </li>
            ) : (
              <li key={item.token.generation} className="family-step" data-generation={item.token.generation} data-status={item.token.status}>
                <span className={`family-box family-${item.token.status}`}>
                  <span className="timeline-title">R{item.token.generation}</span>
                  <span className="timeline-detail">{STATUS_WORD[item.token.status]}</span>
                </span>
                {said && copy?.generation === item.token.generation && <span className={copy.replayed ? "family-thief" : "family-thief family-copy-kept"}>{said.mark}</span>}
              </li>
            )))}
          </ol>
        )}
      </div>
      <figcaption id="family-text" data-testid="family-text">{description}{said ? ` ${said.sentence}` : ""}</figcaption>
    </figure>
  );
}
