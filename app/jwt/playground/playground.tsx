"use client";

import { useEffect, useRef, useState, useTransition } from "react";
import type { PlaygroundAnswer } from "./actions";
import type { CheckedAnswer, Preset, TamperResult, Verdict } from "./tamper";
import { AttackVerdict, attackOutcome } from "@/app/ui/attack-verdict";
import { ROUTES } from "@/app/routes";
import { useHydrated } from "@/app/ui/use-hydrated";
import { JsonBlock } from "@/app/ui/code-lines";

interface Props {
  /** The page's heading and introduction, at the top of the first card. */
  children: React.ReactNode;
  presets: ReadonlyArray<{ preset: Preset; label: string }>;
  header: string;
  claims: string;
  tryPreset: (preset: Preset) => Promise<PlaygroundAnswer>;
  tryCustom: (input: { header: string; claims: string; signature: string }) => Promise<PlaygroundAnswer>;
}

/**
 * A forged token (`forged`) is an attack: accepted, the attacker wins; refused, the defence
 * holds (app/ui/attack-verdict.tsx). The user's own token, untouched, is just accepted.
 */
function VerdictLine({ verdict, forged, testId }: { verdict: Verdict; forged: boolean; testId: string }) {
  return (
    <span data-testid={testId}>
      {forged && <><AttackVerdict outcome={attackOutcome(verdict.accepted)} />{" "}</>}
      {verdict.accepted ? (
        <><strong className={forged ? undefined : "verdict verdict-accepted"}>Accepted</strong> {verdict.message}</>
      ) : (
        // The sentence first (lib/jwt.ts JWT_FAILURE_MESSAGES), the reason code after it for whoever greps the logs.
        <>
          <strong className={forged ? undefined : "verdict verdict-refused"}>Refused:</strong> {lowerFirst(verdict.message)}{" "}
          <span className="source-ref reason-code">(<code>{verdict.reason}</code>)</span>
        </>
      )}
    </span>
  );
}

/**
 * A textarea as tall as its JSON, so no claim (iat, exp, jti come last) hides inside the box.
 * Where `field-sizing: content` is supported (app/globals.css) the browser also counts the
 * lines that wrap on a narrow screen; elsewhere this is the height.
 */
const lineCount = (text: string) => Math.max(2, text.split("\n").length);

/** "The token has expired." reads as "Refused: the token has expired." */
const lowerFirst = (sentence: string) => sentence.charAt(0).toLowerCase() + sentence.slice(1);

/**
 * The RFC check, with the answer it gives: under the app's verifier, or, where that verifier
 * stopped at the signature, under the variant re-signed with the leaked key.
 */
function CheckFor({ result, answer }: { result: TamperResult; answer: CheckedAnswer }) {
  if (result.rfcAnswers !== answer) return null;
  return (
    <span className="verdict-check" data-testid="verdict-rfc">
      {answer === "leaked" ? "The check that would still stop it, if the key had leaked: " : "The check: "}
      {result.rfc}
    </span>
  );
}

function ResultCard({ result }: { result: TamperResult }) {
  return (
    <div className="playground-result" data-testid="playground-result" role="status">
      <h3>{result.label}</h3>
      <p>{result.change}</p>
      <dl className="facts">
        <dt>the app&apos;s verifier</dt>
        <dd data-testid="answer-real">
          <VerdictLine verdict={result.real} forged={result.forged} testId="verdict-real" />
          <CheckFor result={result} answer="real" />
        </dd>
        <dt>if the key had leaked</dt>
        <dd data-testid="answer-leaked">
          <VerdictLine verdict={result.ifKeyLeaked} forged={result.forged} testId="verdict-leaked" />
          <CheckFor result={result} answer="leaked" />
        </dd>
        <dt>signature</dt>
        <dd>{{ original: "the original one (not re-signed)", none: "none", "wrong-key": "HS256 with a key that is not the server's" }[result.signature]}</dd>
      </dl>
      <p className="source-ref">Header</p>
      <JsonBlock value={result.header} copyLabel="Copy the header" testId="playground-header" />
      <p className="source-ref">Claims</p>
      <JsonBlock value={result.claims} copyLabel="Copy the claims" testId="playground-claims" />
    </div>
  );
}

/** Presets and free editing; every variant goes to the server's real verifier. */
export function Playground({ children, presets, header, claims, tryPreset, tryCustom }: Props) {
  const [answer, setAnswer] = useState<PlaygroundAnswer | null>(null);
  const [pending, startTransition] = useTransition();
  const hydrated = useHydrated();
  const busy = pending || !hydrated;
  const yours = { header, claims, signature: "original" };
  const [edited, setEdited] = useState(yours);
  // What the editor holds: your own token, or the preset variant just sent (named by its label).
  const [holds, setHolds] = useState<string | null>(null);
  const run = (work: () => Promise<PlaygroundAnswer>, then?: (sent: PlaygroundAnswer) => void) => startTransition(async () => {
    const sent = await work();
    setAnswer(sent);
    then?.(sent);
  });
  // A preset's variant lands in the editor once the verifier has answered, so a reader edits on
  // from the token just sent ("alg: none", then change the role too) instead of starting over.
  const sendPreset = (preset: Preset) => run(() => tryPreset(preset), (sent) => {
    if (!sent.ok) return;
    const { header: h, claims: c, signature, label } = sent.result;
    setEdited({ header: JSON.stringify(h, null, 2), claims: JSON.stringify(c, null, 2), signature });
    setHolds(label);
  });
  // Below the form on a phone, beside its top on a wider screen (app/globals.css): either way
  // the verdict may be out of sight when it arrives, so it is brought into view.
  const verdictRef = useRef<HTMLElement>(null);
  useEffect(() => {
    if (!answer || !verdictRef.current) return;
    // Above the window, its top (the verdict) comes into view: "nearest" would show a tall card's bottom.
    verdictRef.current.scrollIntoView({ block: verdictRef.current.getBoundingClientRect().top < 0 ? "start" : "nearest" });
  }, [answer]);
  return (
    <>
      <section className="card jwt">
        {children}
        <h2>Presets</h2>
        <div className="actions" role="group" aria-label="Presets">
          {presets.map(({ preset, label }) => (
            <button key={preset} type="button" className="secondary" disabled={busy} onClick={() => sendPreset(preset)}>{label}</button>
          ))}
        </div>
        <h2>Edit it yourself</h2>
        <p data-testid="playground-editor-holds">
          {holds === null ? "Your own token, as the server issued it." : <>Starting from the preset &ldquo;{holds}&rdquo;, as it was sent: edit it further and send it.</>}
        </p>
        <form className="playground-editor" method="post" onSubmit={(event) => { event.preventDefault(); run(() => tryCustom(edited)); }}>
          <label htmlFor="pg-header">Header (JSON)</label>
          <textarea id="pg-header" rows={lineCount(edited.header)} value={edited.header} onChange={(e) => setEdited({ ...edited, header: e.target.value })} spellCheck={false} />
          <label htmlFor="pg-claims">Claims (JSON)</label>
          <textarea id="pg-claims" rows={lineCount(edited.claims)} value={edited.claims} onChange={(e) => setEdited({ ...edited, claims: e.target.value })} spellCheck={false} />
          <label htmlFor="pg-signature">Signature</label>
          <select id="pg-signature" value={edited.signature} onChange={(e) => setEdited({ ...edited, signature: e.target.value })}>
            <option value="original">keep the original signature</option>
            <option value="none">no signature</option>
            <option value="wrong-key">HS256 with a wrong key</option>
          </select>
          <div className="actions">
            <button type="submit" disabled={busy}>Send to the verifier</button>
            {holds !== null && <button type="button" className="secondary" disabled={busy} onClick={() => { setEdited(yours); setHolds(null); }}>Back to your own token</button>}
          </div>
        </form>
      </section>
      <section className="card playground-verdict" aria-live="polite" ref={verdictRef}>
        <h2>What the verifier said</h2>
        {!answer && <p>Pick a preset, or edit the token and send it.</p>}
        {answer && !answer.ok && <p className="notice" data-testid="playground-error">{answer.error}</p>}
        {answer?.ok && <ResultCard result={answer.result} />}
        <p className="source-ref">The key really leaked? <a href={ROUTES.leakedKeyDrill}>The leaked-key drill</a> walks every lane through it: what an attacker mints, what rotation does, what to do.</p>
      </section>
    </>
  );
}
