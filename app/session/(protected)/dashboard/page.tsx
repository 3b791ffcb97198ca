import { requireSessionUser } from "@/lib/guards";
import { SESSION_COOKIE, inspectStoredSession, listSessionsForUser, defaultSessionDeps } from "@/lib/session";
import { cookieBytes } from "@/lib/cookies";
import { Countdown } from "@/app/ui/countdown";
import { LogoutButton } from "@/app/ui/logout-button";

export default async function SessionDashboard() {
  const auth = await requireSessionUser();
  const deps = defaultSessionDeps();
  const [stored, sessions] = await Promise.all([inspectStoredSession(deps.store, auth.id), listSessionsForUser(deps, auth.user.id)]);
  const now = auth.verifiedAtMs;

  return (
    <div className="columns">
      <section className="card session">
        <h1>Session dashboard</h1>
        <p data-testid="session-user" className="state-in">signed in as {auth.user.id} ({auth.user.role})</p>
        <dl className="facts">
          <dt>cookie</dt>
          <dd><code>{SESSION_COOKIE}</code>, {cookieBytes(SESSION_COOKIE, auth.token)} bytes, random, meaningless without the store</dd>
          <dt>store</dt>
          <dd>{deps.store.kind}</dd>
          <dt>idle expiry</dt>
          <dd>{new Date(auth.record.expiresAt).toISOString()} (<Countdown expiresAtMs={auth.record.expiresAt} serverNowMs={now} />), extended when less than half is left</dd>
          <dt>absolute cap</dt>
          <dd>{new Date(auth.record.absoluteExpiresAt).toISOString()}</dd>
          <dt>TTL in the store</dt>
          <dd data-testid="session-ttl">{stored.ttlSeconds ?? "none"} s</dd>
          <dt>your sessions</dt>
          <dd data-testid="session-count">{sessions.length} (from the per-user index <code>user-sessions:{auth.user.id}</code>)</dd>
          <dt>first gate</dt>
          <dd>middleware checked only that the cookie is well-formed (the Edge runtime cannot see this server&apos;s memory)</dd>
          <dt>second gate</dt>
          <dd>this page looked the session up in the store with <code>requireSessionUser()</code></dd>
        </dl>
        <LogoutButton endpoint="/api/session/logout" redirectTo="/session/login" />
      </section>
      <section className="card">
        <h2>The record, as stored</h2>
        <p>Key: the SHA-256 of the cookie value. Reading the store does not give anyone a usable cookie.</p>
        <pre data-testid="session-record">{stored.raw ? `${stored.key}\n${JSON.stringify(JSON.parse(stored.raw), null, 2)}` : "(gone)"}</pre>
      </section>
    </div>
  );
}
