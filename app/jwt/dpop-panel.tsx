"use client";

import { decodeJwt, decodeProtectedHeader } from "jose";
import { Fragment, useEffect, useId, useRef, useState, type FormEvent, type SyntheticEvent } from "react";
import { AttackVerdict, attackOutcome } from "@/app/ui/attack-verdict";
import { CommandBlock, JsonBlock } from "@/app/ui/code-lines";
import { replayCommand } from "@/app/ui/replay-panel";
import { StepUpNotices, type StepUpAnswer } from "@/app/ui/step-up-notices";
import { useLockWait } from "@/app/ui/step-up-form";
import { revealJwtCredential } from "./demo-actions";
import { generateDpopKeyPair, loadDpopKey, saveDpopKey } from "./dpop-key-store";
import { JWT_ROUTES } from "./routes";
import "@/app/ui/code.css";
import "./dpop-panel.css";

/**
 * DPoP (RFC 9449) in the browser, on the JWT dashboard: a non-extractable P-256 key made here
 * and kept in IndexedDB, a token from the scripts' endpoint (/api/jwt/token) bound to it, API
 * calls each with a fresh proof, then the thief: the same token without the key is refused,
 * while the dashboard's own cookie JWT, replayed the same way, still opens the API.
 * Client only, and idle until opened: the dashboard's render (and the benchmark's baseline
 * page) does no work for it, and the `dpop` package loads on the first open.
 */

/** The `dpop` package (panva) signs the proofs; fetched on first use, not with the dashboard. */
const loadDpop = () => import("dpop");

interface BrowserKey {
  keyPair: CryptoKeyPair;
  /** RFC 7638 thumbprint of the public key: what the token's `cnf.jkt` must say. */
  thumbprint: string;
  createdAtMs: number;
  /** Where it came from on this page load. */
  source: "indexeddb" | "generated";
  /** Whether IndexedDB holds it (not in a private window that refuses storage). */
  kept: boolean;
}

interface BoundToken {
  accessToken: string;
  /** Refresh grants since the sign-in that started this family (0: the sign-in's own token). */
  refreshes: number;
  tokenType: string;
  expiresInSeconds: number;
  jkt: string | undefined;
}

interface Answer {
  status: number;
  body: { reason?: string; error?: string; error_description?: string; user?: { id: string; role: string } };
  /** The server's sentence: a DPoP refusal's `error_description` (challenge or body), else its `error`. */
  description?: string;
}

interface ApiCall { answer: Answer; proof: string; count: number }
interface Replay { answer: Answer; command?: string }
interface ThiefRound { bearer: Replay; thiefKey: Replay; cookie: Replay | null }

type Busy = "key" | "token" | "call" | "thief" | null;

/** A failure, said next to the button of the step that met it (not at the panel's top, off screen on a phone). */
interface Problem { at: Exclude<Busy, null>; text: string }

/**
 * The token endpoint's password grant refused the sign-in (401 with the attempts left, 429 while
 * locked): the login limiter's answer, said as the login forms say it (app/ui/step-up-notices.tsx).
 */
class SignInRefused extends Error {
  constructor(readonly answer: StepUpAnswer) {
    super(answer.message);
  }
}

/** A JWT's header (0) or payload (1), read without verifying, as anyone holding it can. */
function readJwtSegment(jwt: string, index: 0 | 1): Record<string, unknown> {
  return index === 0 ? decodeProtectedHeader(jwt) : decodeJwt(jwt);
}

async function answerOf(response: Response): Promise<Answer> {
  const body = (await response.json().catch(() => ({}))) as Answer["body"];
  // A resource's DPoP refusal gives its sentence in the challenge (RFC 9449 §7.1); the token endpoint in the body.
  const challenge = /error_description="([^"]*)"/.exec(response.headers.get("www-authenticate") ?? "")?.[1];
  return { status: response.status, body, description: challenge ?? body.error_description ?? body.error };
}

/** GET /api/jwt/me as a script would: this Authorization (and proof), no cookie. */
async function callMe(authorization: string, proof?: string): Promise<Answer> {
  const headers: Record<string, string> = { authorization, ...(proof ? { dpop: proof } : {}) };
  return answerOf(await fetch(JWT_ROUTES.api.me, { headers, credentials: "omit", cache: "no-store" }));
}

/** The command that replays a token from a terminal, as anyone holding a copy could. */
const bearerCommand = (token: string, url: string) => replayCommand("jwt", token, "", url);
const absolute = (path: string) => `${window.location.origin}${path}`;
const short = (value: string) => `${value.slice(0, 16)}…`;

/**
 * `resetTo`, where the demo reset is enabled: where a reset offered at a sign-in lock lands
 * (app/step-up.ts stepUpResetTo).
 */
export function DpopPanel({ username, resetTo }: { username: string; resetTo?: string }) {
  const [opened, setOpened] = useState(false);
  const loadStarted = useRef(false);
  const [key, setKey] = useState<BrowserKey | null>(null);
  const [keyLoaded, setKeyLoaded] = useState(false);
  const [token, setToken] = useState<BoundToken | null>(null);
  // The refresh token from the last answer, in this page's memory only (bound to the key, like
  // the access token): a new access token without signing in again, so no new device each time.
  const [refreshToken, setRefreshToken] = useState<string | null>(null);
  const [call, setCall] = useState<ApiCall | null>(null);
  const [thief, setThief] = useState<ThiefRound | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  // The password grant's refusal: the attempts left, or the lock (its countdown, and the button waiting it out).
  const [refusal, setRefusal] = useState<StepUpAnswer | null>(null);
  const [lockWaiting, endLockWait] = useLockWait(refusal);
  const [busy, setBusy] = useState<Busy>(null);

  /** Runs one step, with its buttons disabled meanwhile and any failure said in a sentence. */
  async function step(which: Exclude<Busy, null>, run: () => Promise<void>) {
    setBusy(which);
    setProblem(null);
    try {
      await run();
    } catch (error) {
      setProblem({ at: which, text: error instanceof Error ? error.message : String(error) });
    } finally {
      setBusy(null);
    }
  }

  // The key is looked up when the panel is first opened, not on every dashboard load.
  function onToggle(event: SyntheticEvent<HTMLDetailsElement>) {
    if (!event.currentTarget.open || loadStarted.current) return;
    loadStarted.current = true;
    setOpened(true);
    void step("key", async () => {
      try {
        if (!globalThis.crypto?.subtle) throw new Error("WebCrypto needs a secure context (HTTPS, or http://localhost): this page has none, so it cannot make a key.");
        const stored = await loadDpopKey().catch(() => undefined);
        if (!stored) return;
        const { calculateThumbprint } = await loadDpop();
        setKey({ ...stored, thumbprint: await calculateThumbprint(stored.keyPair.publicKey), source: "indexeddb", kept: true });
      } finally {
        setKeyLoaded(true);
      }
    });
  }

  const generateKey = () =>
    step("key", async () => {
      const keyPair = await generateDpopKeyPair();
      const createdAtMs = Date.now();
      const kept = await saveDpopKey({ keyPair, createdAtMs }).then(() => true, () => false);
      const { calculateThumbprint } = await loadDpop();
      setKey({ keyPair, createdAtMs, thumbprint: await calculateThumbprint(keyPair.publicKey), source: "generated", kept });
      // Tokens bound to the old key are useless with the new one: forget them rather than show them failing.
      setToken(null);
      setRefreshToken(null);
      setCall(null);
      setThief(null);
    });

  /** One request to the token endpoint with a fresh proof of the key; the answer replaces the tokens. */
  async function requestToken(body: Record<string, unknown>) {
    if (!key) return;
    const { generateProof } = await loadDpop();
    // htm POST, htu this endpoint as this page addressed it: the server compares both.
    const proof = await generateProof(key.keyPair, absolute(JWT_ROUTES.api.token), "POST");
    const response = await fetch(JWT_ROUTES.api.token, {
      method: "POST",
      credentials: "omit", // a script's sign-in: the tokens come back in the body, no cookie is set or sent
      headers: { "content-type": "application/json", dpop: proof },
      body: JSON.stringify(body),
    });
    const answer = (await response.json().catch(() => ({}))) as { access_token?: string; token_type?: string; expires_in?: number; refresh_token?: string; reason?: string; error?: string; error_description?: string; attemptsLeft?: number; retryAfterSeconds?: number; lockWindowSeconds?: number };
    // The login limiter's answers (lib/security/login.ts), as /api/jwt/login gives them.
    if ((response.status === 401 && answer.attemptsLeft !== undefined) || (response.status === 429 && answer.retryAfterSeconds !== undefined)) {
      const { attemptsLeft, retryAfterSeconds, lockWindowSeconds } = answer;
      throw new SignInRefused({ message: answer.error ?? "No token.", attemptsLeft, retryAfterSeconds, lockWindowSeconds });
    }
    if (!response.ok || !answer.access_token) {
      throw new Error(`No token (HTTP ${response.status}): ${answer.error_description ?? answer.error ?? "no answer"}${answer.reason ? ` (reason: ${answer.reason})` : ""}`);
    }
    const cnf = readJwtSegment(answer.access_token, 1).cnf as { jkt?: string } | undefined;
    const refreshes = body.grant_type === "refresh_token" ? (token?.refreshes ?? 0) + 1 : 0;
    setToken({ accessToken: answer.access_token, refreshes, tokenType: String(answer.token_type), expiresInSeconds: Number(answer.expires_in), jkt: cnf?.jkt });
    setRefreshToken(answer.refresh_token ?? null);
    setCall(null);
    setThief(null);
  }

  const getToken = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const fields = new FormData(form);
    setRefusal(null);
    void step("token", async () => {
      try {
        await requestToken({ username: fields.get("username"), password: fields.get("password") });
      } catch (error) {
        if (!(error instanceof SignInRefused)) throw error;
        setRefusal(error.answer);
        return;
      }
      form.reset(); // the password is not kept
    });
  };

  // The refresh token is spent (rotated): a second use of the same one would be reuse.
  const refreshAccessToken = () =>
    step("token", async () => {
      if (refreshToken) await requestToken({ grant_type: "refresh_token", refresh_token: refreshToken });
    });

  const callApi = () =>
    step("call", async () => {
      if (!key || !token) return;
      const { generateProof } = await loadDpop();
      // A fresh proof for each request: its own jti, and ath, the hash of the token it goes with.
      const proof = await generateProof(key.keyPair, absolute(JWT_ROUTES.api.me), "GET", undefined, token.accessToken);
      const answer = await callMe(`DPoP ${token.accessToken}`, proof);
      setCall((before) => ({ answer, proof, count: (before?.count ?? 0) + 1 }));
    });

  const playThief = () =>
    step("thief", async () => {
      if (!token) return;
      const meUrl = absolute(JWT_ROUTES.api.me);
      const bearer = await callMe(`Bearer ${token.accessToken}`);
      // A thief's own key, made for this one try and kept nowhere: a valid proof, by the wrong key.
      const { generateProof } = await loadDpop();
      const thiefProof = await generateProof(await generateDpopKeyPair(), meUrl, "GET", undefined, token.accessToken);
      const thiefKey = await callMe(`DPoP ${token.accessToken}`, thiefProof);
      // The dashboard's own cookie JWT, through the demo's deliberate hole ("Copy my credential").
      const cookieJwt = await revealJwtCredential().catch(() => null);
      const cookie = cookieJwt ? { answer: await callMe(`Bearer ${cookieJwt}`), command: bearerCommand(cookieJwt, meUrl) } : null;
      setThief({ bearer: { answer: bearer, command: bearerCommand(token.accessToken, meUrl) }, thiefKey: { answer: thiefKey }, cookie });
    });

  return (
    <details className="card dpop-panel" id="dpop" data-testid="dpop-panel" onToggle={onToggle}>
      <summary>DPoP: a token only this browser&apos;s key can use, and what a thief gets without it</summary>
      <p>
        A Bearer token, like this dashboard&apos;s cookie, works for whoever holds a copy. A DPoP-bound token (RFC 9449)
        names a key, and every request must carry a fresh proof signed with it. Here the page plays a script: the same
        token endpoint and API as <code>scripts/dpop-demo.ts</code>, with WebCrypto.
      </p>
      {opened && (
        <>
          <ol className="dpop-steps">
            <li>
              <h3>A key that never leaves this browser</h3>
              <KeyFacts browserKey={key} loaded={keyLoaded} />
              <button type="button" className={key ? "secondary" : undefined} onClick={generateKey} disabled={busy !== null || !keyLoaded}>
                {key ? "Replace the key" : "Generate a key"}
              </button>
              <StepProblem problem={problem} at="key" />
            </li>
            <li>
              <h3>A token bound to it</h3>
              {refreshToken ? (
                <>
                  <button type="button" className="secondary" onClick={refreshAccessToken} disabled={busy !== null} data-testid="dpop-refresh">
                    Get a new one with the refresh token
                  </button>
                  <p className="dpop-refresh-note">
                    No password and no new device: the refresh token is bound to the same key, so the request needs a proof too.
                  </p>
                </>
              ) : (
                <TokenForm username={username} onSubmit={getToken} disabled={busy !== null || !key || lockWaiting}>
                  {refusal && <SignInRefusal answer={refusal} onLockEnd={endLockWait} resetTo={resetTo} />}
                </TokenForm>
              )}
              <StepProblem problem={problem} at="token" />
              {token && key && <TokenFacts token={token} thumbprint={key.thumbprint} />}
            </li>
            <li>
              <h3>Use it</h3>
              <p>
                <code>GET {JWT_ROUTES.api.me}</code> with <code>Authorization: DPoP</code> and a new proof each time (its
                own <code>jti</code>, which the server accepts once).
              </p>
              <button type="button" onClick={callApi} disabled={busy !== null || !token}>Call the API</button>
              <StepProblem problem={problem} at="call" />
              {call && <CallResult call={call} />}
            </li>
            <li>
              <h3>Play the thief</h3>
              <p>
                Someone copies the token from this page (or a script&apos;s logs) and replays it without the key, next to
                the dashboard&apos;s own cookie JWT replayed the same way (taken through &ldquo;Copy my credential&rdquo;,
                the demo&apos;s deliberate hole).
              </p>
              <button type="button" onClick={playThief} disabled={busy !== null || !token}>Replay both without the key</button>
              <StepProblem problem={problem} at="thief" />
              {thief && <ThiefResult round={thief} />}
            </li>
          </ol>
        </>
      )}
    </details>
  );
}

function KeyFacts({ browserKey, loaded }: { browserKey: BrowserKey | null; loaded: boolean }) {
  if (!loaded) return <p>Looking for this browser&apos;s key in IndexedDB…</p>;
  if (!browserKey) return <p data-testid="dpop-no-key">No key yet in this browser. WebCrypto makes one: ECDSA P-256, its private half not extractable.</p>;
  const { keyPair, thumbprint, createdAtMs, source, kept } = browserKey;
  return (
    <div role="status">
      <dl className="facts">
        <dt>key</dt>
        <dd>ECDSA P-256 (proofs signed ES256)</dd>
        <dt>private key</dt>
        <dd data-testid="dpop-key-extractable">
          {keyPair.privateKey.extractable ? "extractable" : "not extractable: this page signs with it (so could a script injected into it, while it is open); nothing can read it out"}
        </dd>
        <dt>kept in</dt>
        <dd data-testid="dpop-key-source">
          {!kept
            ? "this page only (IndexedDB refused it): a reload loses it"
            : source === "indexeddb"
              ? `IndexedDB: found there on this load, made ${new Date(createdAtMs).toLocaleString()}`
              : "IndexedDB, just made: a reload finds it there"}
        </dd>
        <dt>thumbprint</dt>
        <dd>
          <code data-testid="dpop-thumbprint">{thumbprint}</code> <span className="source-ref">(RFC 7638, SHA-256 of the public key)</span>
        </dd>
      </dl>
    </div>
  );
}

/** A step's failure, under its button. */
function StepProblem({ problem, at }: { problem: Problem | null; at: Problem["at"] }) {
  if (problem?.at !== at) return null;
  return <p className="notice dpop-problem" role="alert" data-testid="dpop-problem">{problem.text}</p>;
}

/**
 * The sign-in refused by the login limiter, as the login forms say it: the attempts left, or the
 * lock (its countdown, every lane, the reset where enabled). Brought into view when it comes:
 * on a phone the button may sit at the screen's edge.
 */
function SignInRefusal({ answer, onLockEnd, resetTo }: { answer: StepUpAnswer; onLockEnd: () => void; resetTo?: string }) {
  const said = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // The sentence, then the button under it: both on screen (together they are shorter than a phone's screen).
    said.current?.scrollIntoView({ block: "nearest" });
    said.current?.closest("form")?.querySelector("[type=submit]")?.scrollIntoView({ block: "nearest" });
  }, [answer]);
  return (
    <div className="dpop-refusal" data-testid="dpop-sign-in-refused" ref={said}>
      <StepUpNotices {...answer} resetTo={resetTo} onLockEnd={onLockEnd} />
    </div>
  );
}

/** The password grant's form; `children`: what the last try got, between the fields and the button. */
function TokenForm({ username, onSubmit, disabled, children }: { username: string; onSubmit: (event: FormEvent<HTMLFormElement>) => void; disabled: boolean; children?: React.ReactNode }) {
  const id = useId();
  return (
    <form className="dpop-token-form" onSubmit={onSubmit}>
      <p>
        <code>POST {JWT_ROUTES.api.token}</code> with a proof of the key: a sign-in of its own (your password again;
        the demo&apos;s are on the <a href={JWT_ROUTES.login}>login page</a>), counted as one more device.
      </p>
      <div className="dpop-fields">
        <label htmlFor={`${id}-username`}>Username</label>
        <input id={`${id}-username`} name="username" defaultValue={username} autoComplete="username" required />
        <label htmlFor={`${id}-password`}>Password</label>
        <input id={`${id}-password`} name="password" type="password" autoComplete="current-password" required />
      </div>
      {children}
      <button type="submit" disabled={disabled}>Get a DPoP token</button>
    </form>
  );
}

function TokenFacts({ token, thumbprint }: { token: BoundToken; thumbprint: string }) {
  const matches = token.jkt === thumbprint;
  return (
    <div role="status">
      <dl className="facts">
        <dt>token_type</dt>
        <dd>
          <span data-testid="dpop-token-type">{token.tokenType}</span>{" "}
          <span className="source-ref" data-testid="dpop-token-type-note">(sent as <code>Authorization: DPoP</code>, each time with a fresh proof; a Bearer token is sent alone)</span>
        </dd>
        <dt>from</dt>
        <dd data-testid="dpop-token-from">
          {token.refreshes === 0
            ? "a sign-in with your password: one more device"
            : `the refresh token (${token.refreshes === 1 ? "once" : token.refreshes === 2 ? "twice" : `${token.refreshes} times`} since the sign-in): still one device, no password`}
        </dd>
        <dt>expires_in</dt>
        <dd><span data-testid="dpop-expires-in">{token.expiresInSeconds} s</span> <span className="source-ref">(how long this access token works)</span></dd>
        <dt>cnf.jkt</dt>
        <dd>
          <code data-testid="dpop-jkt">{token.jkt ?? "(none)"}</code>{" "}
          <span data-testid="dpop-jkt-match" className={matches ? "state-in" : "error"}>
            {matches ? "= this key's thumbprint: the token names the key" : "≠ this key's thumbprint"}
          </span>
          <br />
          <span className="source-ref" data-testid="dpop-jkt-note">
            cnf.jkt, in the access token: the thumbprint of the key that must sign every proof (cnf: confirmation; jkt: JWK thumbprint)
          </span>
        </dd>
        <dt>kept in</dt>
        <dd>this page&apos;s memory only (no cookie, no storage): a reload forgets it, the key stays</dd>
      </dl>
    </div>
  );
}

function CallResult({ call }: { call: ApiCall }) {
  const { answer, proof, count } = call;
  const user = answer.body.user;
  return (
    <div role="status">
        <p className="dpop-answer" data-testid="dpop-api-answer" data-status={answer.status}>
          Call {count}: <strong className={answer.status === 200 ? "verdict verdict-accepted" : "verdict verdict-refused"}>{answer.status}</strong>{" "}
          {user ? `signed in as ${user.id} (${user.role})` : <WithCode text={`${answer.description ?? "refused"}${answer.body.reason ? ` (reason: ${answer.body.reason})` : ""}`} />}
        </p>
        <details className="dpop-proof">
          <summary>The proof this call sent (<code>jti</code> {short(String(readJwtSegment(proof, 1).jti))})</summary>
          <JsonBlock value={{ header: readJwtSegment(proof, 0), payload: readJwtSegment(proof, 1) }} copyLabel="Copy the proof" testId="dpop-proof" />
          <ProofFieldNotes proof={proof} />
        </details>
    </div>
  );
}

/**
 * What each field of a DPoP proof (RFC 9449 §4.2) is for, in a line: the header's, then the
 * payload's. Each one narrows what a stolen proof could be used for.
 */
const PROOF_FIELD_NOTES: ReadonlyArray<readonly [field: string, note: string]> = [
  ["typ", "“dpop+jwt”: says this signed JSON is a DPoP proof, so no other kind of token can pass for one"],
  ["alg", "how it is signed: ES256, ECDSA with this browser's P-256 key"],
  ["jwk", "the public half of that key: the server checks the signature with it, and its thumbprint against the token's cnf.jkt"],
  ["htm", "the HTTP method this proof is for: a proof made for GET cannot be used for POST"],
  ["htu", "the URL this proof is for: it cannot be used at another endpoint"],
  ["iat", "when it was made (seconds since 1970): the server accepts it only close to its own clock, so an old proof is useless"],
  ["jti", "a unique id: the server remembers it, so the same proof cannot be sent twice"],
  ["ath", "hash (SHA-256) of the access token: ties this proof to this one token"],
];

/** The proof's fields, each explained where the proof is shown (only those it carries). */
function ProofFieldNotes({ proof }: { proof: string }) {
  const present = new Set([...Object.keys(readJwtSegment(proof, 0)), ...Object.keys(readJwtSegment(proof, 1))]);
  return (
    <dl className="facts dpop-field-notes" data-testid="dpop-proof-fields" aria-label="What each field of the proof means">
      {PROOF_FIELD_NOTES.filter(([field]) => present.has(field)).map(([field, note]) => (
        <Fragment key={field}>
          <dt><code>{field}</code></dt>
          <dd>{note}</dd>
        </Fragment>
      ))}
    </dl>
  );
}

function ThiefResult({ round }: { round: ThiefRound }) {
  return (
    <div className="dpop-replays" role="status">
      <section>
        <h4>The DPoP token, without its key</h4>
        <ReplayOutcome what="replayed as Bearer, with no proof" replay={round.bearer} testId="dpop-replay-bearer" />
        <ReplayOutcome what="replayed as DPoP, with a proof by the thief's own key" replay={round.thiefKey} testId="dpop-replay-thief-key" />
      </section>
      <section>
        <h4>The dashboard&apos;s cookie JWT (Bearer)</h4>
        {round.cookie ? (
          <ReplayOutcome what="replayed as Bearer, the same way" replay={round.cookie} testId="cookie-replay-bearer" />
        ) : (
          <p data-testid="cookie-replay-bearer">No cookie JWT to copy: this browser is no longer signed in.</p>
        )}
      </section>
    </div>
  );
}

/** The server's sentence, its `backticked` parts as code. */
function WithCode({ text }: { text: string }) {
  return text.split("`").map((part, index) => (index % 2 === 1 ? <code key={index}>{part}</code> : part));
}

/** One replay: accepted is the attacker winning, a 401 the defence holding, anything else no verdict. */
function ReplayOutcome({ what, replay, testId }: { what: string; replay: Replay; testId: string }) {
  const { answer, command } = replay;
  const outcome = answer.status === 200 ? attackOutcome(true) : answer.status === 401 ? attackOutcome(false) : null;
  const user = answer.body.user;
  return (
    <div className={`attack-box${outcome ? ` attack-${outcome}` : ""}`} data-testid={testId} data-verdict={outcome ?? "none"}>
      <p>
        {outcome ? <AttackVerdict outcome={outcome} /> : <strong>No verdict</strong>} {what}
      </p>
      <p>
        <strong data-testid={`${testId}-status`}>{answer.status}</strong>:{" "}
        {user ? (
          <>accepted, signed in as {user.id} ({user.role}).</>
        ) : (
          <>
            <WithCode text={answer.description ?? "refused."} />
            {answer.body.reason && (
              <>
                {" "}
                <span className="source-ref">(reason: <code data-testid={`${testId}-reason`}>{answer.body.reason}</code>)</span>
              </>
            )}
          </>
        )}
      </p>
      {command && (
        <CommandBlock command={command} testId={`${testId}-command`} />
      )}
    </div>
  );
}
