import type { Metadata } from "next";
import { headers } from "next/headers";
import { JwtDashboardView, type JwtDashboardProps } from "@/app/jwt/jwt-dashboard-view";

export const metadata: Metadata = { title: "Benchmark fixture" };

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
 * The benchmark's baseline: the JWT dashboard's exact content, rendered dynamically with no
 * guard at all (outside the middleware matcher, no verification). The difference between a
 * guarded page and this one is what the guard costs.
 */
export default async function Baseline() {
  const auth: JwtDashboardProps["auth"] = {
    user: { id: CLAIMS.sub, role: CLAIMS.role },
    token: SAMPLE_TOKEN,
    claims: CLAIMS,
    header: HEADER,
    verifiedAtMs: 1_800_000_000_000,
  };
  return (
    <>
      <p className="notice" role="note" data-testid="fixture-note">
        This is the benchmark&apos;s fixture page, not a demo: the JWT dashboard&apos;s content with a sample token and no
        guard at all, so <code>npm run bench</code> can measure what the guard costs. Nothing here is signed in.
      </p>
      <JwtDashboardView auth={auth} requestHeaders={await headers()} />
    </>
  );
}
