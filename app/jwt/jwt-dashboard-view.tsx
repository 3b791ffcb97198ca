import { Fragment } from "react";
import { JWT_ROUTES } from "@/app/jwt/routes";
import type { JwtAuth } from "@/app/jwt/gate";
import { JWT_COOKIE, REVOCATION_CHECKS } from "@/lib/jwt";
import { isIdentityHeader } from "@/app/first-gate";
import { CodeBlock } from "@/app/ui/code-block";
import { Countdown } from "@/app/ui/countdown";
import { LocalTime } from "@/app/ui/relative-time";
import { PostButton } from "@/app/ui/post-button";
import { SignInAge } from "@/app/ui/sign-in-age";
import { stepUpConfig } from "@/lib/step-up";
import { jwtAuthTimeMs } from "./step-up";
import { stepUpResetTo } from "@/app/step-up";
import { TokenAnatomy } from "@/app/ui/token-anatomy";
import { StolenCredentialCard } from "@/app/ui/stolen-credential-card";
import { revealJwtCredential } from "./demo-actions";
import { StaleRole, type RoleCaughtUp } from "./stale-role";
import { RefreshedOnTheWay } from "./refreshed-note";
import { REVOCATION_CHECK_LABELS, revocationCheckHints } from "@/app/jwt/check-labels";
import { HowItWorks } from "@/app/ui/how-it-works";
import { ReferenceSection } from "@/app/ui/reference-section";
import { SignedOutHereNotice, SignedOutHereProvider, WhileSignedIn } from "@/app/ui/signed-out-here";
import { ThisRequest, type TimelineStep } from "@/app/ui/request-timeline";
import { CookieBudget, headerBytes, laneCookies } from "@/app/ui/cookie-budget";
import { RefreshFamily } from "./refresh-family";
import { DpopPanel } from "./dpop-panel";
import type { FamilyView } from "./refresh-family-view";

export interface JwtDashboardProps {
  auth: Pick<Extract<JwtAuth, { ok: true }>, "user" | "token" | "claims" | "header" | "verifiedAtMs">;
  requestHeaders: Headers;
  /** This request, step by step (the benchmark's baseline has none: no gate ran). */
  timeline?: TimelineStep[];
  /** The refresh-token family, when the token came with a refresh token. */
  refreshFamily?: FamilyView;
  /** This token is the one a refresh signed with the user's new role. */
  roleCaughtUp?: RoleCaughtUp;
}

/** The login page with the checks this token was signed with ticked, so signing in again makes the same kind of token. */
function loginAgainPath(checks: readonly string[] | undefined): string {
  const chosen = checks ?? [];
  if (REVOCATION_CHECKS.every((check) => chosen.includes(check))) return JWT_ROUTES.login;
  return `${JWT_ROUTES.login}?${new URLSearchParams({ checks: chosen.length ? chosen.join(",") : "none" })}`;
}

/** What each of this app's own claims is for, in words (the standard ones are the RFC's). */
const CLAIM_WORDS: Record<string, string> = {
  role: "your role when the token was signed: the pages trust it until the token is refreshed or refused",
  jti: "this token's id: what the denylist keeps when you sign out",
  rev: "the revocation checks this token was signed with (the boxes ticked at sign-in)",
  ver: "your token version when it was signed: a role change or “sign out everywhere” raises the stored one, and an older token is refused",
  fam: "the refresh family it belongs to: this sign-in's chain of refresh tokens",
  auth_time: "when you last typed your password: sensitive actions ask for it again after a while",
  cnf: "the key this token is bound to (DPoP): without that key's proof it is refused",
};

/**
 * The JWT dashboard's content, separate from its guard so the benchmark's baseline page can
 * render exactly the same thing with no guard at all.
 */
export function JwtDashboardView({ auth, requestHeaders, timeline, refreshFamily, roleCaughtUp }: JwtDashboardProps) {
  const now = auth.verifiedAtMs;
  const hints = revocationCheckHints();

  // The demos first (the stolen credential and its stopwatch, the refresh family, DPoP), then
  // the reference material folded (the token's header and claims, the gates and their headers),
  // each fact printed once.
  return (
    <SignedOutHereProvider loginPath={loginAgainPath(auth.claims.rev)}>
      <div className="dashboard">
        <section className="card jwt">
          <h1>JWT dashboard</h1>
          <RefreshedOnTheWay jti={auth.claims.jti} />
          <SignedOutHereNotice user={auth.user.id} loginPath={JWT_ROUTES.login} />
          <WhileSignedIn>
            <p data-testid="jwt-user" className="state-in">signed in as {auth.user.id} ({auth.user.role})</p>
            <SignInAge authTimeMs={jwtAuthTimeMs(auth.claims)} nowMs={now} maxAgeSeconds={stepUpConfig().maxAgeSeconds} />
            {/* Keyed by the token: a refresh on this page (router.refresh()) asks again for the new token's role. */}
            <StaleRole key={`${auth.claims.jti}.${auth.claims.iat}`} serverNowMs={now} caughtUp={roleCaughtUp} />
          </WhileSignedIn>
          <dl className="facts">
            <WhileSignedIn>
              <dt>expires</dt>
              <dd>
                <LocalTime ms={auth.claims.exp * 1000}><Countdown expiresAtMs={auth.claims.exp * 1000} serverNowMs={now} /></LocalTime>
              </dd>
            </WhileSignedIn>
            <dt>revocation checks</dt>
            <dd data-testid="jwt-checks">
              {auth.claims.rev?.length ? (
                // Each check with what it is, in the login form's words (the names alone say little); folded, so the demos stay near the top.
                <details className="check-hints">
                  <summary>
                    {auth.claims.rev.map((check) => REVOCATION_CHECK_LABELS[check]).join(", ")} <span className="check-hint">(what each does)</span>
                  </summary>
                  <ul className="check-list">
                    {auth.claims.rev.map((check) => (
                      <li key={check} data-check={check}>
                        <strong>{REVOCATION_CHECK_LABELS[check]}</strong>: <span className="check-hint">{hints[check]}</span>
                      </li>
                    ))}
                  </ul>
                </details>
              ) : "none: a plain stateless JWT, only its expiry ends it"}
            </dd>
          </dl>
          <WhileSignedIn>
            <div className="actions">
              <PostButton endpoint={JWT_ROUTES.api.logout} redirectTo={`${JWT_ROUTES.login}?reason=signed-out`} label="Sign out" secondary />
              <PostButton endpoint={JWT_ROUTES.api.logoutEverywhere} redirectTo={`${JWT_ROUTES.login}?reason=signed-out-everywhere`} label="Sign out everywhere" resetTo={stepUpResetTo()} />
            </div>
          </WhileSignedIn>
          {/* Signed out here, the playground would only answer "sign in again": the notice above already says that. */}
          <WhileSignedIn>
            <h2>Tamper with it</h2>
            <p>
              {/* Plain links (see middleware.ts): with an expired access token, a prefetch or a client-side navigation would spend the refresh token unasked, or twice. */}
              <a href={JWT_ROUTES.playground}>The token tamper playground</a>: <code>alg: none</code>, a forged role,
              another audience, a stripped signature… each sent to this app&apos;s real verifier, with the check that refuses it.
            </p>
          </WhileSignedIn>
        </section>
        <StolenCredentialCard lane="jwt" reveal={revealJwtCredential} cookieName={JWT_COOKIE} mePath={JWT_ROUTES.api.me} logoutEndpoint={JWT_ROUTES.api.logout} />
        {refreshFamily && <RefreshFamily initial={refreshFamily} accessExpiresAtMs={auth.claims.exp * 1000} serverNowMs={now} />}
        <DpopPanel username={auth.user.id} resetTo={stepUpResetTo()} />
        <ReferenceSection testId="reference-token" summary="The token: its header and claims, readable by anyone (a JWS)">
          <TokenAnatomy cookieName={JWT_COOKIE} value={auth.token} testId="jwt-cookie" copyable />
          <p>
            Anyone holding the token can read these claims (base64url is not encryption); only the signature stops
            them from being changed.
          </p>
          <p>Beside the standard ones (<code>sub</code>, <code>iss</code>, <code>aud</code>, <code>iat</code>, <code>exp</code>), this app&apos;s claims:</p>
          <dl className="facts" data-testid="claim-words">
            {Object.entries(CLAIM_WORDS).filter(([claim]) => claim in auth.claims).map(([claim, words]) => (
              <Fragment key={claim}><dt><code>{claim}</code></dt><dd>{words}</dd></Fragment>
            ))}
          </dl>
        </ReferenceSection>
        <ReferenceSection testId="reference-gates" summary="The two gates, and the identity headers this page received">
          <dl className="facts">
            <dt>first gate</dt>
            <dd data-testid="guard-runtime">
              middleware verified this token on the <strong>{requestHeaders.get("x-auth-runtime") ?? "(middleware did not run)"}</strong> runtime
            </dd>
            <dt>second gate</dt>
            <dd>this page verified it again with <code>requireJwtUser()</code> on Node.js</dd>
            {auth.claims.rev?.some((check) => check !== "refresh") && (
              <>
                <dt>store checks</dt>
                <dd data-testid="jwt-revocation-where">
                  {requestHeaders.get("x-auth-jwt-revocation") === "edge"
                    ? "done by middleware at the Edge (Redis) and again here"
                    : "done here on Node.js (the Edge cannot see the in-memory store)"}
                </dd>
              </>
            )}
          </dl>
          <p>
            Middleware deletes every <code>x-user-*</code> / <code>x-auth-*</code> header the browser sent, then adds its
            own. This page still trusts none of them: it verified the token itself. The headers it received:
          </p>
          <CodeBlock
            language="http"
            copyLabel="Copy headers"
            testId="forwarded-headers"
            code={[...requestHeaders.entries()]
              .filter(([name]) => isIdentityHeader(name))
              .map(([name, value]) => `${name}: ${value}`)
              .sort()
              .join("\n")}
          />
        </ReferenceSection>
        <CookieBudget lane="jwt" cookies={laneCookies(requestHeaders.get("cookie"), JWT_COOKIE)} headerBytes={headerBytes(requestHeaders.get("cookie"))} />
        {timeline && <ThisRequest steps={timeline} />}
        <HowItWorks lane="jwt" />
      </div>
    </SignedOutHereProvider>
  );
}
