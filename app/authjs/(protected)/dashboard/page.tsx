import type { Metadata } from "next";
import { SignInAge } from "@/app/ui/sign-in-age";
import { stepUpConfig } from "@/lib/step-up";
import { cache } from "react";
import { cookies, headers } from "next/headers";
import { requireAuthjsUser } from "@/app/authjs/gate";
import { decryptAuthjsCookie, findAuthjsCookie } from "@/lib/authjs/cookie";
import { TokenAnatomy } from "@/app/ui/token-anatomy";
import { RelativeTime } from "@/app/ui/relative-time";
import { HowItWorks } from "@/app/ui/how-it-works";
import { CodeBlock } from "@/app/ui/code-block";
import { ReferenceSection } from "@/app/ui/reference-section";
import { OnceSignedOutHere, SignedOutHereNotice, SignedOutHereProvider, WhileSignedIn } from "@/app/ui/signed-out-here";
import { ThisRequest } from "@/app/ui/request-timeline";
import { CookieBudget, headerBytes, laneCookies } from "@/app/ui/cookie-budget";
import { dashboardTimeline } from "@/app/ui/timeline-steps";
import { cookieBytes } from "@/lib/cookies";
import { AuthjsSessionProvider } from "@/app/ui/authjs-session-provider";
import { ClientSessionView, DisplayNameForm } from "../../session-views";
import { signOutEverywhere, signOutHere } from "../../actions";
import { StepUpForm } from "@/app/ui/step-up-form";
import { revealAuthjsCredential } from "../../demo-actions";
import { StolenCredentialCard } from "@/app/ui/stolen-credential-card";
import { AUTHJS_ROUTES } from "@/app/authjs/routes";
import { AUTHJS_SESSION_COOKIE } from "@/lib/authjs/session-cookie";

export const metadata: Metadata = { title: "Auth.js dashboard" };

/**
 * When this request is being rendered: one instant for the whole render (React `cache`; a
 * component may not call Date.now() itself), so "in 30 days" and a countdown agree.
 */
const renderTimeMs = cache((): number => Date.now());

export default async function AuthjsDashboard() {
  const session = await requireAuthjsUser();
  const [jar, requestHeaders] = await Promise.all([cookies(), headers()]);
  const cookie = findAuthjsCookie(jar);
  const decrypted = cookie ? await decryptAuthjsCookie(cookie) : null;
  const timeline = dashboardTimeline({
    headers: requestHeaders,
    cookie: cookie ? { name: cookie.name, bytes: cookieBytes(cookie.name, cookie.value) } : null,
    gate: "requireAuthjsUser()",
  });
  const readAtMs = renderTimeMs(); // Auth.js says when the session expires as a date

  // The provider mounts with this page (not in a layout that outlives sign-in), so
  // useSession() fetches /api/auth/session itself, after the cookie exists.
  return (
    <AuthjsSessionProvider>
      <SignedOutHereProvider>
        <div className="dashboard authjs-dashboard">
          <section className="card authjs">
            <h1>Auth.js dashboard</h1>
            <SignedOutHereNotice user={session.user.id} loginPath={AUTHJS_ROUTES.login} />
            <WhileSignedIn>
              <p data-testid="authjs-user" className="state-in">signed in as {session.user.id} ({session.user.role})</p>
              <SignInAge authTimeMs={session.authTime ?? null} nowMs={readAtMs} maxAgeSeconds={stepUpConfig().maxAgeSeconds} />
            </WhileSignedIn>
            <dl className="facts">
              <dt>display name</dt>
              <dd data-testid="authjs-name">{session.user.name}</dd>
              <WhileSignedIn>
                <dt>session expires</dt>
                <dd><RelativeTime ms={Date.parse(session.expires)} serverNowMs={readAtMs} /> (Auth.js re-issues the cookie, sliding this, on each session read)</dd>
              </WhileSignedIn>
              <dt>a role change</dt>
              <dd data-testid="authjs-role-applies">
                applies at once: your cookie says <strong>{session.user.role}</strong>, and a change bumps your token version, so
                this cookie is refused at its next read and you sign in again with the new role (a plain JWT keeps its role until it expires)
              </dd>
            </dl>
            <WhileSignedIn>
              <div className="actions">
                <form action={signOutHere}><button type="submit" className="secondary">Sign out</button></form>
                <StepUpForm action={signOutEverywhere}><button type="submit">Sign out everywhere</button></StepUpForm>
              </div>
            </WhileSignedIn>
            <WhileSignedIn>
              <h2>Change a harmless profile field</h2>
              <DisplayNameForm />
            </WhileSignedIn>
          </section>
          <StolenCredentialCard lane="authjs" reveal={revealAuthjsCredential} cookieName={AUTHJS_SESSION_COOKIE} mePath={AUTHJS_ROUTES.api.me} logoutEndpoint={AUTHJS_ROUTES.api.signOut} />
          <ReferenceSection testId="reference-session" summary={<>The session as Auth.js hands it out: <code>auth()</code> on the server, <code>useSession()</code> in the browser</>}>
            <h2>Server: <code>auth()</code></h2>
            <CodeBlock code={JSON.stringify(session, null, 2)} language="json" testId="server-session-json" />
            <h2>Browser: <code>useSession()</code></h2>
            <WhileSignedIn><ClientSessionView /></WhileSignedIn>
            <OnceSignedOutHere>
              <p data-testid="client-session-signed-out">Nothing to show: this browser is signed out, so <code>useSession()</code> has no session.</p>
            </OnceSignedOutHere>
          </ReferenceSection>
          <ReferenceSection testId="reference-token" summary="The cookie: a JWE, and what the server decrypts it to">
            {cookie ? <TokenAnatomy cookieName={cookie.name} value={cookie.value} testId="authjs-cookie" /> : <p>No cookie.</p>}
            <h3>Decrypted on the server (with AUTH_SECRET)</h3>
            {decrypted ? <CodeBlock code={JSON.stringify(decrypted, null, 2)} language="json" testId="authjs-decrypted" /> : <p data-testid="authjs-decrypted">(could not decrypt)</p>}
            <dl className="facts">
              <dt>first gate</dt>
              <dd data-testid="guard-runtime">
                middleware decrypted the cookie with <code>auth()</code> on the <strong>{requestHeaders.get("x-auth-runtime") ?? "(middleware did not run)"}</strong> runtime
              </dd>
            </dl>
          </ReferenceSection>
          <CookieBudget lane="authjs" cookies={laneCookies(requestHeaders.get("cookie"), AUTHJS_SESSION_COOKIE)} headerBytes={headerBytes(requestHeaders.get("cookie"))} />
          <ThisRequest steps={timeline} />
          <HowItWorks lane="authjs" />
        </div>
      </SignedOutHereProvider>
    </AuthjsSessionProvider>
  );
}
