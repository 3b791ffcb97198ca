import type { Metadata } from "next";
import { SignInAge } from "@/app/ui/sign-in-age";
import { stepUpConfig } from "@/lib/step-up";
import { betterAuthAuthTimeMs } from "@/lib/better-auth/step-up";
import { cache } from "react";
import { headers } from "next/headers";
import { betterAuthHere, cookieCacheChoice, requireBetterAuthUser } from "@/app/better-auth/gate";
import { RelativeTime } from "@/app/ui/relative-time";
import { HowItWorks } from "@/app/ui/how-it-works";
import { ReferenceSection } from "@/app/ui/reference-section";
import { OnceSignedOutHere, SignedOutHereNotice, SignedOutHereProvider, WhileSignedIn } from "@/app/ui/signed-out-here";
import { ThisRequest } from "@/app/ui/request-timeline";
import { RevocationStopwatch } from "@/app/ui/revocation-stopwatch";
import { CookieBudget, headerBytes, laneCookies } from "@/app/ui/cookie-budget";
import { dashboardTimeline } from "@/app/ui/timeline-steps";
import { DeviceTable } from "@/app/ui/device-table";
import { RoleChangeNote } from "@/app/ui/role-change-note";
import { formatSeconds } from "@/app/ui/duration";
import { cookieBytes, parseCookieHeader } from "@/lib/cookies";
import { BETTER_AUTH_CACHE_COOKIE, BETTER_AUTH_SESSION_COOKIE, COOKIE_CACHE_CHOICES } from "@/lib/better-auth/config";
import { BETTER_AUTH_KEY_PREFIX, liveSessions } from "@/lib/better-auth/auth";
import { cookieCacheExpiresAt } from "@/lib/better-auth/cookie-cache";
import { getStore } from "@/lib/store";
import { BETTER_AUTH_ROUTES } from "@/app/better-auth/routes";
import { ClientSessionView } from "@/app/better-auth/client-session";
import { chooseCookieCache, revealBetterAuthCredential, revokeDevice, revokeOtherDevices, signOutHere } from "../../actions";

export const metadata: Metadata = { title: "Better Auth dashboard" };

/** One instant for the whole render (React `cache`), so relative times agree. */
const renderTimeMs = cache((): number => Date.now());

/** The stopwatch runs a little past the cache's age (at most 34 s: a 5-minute cache is reported, not waited out). */
const STOPWATCH_MAX_SECONDS = 34;

const cacheLabel = (seconds: number) => (seconds === 0 ? "off" : `on, ${formatSeconds(seconds)}`);

const ENDED: Record<string, string> = {
  one: "Signed out that device: Better Auth deleted its session from the store.",
  others: "Signed out every other device: Better Auth deleted their sessions from the store.",
};

export default async function BetterAuthDashboard({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await requireBetterAuthUser();
  const { id, role } = session.user;
  const [auth, requestHeaders, cacheSeconds, params] = await Promise.all([betterAuthHere(), headers(), cookieCacheChoice(), searchParams]);
  const [devices, authTimeMs] = await Promise.all([liveSessions(auth, id), betterAuthAuthTimeMs(getStore(), session.session)]);
  const readAtMs = renderTimeMs();
  const cookieHeader = requestHeaders.get("cookie");
  const sent = new Map(parseCookieHeader(cookieHeader));
  const sessionValue = sent.get(BETTER_AUTH_SESSION_COOKIE);
  const timeline = dashboardTimeline({
    headers: requestHeaders,
    cookie: sessionValue === undefined ? null : { name: BETTER_AUTH_SESSION_COOKIE, bytes: cookieBytes(BETTER_AUTH_SESSION_COOKIE, sessionValue) },
    gate: "requireBetterAuthUser()",
  });
  const ended = typeof params.ended === "string" ? ENDED[params.ended] : undefined;
  // Where getSession found this session: the cookie cache while the signed copy is young (no
  // store read; its role and its being alive are as of when it was issued), else the store.
  const cacheCookie = sent.get(BETTER_AUTH_CACHE_COOKIE);
  const cacheUntil = cacheSeconds > 0 && cacheCookie ? cookieCacheExpiresAt(cacheCookie) : null;
  const fromCache = cacheUntil !== null && cacheUntil > readAtMs;

  return (
    <SignedOutHereProvider>
      <div className="dashboard">
        <section className="card better-auth">
          <h1>Better Auth dashboard</h1>
          <SignedOutHereNotice user={id} loginPath={BETTER_AUTH_ROUTES.login} />
          <WhileSignedIn>
            <p data-testid="better-auth-user" className="state-in">signed in as {id} ({role})</p>
            <SignInAge authTimeMs={authTimeMs} nowMs={readAtMs} maxAgeSeconds={stepUpConfig().maxAgeSeconds} />
            <RoleChangeNote
              userId={id}
              signedInAtMs={session.session.createdAt.getTime()}
              serverNowMs={readAtMs}
              how={(newRole) => role !== newRole
                ? `This page still says ${role}: it came from the cookie cache, which vouches for the old copy until it expires. The store has the new role.`
                : `Better Auth copied it into your session's record (updateUser), and this page ${fromCache ? "read a cache copy issued since" : "read the store"}, so it has the new role.`}
            />
          </WhileSignedIn>
          <dl className="facts">
            <dt>the session</dt>
            <dd>
              a record in the <strong data-testid="better-auth-store">{getStore().kind}</strong> store under{" "}
              <code>{BETTER_AUTH_KEY_PREFIX}</code>, named by the signed <code>{BETTER_AUTH_SESSION_COOKIE}</code> cookie
            </dd>
            <WhileSignedIn>
              <dt>signed in</dt>
              <dd><RelativeTime ms={session.session.createdAt.getTime()} serverNowMs={readAtMs} /></dd>
              <dt>session expires</dt>
              <dd><RelativeTime ms={session.session.expiresAt.getTime()} serverNowMs={readAtMs} /> (Better Auth slides it at most once a day)</dd>
            </WhileSignedIn>
            <dt>cookie cache</dt>
            <dd data-testid="cookie-cache-state">{cacheLabel(cacheSeconds)}</dd>
            <dt>this page&apos;s session</dt>
            <dd data-testid="session-source">
              {fromCache ? (
                <>
                  from the <strong>cookie cache</strong>, without asking the store: your role ({role}) and your being signed in are as
                  the store said when the copy was made; the copy expires <RelativeTime ms={cacheUntil} serverNowMs={readAtMs} />
                </>
              ) : (
                <>from the <strong>store</strong>, as it is now</>
              )}
            </dd>
            <dt>first gate</dt>
            <dd data-testid="guard-runtime">
              middleware only saw that a session cookie was there, on the <strong>{requestHeaders.get("x-auth-runtime") ?? "(middleware did not run)"}</strong> runtime
            </dd>
          </dl>
          <WhileSignedIn>
            <div className="actions">
              <form action={signOutHere}><button type="submit" className="secondary">Sign out</button></form>
            </div>
          </WhileSignedIn>
        </section>

        <section className="card better-auth">
          <h2>Revocation stopwatch</h2>
          <p>
            With the cookie cache {cacheLabel(cacheSeconds)}. {cacheSeconds === 0
              ? "Expect the copy to be refused at once: every check reads the store, where the session is gone."
              : `Expect the copy to keep working for up to ${formatSeconds(cacheSeconds)}: the cache vouches for it until then.`}
          </p>
          <RevocationStopwatch
            lane="better-auth"
            reveal={revealBetterAuthCredential}
            // Better Auth's own endpoint, not a server action: an action that clears the cookies
            // re-renders this page, whose gate then finds the session gone (cache off) and
            // redirects to login before the stopwatch has presented the copy once.
            logoutEndpoint={BETTER_AUTH_ROUTES.api.signOut}
            seconds={Math.min(STOPWATCH_MAX_SECONDS, Math.max(5, cacheSeconds + 2))}
          />
        </section>

        <section className="card wide" id="cookie-cache">
          <h2>The cookie cache</h2>
          {params.cache === String(cacheSeconds) && (
            // After "Apply": said, since the form itself looks the same as before.
            <p className="confirmation" role="status" data-testid="cookie-cache-applied">
              <strong>Applied: cookie cache {cacheLabel(cacheSeconds)} for this browser.</strong>{" "}
              {cacheSeconds === 0
                ? "Every request reads the session from the store again."
                : "Better Auth sets its signed copy on a later request, so the page right after a change still reads the store (“this page's session” above says which it was)."}
            </p>
          )}
          <p>
            Off, every request reads the session from the store: a revoked session stops at once. On, Better Auth also
            sets <code>{BETTER_AUTH_CACHE_COOKIE}</code>, a signed copy of the session and user, and trusts it until it
            is <em>maxAge</em> old without asking the store: fewer store reads, and a revoked session (or an old role)
            that lives on for up to that long.
          </p>
          <OnceSignedOutHere><p data-testid="cookie-cache-signed-out">Signed out: sign in again to choose a cookie cache for this browser.</p></OnceSignedOutHere>
          <WhileSignedIn>
            <form action={chooseCookieCache} className="choices" data-testid="cookie-cache-form">
              <fieldset>
                <legend>Cookie cache for this browser</legend>
                {COOKIE_CACHE_CHOICES.map((seconds) => (
                  <label key={seconds}>
                    <input type="radio" name="seconds" value={seconds} defaultChecked={seconds === cacheSeconds} /> {cacheLabel(seconds)}
                    {seconds === 300 && " (Better Auth's default maxAge)"}
                  </label>
                ))}
              </fieldset>
              <button type="submit" className="secondary">Apply</button>
            </form>
          </WhileSignedIn>
        </section>

        <section className="card wide" id="devices">
          <h2>Your devices</h2>
          <p>Every live session of yours, from Better Auth&apos;s per-user list in the store (what its <code>listSessions</code> reads).</p>
          {ended && <p className="confirmation" role="status" data-testid="devices-confirmation">{ended}</p>}
          {/* Signed out by the stopwatch, this browser has no devices to manage: no list of buttons that would act on nothing. */}
          <OnceSignedOutHere><p data-testid="devices-signed-out">Signed out: this browser has no session left, so no devices to manage here.</p></OnceSignedOutHere>
          <WhileSignedIn>
            <DeviceTable
              devices={devices.map((device) => ({ id: device.id, userAgent: device.userAgent ?? "", signedInAtMs: new Date(device.createdAt).getTime() }))}
              currentId={session.session.id}
              serverNowMs={readAtMs}
              revokeOne={revokeDevice}
              revokeOthers={revokeOtherDevices}
            />
          </WhileSignedIn>
        </section>

        <ReferenceSection testId="reference-session" summary={<>The session as the browser sees it: Better Auth&apos;s <code>useSession()</code></>} wide>
          <WhileSignedIn><ClientSessionView /></WhileSignedIn>
        </ReferenceSection>
        <CookieBudget lane="better-auth" cookies={[BETTER_AUTH_SESSION_COOKIE, BETTER_AUTH_CACHE_COOKIE].flatMap((name) => laneCookies(cookieHeader, name))} headerBytes={headerBytes(cookieHeader)} />
        <ThisRequest steps={timeline} />
        <HowItWorks lane="better-auth" />
      </div>
    </SignedOutHereProvider>
  );
}
