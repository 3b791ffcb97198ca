import type { Metadata } from "next";
import { SignInAge } from "@/app/ui/sign-in-age";
import { stepUpConfig } from "@/lib/step-up";
import { sessionAuthTimeMs } from "@/lib/session/step-up";
import { SESSION_ROUTES } from "@/app/session/routes";
import Link from "next/link";
import { headers } from "next/headers";
import { requireSessionUser } from "@/app/session/gate";
import { SESSION_COOKIE, sessionKey } from "@/lib/session";
import { describeStore } from "@/lib/store/describe";
import { cookieBytes } from "@/lib/cookies";
import { utf8Bytes } from "@/lib/config";
import { storeConfig } from "@/lib/store";
import { Countdown } from "@/app/ui/countdown";
import { LocalTime, RelativeTime } from "@/app/ui/relative-time";
import { PostButton } from "@/app/ui/post-button";
import { StolenCredentialCard } from "@/app/ui/stolen-credential-card";
import { revealSessionCredential } from "../../demo-actions";
import { ThirdPartyPanel } from "@/app/ui/third-party-panel";
import { thirdPartyConfig } from "@/lib/third-party/config";
import { aboutSeconds, formatSeconds } from "@/app/ui/duration";
import { HowItWorks } from "@/app/ui/how-it-works";
import { CodeBlock } from "@/app/ui/code-block";
import { ReferenceSection } from "@/app/ui/reference-section";
import { SignedOutHereNotice, SignedOutHereProvider, WhileSignedIn } from "@/app/ui/signed-out-here";
import { RoleChangeNote } from "@/app/ui/role-change-note";
import { ThisRequest } from "@/app/ui/request-timeline";
import { CookieBudget, headerBytes, laneCookies } from "@/app/ui/cookie-budget";
import { dashboardTimeline } from "@/app/ui/timeline-steps";

export const metadata: Metadata = { title: "Session dashboard" };


/**
 * Everything here comes from the one store round trip the guard made (record + TTL in a
 * pipeline), so this page costs exactly what the session guard costs.
 */
export default async function SessionDashboard() {
  const auth = await requireSessionUser();
  const requestHeaders = await headers();
  const now = auth.verifiedAtMs;
  const edgeCheck = requestHeaders.get("x-auth-session-check");
  const key = sessionKey(auth.id);
  const stored = JSON.stringify(auth.record); // exactly what the store holds under `key`
  const browserBytes = cookieBytes(SESSION_COOKIE, auth.token);
  const timeline = dashboardTimeline({ headers: requestHeaders, cookie: { name: SESSION_COOKIE, bytes: browserBytes }, gate: "requireSessionUser()" });
  // What this session costs the server: its key and record, plus its entry in the user's index.
  const serverBytes = utf8Bytes(key) + utf8Bytes(stored) + utf8Bytes(auth.id);

  return (
    <SignedOutHereProvider>
      <div className="dashboard">
        <section className="card session">
          <h1>Session dashboard</h1>
          <SignedOutHereNotice user={auth.user.id} loginPath={SESSION_ROUTES.login} />
          <WhileSignedIn>
            <p data-testid="session-user" className="state-in">signed in as {auth.user.id} ({auth.user.role})</p>
            <SignInAge authTimeMs={sessionAuthTimeMs(auth.record)} nowMs={now} maxAgeSeconds={stepUpConfig().maxAgeSeconds} />
            <RoleChangeNote userId={auth.user.id} signedInAtMs={auth.record.createdAt} serverNowMs={now} how={() => "This session has the new role already: the session reads it from the store on every request, so nothing had to sign you in again."} />
          </WhileSignedIn>
          <dl className="facts">
            <dt>store</dt>
            <dd data-testid="store-description">{describeStore({ withAddress: true })}</dd>
            <dt>browser holds</dt>
            <dd data-testid="browser-bytes"><code>{SESSION_COOKIE}</code>: {browserBytes} bytes, a random token, meaningless without the store</dd>
            <dt>server holds</dt>
            <dd data-testid="server-bytes">{serverBytes} bytes for this session (key, record and index entry)</dd>
            <WhileSignedIn>
              <dt>idle expiry</dt>
              <dd><LocalTime ms={auth.record.expiresAt}><Countdown expiresAtMs={auth.record.expiresAt} serverNowMs={now} /></LocalTime>, extended when less than half is left</dd>
              <dt>absolute cap</dt>
              <dd><RelativeTime ms={auth.record.absoluteExpiresAt} serverNowMs={now} />, however active the session</dd>
            </WhileSignedIn>
            <dt>store TTL</dt>
            <dd><span data-testid="session-ttl">{auth.ttlSeconds} s</span> (<span data-testid="session-ttl-words">{aboutSeconds(auth.ttlSeconds)}</span>): then the store deletes the record</dd>
          </dl>
          <WhileSignedIn>
            <div className="actions" style={{ alignItems: "center" }}>
              <PostButton endpoint={SESSION_ROUTES.api.logout} redirectTo={`${SESSION_ROUTES.login}?reason=signed-out`} label="Sign out" secondary />
              <Link href={SESSION_ROUTES.devices}>Your devices</Link>
            </div>
          </WhileSignedIn>
        </section>
        <StolenCredentialCard lane="session" reveal={revealSessionCredential} cookieName={SESSION_COOKIE} mePath={SESSION_ROUTES.api.me} logoutEndpoint={SESSION_ROUTES.api.logout} />
        <section className="card wide">
          <h2>A short-lived JWT for a third party</h2>
          <p>
            The hybrid: keep the session for this app, and give another service a token valid for{" "}
            {formatSeconds(thirdPartyConfig().tokenTtlSeconds)} that it can verify with our public key alone.
          </p>
          <ThirdPartyPanel />
        </section>
        <ReferenceSection testId="reference-record" summary="The record, as stored under the SHA-256 of the cookie">
          <p>Reading the store does not give anyone a usable cookie: the key is a hash of it.</p>
          <div data-testid="session-record">
            <p className="source-ref">Under the key <code data-testid="session-record-key">{key}</code>:</p>
            <CodeBlock code={JSON.stringify(auth.record, null, 2)} language="json" copyLabel="Copy the record" testId="session-record-json" />
          </div>
        </ReferenceSection>
        <ReferenceSection testId="reference-gates" summary="The two gates: how this page checked the session">
          <dl className="facts">
            <dt>first gate</dt>
            <dd data-testid="session-first-gate">
              {edgeCheck === "store"
                ? "middleware looked this session up in Redis on the Edge runtime, before any page code ran"
                : `middleware only checked that the cookie is well-formed: ${whyNoLookupAtEdge()}`}
            </dd>
            <dt>second gate</dt>
            <dd>this page looked the session up in the store with <code>requireSessionUser()</code></dd>
          </dl>
        </ReferenceSection>
        <CookieBudget lane="session" cookies={laneCookies(requestHeaders.get("cookie"), SESSION_COOKIE)} headerBytes={headerBytes(requestHeaders.get("cookie"))} />
        <ThisRequest steps={timeline} />
        <HowItWorks lane="session" />
      </div>
    </SignedOutHereProvider>
  );
}

/** Why middleware, on the Edge runtime, did not look the session up. */
function whyNoLookupAtEdge(): string {
  switch (storeConfig().kind) {
    case "memory":
      return "with the in-memory store it cannot do more, because the store lives in the Node.js process and the Edge sandbox cannot see that memory (set UPSTASH_REDIS_REST_URL/TOKEN to look sessions up at the Edge)";
    case "redis":
      return "Redis over TCP needs the sockets of Node.js, which the Edge runtime does not have, so this page's own lookup is the check (Upstash's REST API is the way to look sessions up at the Edge)";
    case "upstash":
      return "SESSION_EDGE_LOOKUP=off leaves the lookup to this page";
  }
}
