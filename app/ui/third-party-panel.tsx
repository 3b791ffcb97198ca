"use client";

import { ROUTES } from "@/app/routes";
import { SESSION_ROUTES } from "@/app/session/routes";
import { useState } from "react";
import { useHydrated } from "./use-hydrated";
import { JsonBlock } from "./code-lines";
import { CopyButton } from "./copy-button";
import { useSignedOutHere } from "./signed-out-here";

interface Minted {
  token: string;
  kid: string;
  expiresIn: number;
  audience: string;
}

/** The hybrid: this session asks for a short-lived JWT, then "the third party" checks it. */
export function ThirdPartyPanel() {
  const [minted, setMinted] = useState<Minted | null>(null);
  const hydrated = useHydrated();
  const signedOut = useSignedOutHere();
  /** What the last step said: a sentence (no token), or the third party's HTTP status and JSON body. */
  const [answer, setAnswer] = useState<{ said: string; body?: unknown } | null>(null);

  async function mint() {
    setAnswer(null);
    const response = await fetch(SESSION_ROUTES.api.thirdPartyToken, { method: "POST" }).catch(() => null);
    setMinted(response?.ok ? ((await response.json()) as Minted) : null);
    if (!response?.ok) {
      const said = ((await response?.json().catch(() => null)) as { error?: string } | null)?.error;
      setAnswer({ said: `No token: ${said ?? "the server could not be reached."}` });
    }
  }
  async function callThirdParty() {
    if (!minted) return;
    const response = await fetch(ROUTES.thirdParty.profile, { headers: { authorization: `Bearer ${minted.token}` } }).catch(() => null);
    if (!response) return setAnswer({ said: "The third-party API could not be reached." });
    const body = (await response.json().catch(() => null)) as unknown;
    setAnswer({ said: `The third party answered HTTP ${response.status}${body === null ? ", with no JSON." : ":"}`, body: body ?? undefined });
  }

  return (
    <div>
      <button type="button" onClick={mint} disabled={!hydrated || signedOut}>Mint a token for the third party</button>
      {signedOut && <small data-testid="mint-signed-out"> Signed out: only a live session can ask for one.</small>}
      {minted && (
        <>
          <dl className="facts" style={{ marginTop: "0.75rem" }}>
            <dt>signed with</dt>
            <dd data-testid="third-party-kid">EdDSA key <code>{minted.kid}</code> (public key at <a href={ROUTES.thirdParty.jwks}>/.well-known/jwks.json</a>)</dd>
            <dt>audience</dt>
            <dd><code>{minted.audience}</code></dd>
            <dt>lifetime</dt>
            <dd>{minted.expiresIn} s</dd>
          </dl>
          <div className="code-block">
            <CopyButton text={minted.token} label="Copy the token" />
            <pre tabIndex={0} data-testid="third-party-token">{minted.token}</pre>
          </div>
          <button type="button" className="secondary" onClick={callThirdParty}>Call the third-party API with it</button>
        </>
      )}
      {answer && (
        <div data-testid="third-party-answer">
          <p>{answer.said}</p>
          {answer.body !== undefined && <JsonBlock value={answer.body} copyLabel="Copy the answer" testId="third-party-answer-json" />}
        </div>
      )}
    </div>
  );
}
