import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { benchFixturesEnabled } from "./fixtures-enabled";
import { JwtDashboardView, type JwtDashboardProps } from "@/app/jwt/jwt-dashboard-view";
import { dashboardTimeline } from "@/app/ui/timeline-steps";
import { cookieBytes } from "@/lib/cookies";
import { JWT_COOKIE } from "@/lib/jwt";
import { withoutIdentityHeaders } from "@/app/first-gate";

const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
const CLAIMS = {
  role: "user" as const,
  sub: "baseline",
  iss: "jwt-vs-session",
  aud: "jwt-vs-session:web",
  iat: 1_800_000_000,
  exp: 4_000_000_000,
  jti: "00000000-0000-4000-8000-000000000000",
};
const HEADER = { alg: "HS256", typ: "at+jwt" };
/** A token-shaped sample (not signed by anyone: nothing checks it here). */
const SAMPLE_TOKEN = `${encode(HEADER)}.${encode(CLAIMS)}.${"A".repeat(43)}`;

/**
 * The benchmark's fixtures (/bench/baseline, /bench/passthrough): the JWT dashboard's exact
 * content, its request timeline included, rendered dynamically with a sample token and no
 * guard at all. The difference between a guarded page and these is what the guard costs.
 * 404 unless the server runs with BENCH_FIXTURES=1 (app/bench/fixtures-enabled.ts).
 * `throughMiddleware: false`: the baseline, whose client-sent identity headers nobody stripped.
 */
export async function BenchFixture({ what, throughMiddleware }: { what: string; throughMiddleware: boolean }) {
  if (!benchFixturesEnabled()) notFound();
  const auth: JwtDashboardProps["auth"] = {
    user: { id: CLAIMS.sub, role: CLAIMS.role },
    token: SAMPLE_TOKEN,
    claims: CLAIMS,
    header: HEADER,
    verifiedAtMs: 1_800_000_000_000,
  };
  // The baseline, which middleware never sees (that is what it measures), drops what middleware
  // would have stripped itself, so it draws nothing a client wrote there.
  const requestHeaders = throughMiddleware ? await headers() : withoutIdentityHeaders(await headers());
  const timeline = dashboardTimeline({ headers: requestHeaders, cookie: { name: JWT_COOKIE, bytes: cookieBytes(JWT_COOKIE, SAMPLE_TOKEN) }, gate: "none (fixture)" });
  return (
    <>
      <p className="notice" role="note" data-testid="fixture-note">
        This is the benchmark&apos;s fixture page, not a demo: the JWT dashboard&apos;s content with a sample token and no
        guard at all ({what}), so <code>npm run bench</code> can measure what the guard costs. Nothing here is signed in.
      </p>
      <JwtDashboardView auth={auth} requestHeaders={requestHeaders} timeline={timeline} />
    </>
  );
}
