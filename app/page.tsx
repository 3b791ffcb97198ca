import { ROUTES } from "@/app/routes";
import { JWT_ROUTES } from "@/app/jwt/routes";
import { SESSION_ROUTES } from "@/app/session/routes";
import { AUTHJS_ROUTES } from "@/app/authjs/routes";
import Link from "next/link";
import { getAuthjsSession } from "@/app/authjs/gate";
import { getJwtAuth } from "@/app/jwt/gate";
import { getSessionAuth } from "@/app/session/gate";
import { findAuthjsCookie } from "@/lib/authjs/cookie";
import { cookies } from "next/headers";
import { JWT_COOKIE, JWT_FAILURE_MESSAGES } from "@/lib/jwt";
import { REVOCATION_CHECK_LABELS } from "@/app/jwt/check-labels";
import { SESSION_COOKIE, sessionFailureMessagesHere, sessionKey } from "@/lib/session";
import { cookieBytes, authCookieOptions } from "@/lib/cookies";
import { AUTHJS_SESSION_COOKIE } from "@/lib/authjs/session-cookie";
import { describeStore } from "@/lib/store/describe";
import { ownValue } from "@/app/ui/own-value";
import { STORE_UNAVAILABLE_MESSAGE } from "@/lib/http";
import { orStoreDown } from "./ui/store-down";
import { DemoUsers } from "./ui/demo-users";
import { PostButton } from "./ui/post-button";
import { CodeLines, highlightJson } from "./ui/code-lines";
import { RESET_DONE_MESSAGE, demoResetEnabled } from "./demo/reset";
import { signOutToHome } from "./authjs/actions";
import { signOutToHome as signOutOfBetterAuthToHome } from "./better-auth/actions";
import { getBetterAuthSession } from "./better-auth/gate";
import { BETTER_AUTH_ROUTES } from "./better-auth/routes";
import { BETTER_AUTH_CACHE_COOKIE, BETTER_AUTH_SESSION_COOKIE } from "@/lib/better-auth/config";

export const dynamic = "force-dynamic";

/** What the page confirms after a one-click action sent the browser back here. */
const DONE_MESSAGES: Record<string, string> = {
  reset: RESET_DONE_MESSAGE,
  "jwt-signed-out": "Signed out of the JWT lane: the cookie is gone (and, with revocation checks, the token is refused).",
  "session-signed-out": "Signed out of the session lane: the session was deleted from the store.",
  "authjs-signed-out": "Signed out of the Auth.js lane: its cookie is gone.",
  "better-auth-signed-out": "Signed out of the Better Auth lane: its session was deleted from the store.",
};

function BrowserHolds({ name, value }: { name: string; value: string | undefined }) {
  return (
    <dl className="facts">
      <dt>cookie</dt>
      <dd><code>{name}</code></dd>
      <dt>size</dt>
      <dd data-testid="cookie-bytes">{value ? `${cookieBytes(name, value)} bytes` : "no cookie"}</dd>
      <dt>readable by JavaScript</dt>
      <dd>{authCookieOptions(0).httpOnly ? "no (HttpOnly)" : "yes"}</dd>
    </dl>
  );
}

/**
 * "Try this next": the demos that teach the trade-off, in order, each a link to the page where
 * it happens and one sentence on what you will see. Short, so the lanes stay near the top on a phone.
 * (Plain links to the JWT pages: see middleware.ts on prefetching with a refresh token.)
 */
/** The JWT login with its revocation checks unticked: the plain JWT whose stolen copy outlives the sign-out. */
const PLAIN_JWT_LOGIN = `${JWT_ROUTES.login}?${new URLSearchParams({ checks: "none" })}`;

function GuidedPath() {
  return (
    <section className="guided-path" aria-labelledby="guided-path-title" data-testid="guided-path">
      <h2 id="guided-path-title">Try this next</h2>
      <ol>
        <li>
          <strong>Steal a cookie, then sign out</strong> (<a href={SESSION_ROUTES.dashboard}>session</a>,{" "}
          <a href={PLAIN_JWT_LOGIN}>JWT</a>): sign in to JWT with the revocation checks unticked (a plain JWT), then run
          each dashboard&apos;s stopwatch: the session&apos;s copy is refused at once; a plain JWT&apos;s keeps working.
        </li>
        <li>
          <strong>Change a role</strong> (<a href={JWT_ROUTES.admin}>JWT admin</a>, as alice): bob&apos;s token keeps its old
          role until a check or a refresh catches up.
        </li>
        <li>
          <strong>Replay a spent refresh token</strong> (<a href={`${JWT_ROUTES.dashboard}#refresh-family`}>the refresh family</a>):
          refresh twice, then replay as the thief: reuse is detected, and the whole sign-in revoked. (The token spent
          last is answered once within a few seconds, as for a second tab.)
        </li>
        <li>
          <strong>Forge a token</strong> (<a href={JWT_ROUTES.playground}>the tamper playground</a>,{" "}
          <Link href={ROUTES.leakedKeyDrill}>the leaked-key drill</Link>): each forgery refused, with its reason.
        </li>
      </ol>
    </section>
  );
}

/** The session record under its storage key: the key line as it is, the record coloured as JSON; copied whole. */
function SessionRecord({ storageKey, record }: { storageKey: string; record: unknown }) {
  const json = JSON.stringify(record, null, 2);
  return <CodeLines code={`${storageKey}\n${json}`} lines={[[{ text: storageKey }], ...highlightJson(json)]} copyLabel="Copy the record" testId="session-server-holds" />;
}

export default async function Home({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { done } = await searchParams;
  const doneMessage = ownValue(DONE_MESSAGES, typeof done === "string" ? done : undefined);
  const jar = await cookies();
  const [jwt, session, authjs, betterAuth] = await Promise.all([
    orStoreDown(getJwtAuth(), jar.get(JWT_COOKIE)?.value),
    orStoreDown(getSessionAuth(), jar.get(SESSION_COOKIE)?.value),
    getAuthjsSession(),
    orStoreDown(getBetterAuthSession().then((s) => (s ? { ok: true as const, ...s } : { ok: false as const })), undefined),
  ]);
  const authjsCookie = findAuthjsCookie(jar);
  const betterAuthCache = jar.get(BETTER_AUTH_CACHE_COOKIE)?.value;
  // Where the store is, for signed-in users only; an anonymous visitor learns its kind.
  const signedIn = jwt.ok || session.ok || Boolean(authjs?.user) || betterAuth.ok;

  return (
    <>
      <h1>JWT, session, Auth.js or Better Auth? All four, side by side.</h1>
      <p>
        Four ways to keep a user signed in, working in one app: a stateless JWT, a server-side session,
        Auth.js&apos;s JWT strategy, and Better Auth&apos;s sessions. Sign in to any of them (or all four) and watch
        what the browser and the server each hold.
      </p>
      {doneMessage && (
        <p className="confirmation" role="status" data-testid="home-confirmation">{doneMessage}</p>
      )}
      <p>
        <Link href={ROUTES.compare} data-testid="compare-link">The comparison table</Link>: every point the{" "}
        <a href={`${ROUTES.docs.index}/choosing#the-articles-behind-this-demo`}>articles this demo is built on</a>{" "}
        raise, with this app&apos;s own numbers and a link to the demo that shows it.
      </p>
      <GuidedPath />
      {/* Two by two on a wide screen (the JWT and the session, then the two frameworks), one column on a phone:
          three across left the fourth lane alone on a row of its own. With a session record to show, the
          session card runs beside both cookie-only lanes and Better Auth goes across (globals.css). */}
      <div className={`columns home-lanes${session.ok ? " with-session-record" : ""}`}>
        <section className="card jwt" data-testid="jwt-column">
          <h2>Stateless JWT</h2>
          <p data-testid="jwt-state" className={jwt.ok ? "state-in" : "state-out"}>
            {jwt.ok ? `signed in as ${jwt.user.id} (${jwt.user.role})` : "not signed in"}
          </p>
          {!jwt.ok && jwt.token && <p className="error">{"storeDown" in jwt ? STORE_UNAVAILABLE_MESSAGE : `Cookie refused: ${JWT_FAILURE_MESSAGES[jwt.reason]}`}</p>}
          <h3>The browser holds</h3>
          <BrowserHolds name={JWT_COOKIE} value={jwt.token} />
          <h3>The server holds</h3>
          <p data-testid="jwt-server-holds">
            {jwt.ok && jwt.claims.rev?.length
              ? `This token was issued with revocation checks (${jwt.claims.rev.map((check) => REVOCATION_CHECK_LABELS[check]).join(", ")}), so the server keeps a little state after all: ${[
                  jwt.claims.rev.includes("jti") && "a denylist entry once you sign out",
                  jwt.claims.rev.includes("ver") && "your token version",
                  jwt.claims.rev.includes("refresh") && "the hashed refresh token and its family",
                ]
                  .filter(Boolean)
                  .join("; ")}.`
              : "Nothing. A plain JWT is verified with the signing secret alone, so no lookup is needed, and nothing can be deleted to sign it out early."}
          </p>
          {jwt.ok && (
            <div className="actions">
              <PostButton endpoint={JWT_ROUTES.api.logout} redirectTo={`${ROUTES.home}?done=jwt-signed-out`} label="Sign out of the JWT lane" secondary />
            </div>
          )}
          <ul className="links">
            <li><Link href={JWT_ROUTES.login}>Sign in (JWT)</Link></li>
            {/* Plain links (see middleware.ts): with an expired access token, a prefetch or a client-side navigation would spend the refresh token unasked, or twice. */}
            <li><a href={JWT_ROUTES.dashboard}>JWT dashboard</a></li>
            <li><a href={JWT_ROUTES.admin}>JWT admin (admins only)</a></li>
          </ul>
        </section>

        <section className="card session" data-testid="session-column">
          <h2>Server-side session</h2>
          <p data-testid="session-state" className={session.ok ? "state-in" : "state-out"}>
            {session.ok ? `signed in as ${session.user.id} (${session.user.role})` : "not signed in"}
          </p>
          {!session.ok && session.token && (
            <p className="error" data-testid="session-refused">
              {"storeDown" in session ? STORE_UNAVAILABLE_MESSAGE : `Cookie refused: ${sessionFailureMessagesHere()[session.reason]}`}
            </p>
          )}
          <h3>The browser holds</h3>
          <BrowserHolds name={SESSION_COOKIE} value={session.token} />
          <h3>The server holds</h3>
          {session.ok ? (
            <>
              <p>Under the SHA-256 of the cookie (never the cookie itself):</p>
              <SessionRecord storageKey={sessionKey(session.id)} record={session.record} />
            </>
          ) : (
            <p data-testid="session-server-holds">No session record for this browser.</p>
          )}
          <p>
            Store: <strong data-testid="store-description">{describeStore({ withAddress: signedIn })}</strong>
          </p>
          {session.ok && (
            <div className="actions">
              <PostButton endpoint={SESSION_ROUTES.api.logout} redirectTo={`${ROUTES.home}?done=session-signed-out`} label="Sign out of the session lane" secondary />
            </div>
          )}
          <ul className="links">
            <li><Link href={SESSION_ROUTES.login}>Sign in (session)</Link></li>
            <li><Link href={SESSION_ROUTES.dashboard}>Session dashboard</Link></li>
            <li><Link href={SESSION_ROUTES.admin}>Session admin (admins only)</Link></li>
          </ul>
        </section>

      <section className="card authjs" data-testid="authjs-column">
        <h2>The framework way: Auth.js (next-auth v5, JWT strategy)</h2>
        <p data-testid="authjs-state" className={authjs ? "state-in" : "state-out"}>
          {authjs ? `signed in as ${authjs.user.id} (${authjs.user.role})` : "not signed in"}
        </p>
        <BrowserHolds name={authjsCookie?.name ?? AUTHJS_SESSION_COOKIE} value={authjsCookie?.value} />
        <p>
          Like the JWT lane the server keeps no session, but the cookie is <strong>encrypted</strong> (a JWE), so
          the browser cannot read the claims. A token version in the store makes &quot;sign out everywhere&quot; work.
        </p>
        {authjs && (
          <form action={signOutToHome} className="actions">
            <button type="submit" className="secondary">Sign out of the Auth.js lane</button>
          </form>
        )}
        <ul className="links">
          <li><Link href={AUTHJS_ROUTES.login}>Sign in (Auth.js)</Link></li>
          <li><Link href={AUTHJS_ROUTES.dashboard}>Auth.js dashboard</Link></li>
          <li><Link href={AUTHJS_ROUTES.admin}>Auth.js admin (admins only)</Link></li>
        </ul>
      </section>

      <section className="card better-auth" data-testid="better-auth-column">
        <h2>The framework way for sessions: Better Auth</h2>
        <p data-testid="better-auth-state" className={betterAuth.ok ? "state-in" : "state-out"}>
          {betterAuth.ok ? `signed in as ${betterAuth.user.id} (${betterAuth.user.role})` : "storeDown" in betterAuth ? STORE_UNAVAILABLE_MESSAGE : "not signed in"}
        </p>
        <BrowserHolds name={BETTER_AUTH_SESSION_COOKIE} value={jar.get(BETTER_AUTH_SESSION_COOKIE)?.value} />
        {betterAuthCache && (
          <dl className="facts" data-testid="better-auth-cache-cookie">
            <dt>and the cookie cache</dt>
            <dd><code>{BETTER_AUTH_CACHE_COOKIE}</code></dd>
            <dt>size</dt>
            <dd>{cookieBytes(BETTER_AUTH_CACHE_COOKIE, betterAuthCache)} bytes (a signed copy of the session and user)</dd>
          </dl>
        )}
        <p>
          Like the session lane the server keeps the session in the store and the cookie only names it. Its optional
          <strong> cookie cache</strong> skips the store for a while, and a revoked session lives that long.
        </p>
        {betterAuth.ok && (
          <form action={signOutOfBetterAuthToHome} className="actions">
            <button type="submit" className="secondary">Sign out of the Better Auth lane</button>
          </form>
        )}
        <ul className="links">
          <li><Link href={BETTER_AUTH_ROUTES.login}>Sign in (Better Auth)</Link></li>
          <li><Link href={BETTER_AUTH_ROUTES.dashboard}>Better Auth dashboard</Link></li>
          <li><Link href={BETTER_AUTH_ROUTES.admin}>Better Auth admin (admins only)</Link></li>
        </ul>
      </section>
      </div>
      <div className="columns" style={{ marginTop: "1.25rem" }}>
        <section className="card">
          <h2>Demo users (the same in every lane)</h2>
          <DemoUsers />
        </section>
        {demoResetEnabled() && (
          <section className="card" data-testid="reset-demo">
            <h2>Stuck?</h2>
            <p>
              Locked out after too many wrong passwords, or roles changed beyond recognition? Reset the demo: every
              sign-in, lockout, role change, token version (a per-user number that makes older JWTs stale), refresh family
              (one sign-in&apos;s chain of rotating refresh tokens) and denylist entry (one JWT refused before it expires) is wiped from the store.
            </p>
            <div className="actions">
              <PostButton endpoint={ROUTES.demo.reset} redirectTo={`${ROUTES.home}?done=reset`} label="Reset demo" />
            </div>
          </section>
        )}
      </div>
    </>
  );
}
