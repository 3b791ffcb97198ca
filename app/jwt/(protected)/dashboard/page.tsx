import { headers } from "next/headers";
import { requireJwtUser } from "@/lib/guards";
import { JWT_COOKIE } from "@/lib/jwt";
import { cookieBytes } from "@/lib/cookies";
import { Countdown } from "@/app/ui/countdown";
import { LogoutButton } from "@/app/ui/logout-button";
import { TokenAnatomy } from "@/app/ui/token-anatomy";

export default async function JwtDashboard() {
  const auth = await requireJwtUser();
  const requestHeaders = await headers();
  const now = auth.verifiedAtMs;
  const [headerPart, payloadPart, signaturePart] = auth.token.split(".");

  return (
    <div className="columns">
      <section className="card jwt">
        <h1>JWT dashboard</h1>
        <p data-testid="jwt-user" className="state-in">signed in as {auth.user.id} ({auth.user.role})</p>
        <dl className="facts">
          <dt>expires</dt>
          <dd>
            {new Date(auth.claims.exp * 1000).toISOString()} (<Countdown expiresAtMs={auth.claims.exp * 1000} serverNowMs={now} />)
          </dd>
          <dt>token size</dt>
          <dd data-testid="token-bytes">{new TextEncoder().encode(auth.token).length} bytes (cookie header: {cookieBytes(JWT_COOKIE, auth.token)} bytes)</dd>
          <dt>segments</dt>
          <dd>header {headerPart.length} · payload {payloadPart.length} · signature {signaturePart.length} characters</dd>
          <dt>first gate</dt>
          <dd data-testid="guard-runtime">
            middleware verified this token on the <strong>{requestHeaders.get("x-auth-runtime") ?? "(middleware did not run)"}</strong> runtime
          </dd>
          <dt>second gate</dt>
          <dd>this page verified it again with <code>requireJwtUser()</code> on Node.js</dd>
        </dl>
        <LogoutButton endpoint="/api/jwt/logout" redirectTo="/jwt/login" />
      </section>
      <section className="card">
        <h2>Decoded header</h2>
        <pre data-testid="jwt-header">{JSON.stringify(auth.header, null, 2)}</pre>
        <h2>Claims</h2>
        <pre data-testid="jwt-claims">{JSON.stringify(auth.claims, null, 2)}</pre>
        <p>
          Anyone holding the token can read these claims (base64url is not encryption); only the signature stops
          them from being changed.
        </p>
      </section>
      <section className="card">
        <h2>The cookie: a JWS</h2>
        <TokenAnatomy cookieName={JWT_COOKIE} value={auth.token} testId="jwt-cookie" />
      </section>
    </div>
  );
}
