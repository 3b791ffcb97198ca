import { ROUTES } from "@/app/routes";
import { JWT_ROUTES } from "@/app/jwt/routes";
import { SESSION_ROUTES } from "@/app/session/routes";
import { AUTHJS_ROUTES } from "@/app/authjs/routes";
import { BETTER_AUTH_ROUTES } from "@/app/better-auth/routes";
import Link from "next/link";
import type { ReactNode } from "react";
import { cookies } from "next/headers";
import { getJwtAuth } from "@/app/jwt/gate";
import { getSessionAuth } from "@/app/session/gate";
import { JWT_COOKIE } from "@/lib/jwt";
import { SESSION_COOKIE } from "@/lib/session";
import { findAuthjsCookie } from "@/lib/authjs/cookie";
import { BETTER_AUTH_CACHE_COOKIE, BETTER_AUTH_SESSION_COOKIE, cookieCacheChoiceIn } from "@/lib/better-auth/config";
import { cookieBytes } from "@/lib/cookies";
import { DPOP_PROOF_MAX_SKEW_SECONDS } from "@/lib/jwt/dpop";
import { LEAK_ROWS } from "@/app/compare/leak-rows";
import { BETTER_AUTH_BENCH, LANES, LANE_TITLES, benchFigure, configFigures, cookieFigure, microFigure, peerFigure, readBenchResults, roundTripCpuFigure, type Lane } from "@/app/compare/facts";
import { formatSeconds } from "@/app/ui/duration";
import { secondsUntil } from "@/lib/time";
import { orStoreDown } from "@/app/ui/store-down";

export const metadata = { title: "Compare" };

interface Row {
  id: string;
  topic: string;
  cells: Record<Lane, ReactNode>;
  /** Pages of this app where the row is demonstrated. */
  proof: { href: string; label: string }[];
}

/** A figure: measured here, or configured for this server. */
const Fig = ({ children }: { children: ReactNode }) => <strong className="figure">{children}</strong>;
const notMeasured = "not measured yet (run npm run bench)";

export default async function Compare() {
  const jar = await cookies();
  const [jwt, session, bench] = await Promise.all([
    orStoreDown(getJwtAuth(), jar.get(JWT_COOKIE)?.value),
    orStoreDown(getSessionAuth(), jar.get(SESSION_COOKIE)?.value),
    readBenchResults(),
  ]);
  const c = configFigures();
  const authjsCookie = findAuthjsCookie(jar);

  // Cookie bytes: this browser's own cookies when it has them, else the benchmark's.
  const yours = (name: string, value: string | undefined) => (value ? `${cookieBytes(name, value)} bytes (your cookie)` : null);
  const benchBytes = (lane: string) => {
    const row = cookieFigure(bench, lane);
    return row ? `${row.browserBytes} bytes (bench)` : notMeasured;
  };
  const jwtIsPlain = jwt.ok && !jwt.claims.rev?.length;
  // Better Auth: this browser's cookies as they are (not looked up: /compare asks no second store),
  // and its cookie cache choice (a demo switch on the lane's dashboard).
  const cacheChoice = cookieCacheChoiceIn(jar);
  const yourCacheChoice = cacheChoice === 0 ? "off" : `on, ${formatSeconds(cacheChoice)}`;
  const betterAuthCookies = () => {
    const [id, cache] = [BETTER_AUTH_SESSION_COOKIE, BETTER_AUTH_CACHE_COOKIE].map((name) => {
      const value = jar.get(name)?.value;
      return value ? cookieBytes(name, value) : null;
    });
    if (id && cache) return `${id + cache} bytes (your cookies: the session id ${id}, the cache ${cache})`;
    if (id) return `${id} bytes (your cookie)`;
    const [off, on] = [cookieFigure(bench, BETTER_AUTH_BENCH.cookies), cookieFigure(bench, BETTER_AUTH_BENCH.cookiesWithCache)];
    if (!off) return notMeasured;
    return `${off.browserBytes} bytes (bench)${on ? `, ${on.browserBytes} with the cookie cache` : ""}`;
  };
  const cookieCells: Record<Lane, string> = {
    jwt: (jwtIsPlain && yours(JWT_COOKIE, jwt.token)) || benchBytes("JWT (plain)"),
    jwtChecked: (jwt.ok && !jwtIsPlain && yours(JWT_COOKIE, jwt.token)) || `${benchBytes("JWT (all revocation checks)")} for the access and refresh cookies together; a request carries the access cookie alone`,
    session: yours(SESSION_COOKIE, session.token) || benchBytes("session"),
    authjs: (authjsCookie && yours(authjsCookie.name, authjsCookie.value)) || benchBytes("Auth.js (JWE)"),
    betterAuth: betterAuthCookies(),
  };
  const sessionServerBytes = cookieFigure(bench, "session")?.serverBytesPerSession;
  const trips = (id: string) => benchFigure(bench, "trips", id) ?? notMeasured;
  const speed = (id: string) => {
    const [rps, p50] = [benchFigure(bench, "rps", id), benchFigure(bench, "p50", id)];
    return rps && p50 ? `${rps}, ${p50}` : notMeasured;
  };
  const previousKeys = (n: number) => (n === 0 ? "none" : `${n}`);
  const stolenPlain = jwt.ok && jwtIsPlain ? ` Your current token: ${secondsUntil(jwt.claims.exp * 1000)} s left.` : "";

  const rows: Row[] = [
    {
      id: "state",
      topic: "Where the state lives",
      cells: {
        jwt: <>In the cookie. The server stores <Fig>0 bytes</Fig> per user.</>,
        jwtChecked: <>In the cookie, plus a little in the store: denylisted <code>jti</code>s, a token version per user, hashed refresh tokens.</>,
        session: <>In the store: one record per session, <Fig>{sessionServerBytes ? `${sessionServerBytes} bytes` : notMeasured}</Fig>; the cookie is a random id. Store: <Fig>{c.store}</Fig>.</>,
        authjs: <>In the encrypted cookie; a token version per user in the store.</>,
        betterAuth: <>In the store, through <code>secondaryStorage</code>: the session with a copy of the user, and a list per user. With the cookie cache on, a signed copy in the browser too.</>,
      },
      proof: [{ href: ROUTES.home, label: "home: what each side holds" }],
    },
    {
      id: "cookie-size",
      topic: "Cookie size (Cookie header, each request)",
      cells: {
        jwt: <Fig>{cookieCells.jwt}</Fig>,
        jwtChecked: <><Fig>{cookieCells.jwtChecked}</Fig> (the refresh cookie is only sent to <code>/api/jwt/refresh</code>)</>,
        session: <Fig>{cookieCells.session}</Fig>,
        authjs: <Fig>{cookieCells.authjs}</Fig>,
        betterAuth: <><Fig>{cookieCells.betterAuth}</Fig>: the session&apos;s id, signed; the cookie cache adds a signed copy of session and user.</>,
      },
      proof: [{ href: JWT_ROUTES.dashboard, label: "JWT dashboard" }, { href: AUTHJS_ROUTES.dashboard, label: "Auth.js dashboard (JWS vs JWE)" }, { href: BETTER_AUTH_ROUTES.dashboard, label: "Better Auth dashboard (its two cookies)" }],
    },
    {
      id: "revocation",
      topic: "A stolen credential after its owner signs out",
      cells: {
        jwt: <>Still works until <code>exp</code>: up to <Fig>{c.accessTtl}</Fig>.{stolenPlain}</>,
        jwtChecked: <>Refused at once with the <code>jti</code> denylist (<Fig>0 s</Fig>); with only the refresh token, up to <Fig>{c.shortAccessTtl}</Fig>.</>,
        session: <>Refused at once: the record is deleted (<Fig>0 s</Fig>).</>,
        authjs: <>Sign-out only deletes the browser&apos;s copy; a copied cookie used at least every <Fig>{c.authjsMaxAge}</Fig> is re-issued each time, up to the absolute cap of <Fig>{c.sessionAbsolute}</Fig>. &quot;Sign out everywhere&quot; (token version): <Fig>0 s</Fig>.</>,
        betterAuth: <>Cookie cache off: refused at once (<Fig>0 s</Fig>). On: until the cache is <em>maxAge</em> old, up to <Fig>{c.cookieCacheChoices}</Fig> here (your browser: <Fig>{yourCacheChoice}</Fig>).</>,
      },
      proof: [{ href: JWT_ROUTES.replay, label: "JWT replay demo" }, { href: SESSION_ROUTES.replay, label: "session replay demo" }, { href: `${BETTER_AUTH_ROUTES.dashboard}#cookie-cache`, label: "Better Auth dashboard: the cookie cache switch and the stopwatch" }],
    },
    {
      id: "stolen-token-replay",
      topic: LEAK_ROWS["stolen-token-replay"],
      cells: {
        jwt: <>Works: a Bearer token opens the API for whoever holds a copy, as a cookie or as <code>Authorization: Bearer</code>, up to <Fig>{c.accessTtl}</Fig>.</>,
        jwtChecked: <>As a cookie or Bearer, the copy works until sign-out or <code>exp</code> (<Fig>{c.shortAccessTtl}</Fig>). Bound to a key (DPoP, RFC 9449: what <code>/api/jwt/token</code> issues to scripts, with these checks), it is refused without a proof signed by that key (as Bearer: <code>bound-token-as-bearer</code>; with another key&apos;s proof: <code>wrong-key</code>); each proof is accepted once (its <code>jti</code>), for its one method and URL, within <Fig>{formatSeconds(DPOP_PROOF_MAX_SKEW_SECONDS)}</Fig> of its <code>iat</code>.</>,
        session: <>Works: the cookie is a bearer credential, with no key to bind it to. Until sign-out, or the session&apos;s end (idle <Fig>{c.sessionIdle}</Fig>, at most <Fig>{c.sessionAbsolute}</Fig>).</>,
        authjs: <>Works: whoever holds the cookie is signed in, and it is re-issued on use (idle <Fig>{c.authjsMaxAge}</Fig>, at most <Fig>{c.sessionAbsolute}</Fig>), until &quot;Sign out everywhere&quot;.</>,
        betterAuth: <>Works: the signed id is a bearer credential, until sign-out or the session&apos;s end (<Fig>{c.betterAuthMaxAge}</Fig>, slid forward on use).</>,
      },
      proof: [{ href: `${JWT_ROUTES.dashboard}#dpop`, label: "JWT dashboard: the DPoP panel (a thief without the key)" }, { href: SESSION_ROUTES.replay, label: "session replay demo" }, { href: AUTHJS_ROUTES.replay, label: "Auth.js replay demo" }],
    },
    {
      id: "role-change",
      topic: "A role change takes effect",
      cells: {
        jwt: <>When the token expires: up to <Fig>{c.accessTtl}</Fig> of the old role.</>,
        jwtChecked: <>On the next request: the token version is bumped, the token refused and refreshed with the new role (<Fig>0 s</Fig>).</>,
        session: <>On the next request: every live session record is updated in the same write (<Fig>0 s</Fig>).</>,
        authjs: <>On the next request the old cookie is refused (token version); the next sign-in carries the new role.</>,
        betterAuth: <>Cookie cache off: on the next request (<Fig>0 s</Fig>). On: the old role until the cache expires, up to <Fig>{c.cookieCacheChoices}</Fig>.</>,
      },
      proof: [{ href: JWT_ROUTES.admin, label: "JWT admin" }, { href: SESSION_ROUTES.admin, label: "session admin" }, { href: BETTER_AUTH_ROUTES.admin, label: "Better Auth admin" }],
    },
    {
      id: "step-up",
      topic: LEAK_ROWS["step-up"],
      cells: {
        jwt: <>Changing a role or signing out everywhere asks for the password again once the sign-in is older than <Fig>{c.stepUpMaxAge}</Fig> (<code>STEP_UP_MAX_AGE_SECONDS</code>): the token carries <code>auth_time</code>. A JSON route answers 401 with <code>insufficient_user_authentication</code> and <code>max_age</code> (RFC 9470).</>,
        jwtChecked: <>The same: <code>auth_time</code> is carried through every refresh, so a refreshed token is no fresher sign-in.</>,
        session: <>Changing a role or signing out other devices asks for the password again: the session record stores when the password was last checked.</>,
        authjs: <>&quot;Sign out everywhere&quot; asks for the password again: Auth.js keeps the sign-in time in its token.</>,
        betterAuth: <>Asks for the password again: the sign-in time is the session&apos;s creation time, made fresh by a re-authentication.</>,
      },
      proof: [{ href: JWT_ROUTES.admin, label: "JWT admin" }, { href: SESSION_ROUTES.admin, label: "session admin" }, { href: BETTER_AUTH_ROUTES.admin, label: "Better Auth admin" }, { href: AUTHJS_ROUTES.dashboard, label: "Auth.js dashboard (sign out everywhere)" }],
    },
    {
      id: "round-trips",
      topic: "Store round trips per guarded page request (counted)",
      cells: {
        jwt: <Fig>{trips("jwt-page")}</Fig>,
        jwtChecked: <Fig>{trips("jwt-page-checked")}</Fig>,
        session: <><Fig>{trips("session-page-redis")}</Fig>; <Fig>{trips("session-page-redis-edge")}</Fig> with the Edge lookup on Redis</>,
        authjs: <Fig>{trips("authjs-page")}</Fig>,
        betterAuth: <><Fig>{trips(BETTER_AUTH_BENCH.page)}</Fig> (cache off); <Fig>{trips(BETTER_AUTH_BENCH.pageCookieCache)}</Fig> (on). Counted in its unit tests: <Fig>2</Fig> reads per <code>getSession</code> with the cache off, <Fig>0</Fig> while the cache is young.</>,
      },
      proof: [{ href: SESSION_ROUTES.dashboard, label: "session dashboard (one lookup per request)" }, { href: JWT_ROUTES.dashboard, label: "JWT dashboard (no lookup for a plain token)" }],
    },
    {
      id: "round-trip-cost",
      topic: "What one store round trip costs the app server (CPU, measured)",
      cells: {
        jwt: <>Nothing: a plain token asks no store.</>,
        jwtChecked: <>The same as a session lookup, per round trip (one MGET per gate).</>,
        session: <>Redis over TCP: <Fig>{roundTripCpuFigure(bench, "tcp") ?? notMeasured}</Fig>; through Upstash&apos;s REST API: <Fig>{roundTripCpuFigure(bench, "rest") ?? notMeasured}</Fig> (an HTTP request each); memory: a Map lookup in the process.</>,
        authjs: <>One round trip per check, for the token version.</>,
        betterAuth: <>The same per round trip, two per check with the cache off: what the cookie cache is turned on to save.</>,
      },
      proof: [{ href: SESSION_ROUTES.dashboard, label: "session dashboard (Server-Timing names each round trip)" }],
    },
    {
      id: "throughput",
      topic: "Guarded page under load (next start, 2 cores)",
      cells: {
        jwt: <Fig>{speed("jwt-page")}</Fig>,
        jwtChecked: <Fig>{speed("jwt-page-checked")}</Fig>,
        session: <><Fig>{speed("session-page-memory")}</Fig> (memory); <Fig>{speed("session-page-tcp")}</Fig> (Redis over TCP); <Fig>{speed("session-page-redis")}</Fig> (Redis over REST)</>,
        authjs: <Fig>{speed("authjs-page")}</Fig>,
        betterAuth: <><Fig>{speed(BETTER_AUTH_BENCH.page)}</Fig> (cookie cache off); <Fig>{speed(BETTER_AUTH_BENCH.pageCookieCache)}</Fig> (on)</>,
      },
      // Measured against the benchmark's fixture page (/bench/baseline), which is not a demo.
      proof: [{ href: JWT_ROUTES.dashboard, label: "JWT dashboard (the page measured; docs/benchmarks.md has the method)" }],
    },
    {
      id: "scaling",
      topic: "Several server instances",
      cells: {
        jwt: <>Any instance verifies with the secret alone: nothing to share.</>,
        jwtChecked: <>The instances must share the store for the checks to hold.</>,
        session: <>The instances must share the store (Redis); on the memory store a second instance does not know the session.</>,
        authjs: <>The cookie verifies anywhere; the token version needs the shared store.</>,
        betterAuth: <>A shared store and <code>BETTER_AUTH_SECRET</code>; a cache copy works on any instance with no store read.</>,
      },
      proof: [{ href: ROUTES.home, label: "home: which store this instance uses" }],
    },
    {
      id: "edge",
      topic: "Edge runtime (middleware.ts) and cost per check",
      cells: {
        jwt: <>Verified in middleware on the Edge with jose: <Fig>{microFigure(bench, "lib-jwt") ?? notMeasured}</Fig> per verify.</>,
        jwtChecked: <>Verified on the Edge; the checks run there too when the store speaks HTTP (Upstash).</>,
        session: <>A lookup: <Fig>{microFigure(bench, "session-memory") ?? notMeasured}</Fig> (memory), <Fig>{microFigure(bench, "session-redis-tcp") ?? notMeasured}</Fig> (Redis over TCP), <Fig>{microFigure(bench, "session-redis") ?? notMeasured}</Fig> (Redis over REST). At the Edge only with Redis over HTTP (Upstash): the Edge has no TCP sockets, so with the memory store or Redis over TCP middleware is optimistic and the page checks.</>,
        authjs: <>Decrypted in middleware with Auth.js&apos;s <code>auth()</code>: <Fig>{microFigure(bench, "authjs") ?? notMeasured}</Fig> per decode.</>,
        betterAuth: <>Middleware only sees that the cookie is there: it proves presence, not a session. <code>getSession</code> on Node.js: <Fig>{peerFigure(bench, BETTER_AUTH_BENCH.peer) ?? notMeasured}</Fig> per check, <Fig>{peerFigure(bench, BETTER_AUTH_BENCH.peerCookieCache) ?? notMeasured}</Fig> from the cache (the bench&apos;s peer, on Better Auth&apos;s memory adapter).</>,
      },
      proof: [{ href: JWT_ROUTES.dashboard, label: "JWT dashboard (the x-auth-gate header)" }, { href: BETTER_AUTH_ROUTES.overview, label: "Better Auth lane: its two gates" }],
    },
    {
      id: "cross-domain",
      topic: "Other domains, mobile apps, third parties",
      cells: {
        jwt: <>Any client can send it as <code>Authorization: Bearer</code>; other services can verify it if they hold the secret.</>,
        jwtChecked: <>Same, but every verifier needs the store too.</>,
        session: <>The cookie is bound to this site. A third party gets a short-lived EdDSA JWT instead (<Fig>{c.thirdPartyTtl}</Fig>), verified with the public JWKS alone.</>,
        authjs: <>A cookie for this site only; the JWE can only be read with <code>AUTH_SECRET</code>.</>,
        betterAuth: <>A cookie for this site only; this lane adds none of Better Auth&apos;s token plugins.</>,
      },
      proof: [{ href: SESSION_ROUTES.dashboard, label: "session dashboard: token for a third party" }, { href: ROUTES.thirdParty.jwks, label: "the JWKS" }],
    },
    {
      id: "store-leak",
      topic: "What a store leak exposes",
      cells: {
        jwt: <>Nothing: there is no store.</>,
        jwtChecked: <>Token ids, versions and refresh-token hashes: no usable credential.</>,
        session: <>SHA-256 hashes of the session ids and the records: no usable cookie.</>,
        authjs: <>Token versions: no usable credential.</>,
        betterAuth: <>The records, keyed by the session token (not hashed): with <code>BETTER_AUTH_SECRET</code> too, each is a usable cookie.</>,
      },
      proof: [{ href: SESSION_ROUTES.dashboard, label: "session dashboard: the stored record" }],
    },
    {
      id: "secret-leak",
      topic: "What a secret leak exposes",
      cells: {
        jwt: <><code>JWT_SECRET</code> mints a valid token for any user and role, on every instance, until the secret is changed.</>,
        jwtChecked: <>The same: a minted token passes the checks too (a new <code>jti</code>, a current version).</>,
        session: <>No secret signs sessions: an id is valid only if the store has it.</>,
        authjs: <><code>AUTH_SECRET</code> decrypts every cookie and mints new ones.</>,
        betterAuth: <><code>BETTER_AUTH_SECRET</code> signs ids and cache copies. Cache off: a cookie still needs its session in the store. On: it signs a copy for any user, role and expiry, read with no store.</>,
      },
      proof: [{ href: ROUTES.leakedKeyDrill, label: "the leaked-key drill" }, { href: JWT_ROUTES.replay, label: "JWT replay demo" }],
    },
    {
      id: "key-rotation",
      topic: LEAK_ROWS["key-rotation"],
      cells: {
        jwt: <><code>JWT_SECRET</code> signs; <code>JWT_SECRET_PREVIOUS</code> only verifies (this server: <Fig>{previousKeys(c.previousJwtKeys)}</Fig>). Each token names its key (<code>kid</code>), so a routine rotation signs nobody out; leaving a leaked key out refuses all it signed at once.</>,
        jwtChecked: <>The same keys; refresh tokens are tagged with the key too and keep rotating across the change.</>,
        session: <>No key to rotate: the cookie is a random id, and the store holds its hash.</>,
        authjs: <><code>AUTH_SECRET</code> encrypts; <code>AUTH_SECRET_PREVIOUS</code> still decrypts (this server: <Fig>{previousKeys(c.previousAuthjsKeys)}</Fig>); an active user&apos;s cookie is sealed with the new key on their next request.</>,
        betterAuth: <>One secret: Better Auth 1.7 checks its signatures with <code>BETTER_AUTH_SECRET</code> alone, so a new one signs every Better Auth user out (no previous key; <code>BETTER_AUTH_SECRETS</code> is refused at startup).</>,
      },
      proof: [{ href: `${ROUTES.docs.index}/deploying#rotating-the-signing-keys`, label: "docs: rotating the signing keys" }, { href: ROUTES.leakedKeyDrill, label: "the leaked-key drill" }],
    },
    {
      id: "xss-csrf",
      topic: "XSS and CSRF exposure",
      cells: {
        jwt: <>HttpOnly cookie (page scripts cannot read it), SameSite=Lax, Origin check on writes, nonce CSP. A token kept in localStorage would be readable by XSS: this app never hands it to scripts.</>,
        jwtChecked: <>The same cookie rules; the refresh cookie is scoped to one path.</>,
        session: <>The same cookie rules; a stolen id can be revoked at once.</>,
        authjs: <>The same cookie rules, plus Auth.js&apos;s own CSRF token on its endpoints.</>,
        betterAuth: <>The same cookie rules; its own Origin check is given middleware&apos;s rule (<code>trustedOrigins</code>).</>,
      },
      proof: [{ href: JWT_ROUTES.login, label: "JWT sign-in" }],
    },
    {
      id: "login-limit",
      topic: "Password guessing (every lane, one limiter)",
      cells: {
        jwt: <><Fig>{c.loginLimits.maxFailuresPerAccountAndAddress}</Fig> failures per account from one address, <Fig>{c.loginLimits.maxFailuresPerAccount}</Fig> per account from all, <Fig>{c.loginLimits.maxFailuresPerAddress}</Fig> per address in <Fig>{c.loginWindow}</Fig>, then 429.</>,
        jwtChecked: <>The same limiter.</>,
        session: <>The same limiter.</>,
        authjs: <>The same limiter, inside Auth.js&apos;s <code>authorize()</code>.</>,
        betterAuth: <>The same limiter, around its sign-in (its own, per-instance one is off).</>,
      },
      proof: [{ href: SESSION_ROUTES.login, label: "session sign-in" }, { href: AUTHJS_ROUTES.login, label: "Auth.js sign-in" }],
    },
  ];

  return (
    <>
      <h1>JWT or session: the comparison, with this app&apos;s numbers</h1>
      <p>
        Every point on which JWTs and server-side sessions are usually weighed against each other, for each lane of this app. <strong className="figure">Bold</strong> figures
        are this server&apos;s configuration, the cookies your browser holds now, or the last benchmark run
        {bench ? <> (<span data-testid="bench-date">{bench.date.slice(0, 10)}</span>, {bench.machine.cpu}, {bench.machine.cores} cores, Node {bench.machine.node}{bench.quick ? ", quick run" : ""})</> : " (none yet: run npm run bench)"}.
        Each row links to the page that demonstrates it.
      </p>
      {/* The terms the rows use, said once before the table (a phone has no hover for a title). */}
      <p className="glossary" data-testid="compare-glossary">
        <strong>Terms:</strong> <dfn>jti</dfn>, a JWT&apos;s own id, so one token can be refused alone (a <dfn>jti denylist</dfn> lists
        the ids refused before they expire); <dfn>JWS</dfn>, a signed token anyone can read (JWE: an encrypted one);{" "}
        <dfn>EdDSA</dfn>, a public-key signature: a service checks it without the key that signs; <dfn>JWKS</dfn>, the page that
        publishes those public keys.
      </p>
      <div className="table-scroll">
        <table className="compare" data-testid="compare-table">
          <thead>
            <tr>
              <th scope="col">Point</th>
              {LANES.map((lane) => <th scope="col" key={lane}>{LANE_TITLES[lane]}</th>)}
              <th scope="col">See it</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id} data-testid={`row-${row.id}`}>
                <th scope="row">{row.topic}</th>
                {LANES.map((lane) => <td key={lane} data-label={LANE_TITLES[lane]}>{row.cells[lane]}</td>)}
                <td data-label="See it">
                  <ul className="links">
                    {/* Plain links: several lead to the JWT lane's protected pages, where a client-side navigation with an expired access token would spend the refresh token twice (middleware.ts). */}
                    {row.proof.map((link) => <li key={link.href}><a href={link.href}>{link.label}</a></li>)}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <section className="card" style={{ marginTop: "1.25rem" }} data-testid="choosing">
        <h2>Which one?</h2>
        <ul>
          <li><strong>A plain server-side session</strong> when one site signs its own users in: instant logout and role changes, a cookie that is only a random id, nothing a leaked secret can mint. It costs one store round trip per request and a shared store once there are two servers. <Link href={SESSION_ROUTES.dashboard}>Session demo</Link>.</li>
          <li><strong>A JWT</strong> for short-lived, service-to-service or third-party tokens, and checks on the Edge with no store: it cannot be taken back before <code>exp</code>, so keep it short. <Link href={JWT_ROUTES.replay}>What a stolen one still opens</Link>.</li>
          <li><strong>Hybrids</strong>: a session that mints a {c.thirdPartyTtl} EdDSA token for a third party (<Link href={SESSION_ROUTES.dashboard}>demo</Link>); a short access JWT plus a rotating refresh token ({c.shortAccessTtl} / {c.refreshTtl}, <Link href={JWT_ROUTES.login}>sign in with the refresh check</Link>); Auth.js&apos;s JWT plus a token version for &quot;sign out everywhere&quot; (<Link href={AUTHJS_ROUTES.dashboard}>demo</Link>). Each buys back revocation with the store a plain JWT avoided.</li>
        </ul>
        <p>The full reasoning, with what each choice costs, is in <Link href={`${ROUTES.docs.index}/choosing`}>Choosing a pattern</Link>; which files to copy for each pattern is in <Link href={`${ROUTES.docs.index}/copying`}>Copying a pattern</Link>.</p>
      </section>
    </>
  );
}
