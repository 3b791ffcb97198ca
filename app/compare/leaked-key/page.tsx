import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { ROUTES } from "@/app/routes";
import { JWT_ROUTES } from "@/app/jwt/routes";
import { SESSION_ROUTES } from "@/app/session/routes";
import { AttackVerdict, attackOutcome } from "@/app/ui/attack-verdict";
import { formatSeconds } from "@/app/ui/duration";
import { thirdPartyConfig } from "@/lib/third-party/config";
import { JWKS_MAX_AGE_SECONDS } from "@/lib/third-party/token";
import { recentLeakedKeyDrill, type DrillLane, type DrillRow } from "./drill";
import "./leaked-key.css";

export const metadata: Metadata = { title: "The leaked-key drill" };

const LANES: DrillLane[] = ["jwt", "authjs", "session", "better-auth"];
const LANE_TITLES: Record<DrillLane, string> = {
  jwt: "JWT (JWT_SECRET)",
  authjs: "Auth.js (AUTH_SECRET)",
  session: "Server-side session (no key)",
  "better-auth": "Better Auth (BETTER_AUTH_SECRET)",
};
const ROTATION_DOCS = `${ROUTES.docs.index}/deploying#rotating-the-signing-keys`;

/**
 * The attacker's rows carry the attack verdict (app/ui/attack-verdict.tsx). A user's own
 * credential is no attack, so it never takes a verdict's pill: refused, it is the price of the
 * rotation, a sign-out, drawn as a state change (--state-change, like "Signed out."), never in
 * the red that means the attacker won; accepted, it is a check passing, plain green words.
 */
function RowVerdict({ row }: { row: DrillRow }) {
  if (row.holder === "attacker") return <AttackVerdict outcome={attackOutcome(row.accepted)} />;
  return row.accepted
    ? <strong className="drill-own drill-own-accepted">Accepted</strong>
    : <strong className="drill-own drill-own-refused">Refused</strong>;
}

/**
 * The rows, grouped by the keys they were checked with (a heading each). Each row is folded: its
 * summary gives the verdict and what was sent in words; opened, it says what that means (then the
 * checker's reason code, the wire value) and who sent it. The checker most rows share is named
 * once, above them; a row checked by something else names its own.
 */
function Rows({ rows }: { rows: DrillRow[] }) {
  const groups: { keys: string; rows: DrillRow[] }[] = [];
  for (const row of rows) {
    const last = groups.at(-1);
    if (last?.keys === row.keys) last.rows.push(row);
    else groups.push({ keys: row.keys, rows: [row] });
  }
  const checker = mostCommon(rows.map((row) => row.against));
  const allChecker = rows.every((row) => row.against === checker);
  return (
    <>
      <p className="drill-against drill-checker">Checked by {checker}{allChecker ? "" : ", unless a row says otherwise"}.</p>
      {groups.map((group) => (
        <div key={group.rows[0].id} className="drill-group">
          <h4 className="drill-keys-held">{group.keys}</h4>
          <ul className="drill-rows">
            {group.rows.map((row) => (
              <li key={row.id} className="drill-row" data-testid={`drill-${row.id}`} data-accepted={row.accepted}>
                <details>
                  <summary>
                    <span className="drill-verdict"><RowVerdict row={row} /></span>{" "}
                    <span className="drill-what">{row.what}</span>
                  </summary>
                  <p className="drill-meaning">
                    {row.meaning}
                    {row.reason && <> <span className="source-ref drill-reason">(reason: <code>{row.reason}</code>)</span></>}
                  </p>
                  <p className="drill-against">
                    {row.holder === "attacker" ? "Sent by the attacker" : "Sent by its user"}
                    {row.against === checker ? "." : `; checked by ${row.against}.`}
                  </p>
                </details>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </>
  );
}

/** The value most of `values` share (the first, on a tie). */
function mostCommon(values: string[]): string {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].reduce((best, entry) => (entry[1] > best[1] ? entry : best))[0];
}

/** One step of the drill, a card per lane. `folded`: reference (the procedure), closed until asked for. */
function Step({ id, title, intro, cards, folded = false }: { id: string; title: string; intro: ReactNode; cards: Record<DrillLane, ReactNode>; folded?: boolean }) {
  const lanes = (
    <div className="columns drill-lanes">
      {LANES.map((lane) => (
        <article key={lane} className={`card ${lane}`} data-testid={`${id}-${lane}`} aria-label={`${LANE_TITLES[lane]}: ${title}`}>
          <h3>{LANE_TITLES[lane]}</h3>
          {cards[lane]}
        </article>
      ))}
    </div>
  );
  if (folded) {
    return (
      <details className="drill-step drill-folded" data-testid={id}>
        <summary><h2 id={id}>{title}</h2></summary>
        {intro}
        {lanes}
      </details>
    );
  }
  return (
    <section className="drill-step" aria-labelledby={id} data-testid={id}>
      <h2 id={id}>{title}</h2>
      {intro}
      {lanes}
    </section>
  );
}

/**
 * "The signing key leaked", lane by lane: every verdict below was computed within the last minute by
 * the real verifiers, with throwaway keys standing in for the app's (./drill.ts).
 */
export default async function LeakedKeyDrillPage() {
  await connection(); // run when asked, never at build time
  const drill = await recentLeakedKeyDrill();
  const { lanes } = drill;
  // A figure and its unit on one line ("5 min", never "5" then "min" below).
  const figure = (seconds: number) => formatSeconds(seconds).replace(" ", "\u00a0");
  const thirdPartyTtl = figure(thirdPartyConfig().tokenTtlSeconds);
  const jwksMaxAge = figure(JWKS_MAX_AGE_SECONDS);
  return (
    <>
      <h1>The signing key leaked: a drill</h1>
      <p>
        What someone holding <code>JWT_SECRET</code>, <code>AUTH_SECRET</code> or <code>BETTER_AUTH_SECRET</code> can
        do, what a key rotation does to them and to your users, and what to do, lane by lane. Every verdict on this
        page was computed within the last minute by this app&apos;s real verifiers (<code>verifyAccessTokenFully</code>,
        Auth.js&apos;s own <code>decode</code>, the session core&apos;s <code>validateSessionToken</code>, Better
        Auth&apos;s <code>getSession</code> on a store of the drill&apos;s own), keyed with throwaway keys that this
        server made when it started. The app&apos;s own keys sign nothing here: each lane shows the
        forgery refused by them.
      </p>
      <p className="drill-keys drill-lane-note">
        The JWT lane&apos;s throwaway keys, by the fingerprint a token names them with (<code>kid</code>): the
        leaked one <code data-testid="kid-leaked">{drill.jwtKeyIds.leaked}</code>, its replacement{" "}
        <code>{drill.jwtKeyIds.replacement}</code>.
      </p>
      <p className="drill-lane-note">
        The attacker&apos;s credentials get a verdict: <AttackVerdict outcome="attacker-wins" /> when accepted,{" "}
        <AttackVerdict outcome="defence-holds" /> when refused. A user&apos;s own credential is just accepted or refused.
        Each row says what was sent and the verdict: open it for what that means.
      </p>

      <Step
        id="step-mint"
        title="1. What an attacker can mint with the key"
        intro={<p>The attacker holds the key, and one user&apos;s credential at most. What can they make?</p>}
        cards={{
          jwt: <Rows rows={lanes.jwt.mint} />,
          authjs: <Rows rows={lanes.authjs.mint} />,
          session: <Rows rows={lanes.session.mint} />,
          "better-auth": <><p className="drill-lane-note">The session cookie is a random token and its HMAC under the secret; the cookie cache, when on, a signed copy of the session and user. Bob is signed in; his session is in the store.</p><Rows rows={lanes["better-auth"].mint} /></>,
        }}
      />

      <Step
        id="step-rotate"
        title="2. What rotation does to live users"
        intro={<p>A routine rotation keeps the old key to verify with, so nobody is signed out. After a leak that old key is the attacker&apos;s.</p>}
        cards={{
          jwt: <><p className="drill-lane-note"><code>JWT_SECRET</code> signs, <code>JWT_SECRET_PREVIOUS</code> only verifies. Bob signed in before the leak; the attacker holds the admin token from step 1.</p><Rows rows={lanes.jwt.rotation} /></>,
          authjs: <><p className="drill-lane-note">Auth.js takes its keys as one list: the first seals, every one opens (<code>AUTH_SECRET</code>, then <code>AUTH_SECRET_PREVIOUS</code>), and each cookie it reads is sealed again with the first.</p><Rows rows={lanes.authjs.rotation} /></>,
          session: <><p className="drill-lane-note">Nothing to rotate: no key signs a session. What can be stolen is a cookie, and it ends in the store. Here a copy of alice&apos;s phone cookie was taken, and she signs out her other devices from her laptop.</p><Rows rows={lanes.session.rotation} /></>,
          "better-auth": <><p className="drill-lane-note">No routine rotation: Better Auth 1.7 signs and checks its cookies with one secret. Its <code>secrets</code> list (<code>BETTER_AUTH_SECRETS</code>) keeps older secrets to decrypt with, not to check signatures: any new secret signs every user out, the attacker with them.</p><Rows rows={lanes["better-auth"].rotation} /></>,
        }}
      />

      <Step
        id="step-do"
        folded
        title="3. What to do, in order"
        intro={<p>The whole procedure, and the routine rotation beside it, is in <a href={ROTATION_DOCS}>Deploying: rotating the signing keys</a>.</p>}
        cards={{
          jwt: (
            <ol className="drill-steps">
              <li>Make a new key (<code>openssl rand -base64 32</code>) and set it as <code>JWT_SECRET</code>. Leave the leaked key <strong>out</strong> of <code>JWT_SECRET_PREVIOUS</code>: kept there, it goes on accepting what the attacker minted.</li>
              <li>Restart every instance together: one still holding the leaked key accepts the attacker&apos;s tokens.</li>
              <li>Every JWT user signs in again: their access and refresh tokens named the leaked key (<code>bad-signature</code>). Tell them why.</li>
              <li>Find how the key leaked before the new one goes the same way.</li>
            </ol>
          ),
          authjs: (
            <ol className="drill-steps">
              <li>Set a new <code>AUTH_SECRET</code>; leave the leaked key <strong>out</strong> of <code>AUTH_SECRET_PREVIOUS</code>; restart every instance together.</li>
              <li>If the leaked key spent any time in <code>AUTH_SECRET_PREVIOUS</code>, cookies used meanwhile were sealed again with the new key, the attacker&apos;s too: sign those users out everywhere (their token version) once the leaked key is gone.</li>
              <li>Every Auth.js user signs in again.</li>
              <li>Treat what the cookies held as read: here an id, a role and a name.</li>
            </ol>
          ),
          session: (
            <ol className="drill-steps">
              <li>Nothing to rotate: a session token is random, and the store keeps only its hash.</li>
              <li>A stolen cookie: end that session (<Link href={SESSION_ROUTES.devices}>the device list</Link>, or &quot;sign out all other devices&quot;). The user&apos;s other devices and everyone else stay signed in.</li>
              <li>A leaked copy of the store yields no cookie; it does name users and roles.</li>
              <li data-testid="step-do-session-third-party">
                The lane&apos;s one signing key is for third parties (<code>THIRD_PARTY_SIGNING_KEYS</code>, Ed25519). Its holder
                signs any user, role and <code>exp</code>, a year away too: it verifies wherever a JWKS still lists the key. Put a
                new key first, leave the leaked one out, restart every instance: a third party refuses the leaked key&apos;s tokens
                only once its cached copy of <code>/.well-known/jwks.json</code> drops it. Allow {jwksMaxAge} after the last
                restart (the JWKS&apos;s cache max-age), more where a cache in between keeps it longer, and tell each third party
                to fetch the JWKS again.
              </li>
              <li>Nothing revokes a third-party token this app minted: it outlives &quot;sign out all other devices&quot; and a role change by up to its lifetime, {thirdPartyTtl}. The third party never asks the session store.</li>
            </ol>
          ),
          "better-auth": (
            <ol className="drill-steps">
              <li>Set a new <code>BETTER_AUTH_SECRET</code> and restart every instance together. There is no previous-secret variable to fill in: Better Auth would not check signatures with it.</li>
              <li>Every Better Auth user is signed out at once, cookie cache or not: tell them why. What the attacker minted dies with the old secret, whatever expiry it names.</li>
              <li>If the store leaked too: its sessions hold their tokens as they are. They name no cookie under the new secret, but delete them (the <code>better-auth:</code> keys) so the next leaked secret finds none.</li>
              <li>With the cookie cache on, the leak made anyone an admin until now: check what was done as whom, not just who signed in.</li>
            </ol>
          ),
        }}
      />

      <p className="drill-step">
        More: <a href={JWT_ROUTES.playground}>the token tamper playground</a> signs your own token&apos;s variants with a
        throwaway key too; <Link href={ROUTES.compare}>the comparison</Link> has the rest of the trade-offs.
      </p>
    </>
  );
}
