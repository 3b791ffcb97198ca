import { ROUTES } from "@/app/routes";
import Link from "next/link";
import { RelativeTime } from "./relative-time";

/**
 * What would actually open the page, for the user who was refused it (app/forbidden.tsx works
 * it out): `stale`, their role was raised but their credential still carries the old one, so
 * signing in again as themselves is enough; `not-admin`, they are not an admin, so only an
 * admin account will do.
 */
export type ForbiddenAdvice = (
  | { kind: "stale"; user: string; credentialRole: string; currentRole: string; loginPath: string; cacheSecondsLeft?: number }
  | { kind: "not-admin"; user: string; role: string; admins: string[]; loginPath: string }
) & {
  /** The user's last role change on an admin page, when there was one. */
  changed?: { role: string; sinceMs: number; nowMs: number };
};

const list = (names: string[]) =>
  names.map((name, i) => (
    <span key={name}>
      {i > 0 && (i === names.length - 1 ? " or " : ", ")}
      <code>{name}</code>
    </span>
  ));

/** `children`: what else changed on the way here, said first (the JWT lane's refresh on the way). */
export function ForbiddenNotice({ advice, children }: { advice?: ForbiddenAdvice | null; children?: React.ReactNode }) {
  return (
    <div className="card">
      <h1>403 — not allowed</h1>
      {children}
      {advice?.changed && (
        // The user's own role changed: a state change, neutral, not a warning.
        <p className="state-change" role="status" data-testid="forbidden-role-change">
          <strong>Your role changed.</strong> An admin made <code>{advice.user}</code> <strong>{advice.changed.role === "admin" ? "an admin" : "a user"}</strong>{" "}
          <RelativeTime ms={advice.changed.sinceMs} serverNowMs={advice.changed.nowMs} />.
        </p>
      )}
      <p>You are signed in, but this page is for the <strong>admin</strong> role only.</p>
      {advice?.kind === "stale" && advice.cacheSecondsLeft !== undefined && (
        <p data-testid="forbidden-advice">
          Your role is now <strong>{advice.currentRole}</strong>, but Better Auth&apos;s cookie cache in this browser is a
          signed copy of your session from when you were <strong>{advice.credentialRole}</strong>, trusted without the
          store until it expires (in {advice.cacheSecondsLeft} s). <a href={advice.loginPath}>Sign in again as <code>{advice.user}</code></a>,
          or reload once it has expired.
        </p>
      )}
      {advice?.kind === "stale" && advice.cacheSecondsLeft === undefined && (
        <p data-testid="forbidden-advice">
          Your role is now <strong>{advice.currentRole}</strong>, but the token this browser holds was signed when you
          were <strong>{advice.credentialRole}</strong>, and a plain JWT keeps the role it was signed with until it
          expires. <a href={advice.loginPath}>Sign in again as <code>{advice.user}</code></a> to get a token that
          says {advice.currentRole}.
        </p>
      )}
      {advice?.kind === "not-admin" && (
        <p data-testid="forbidden-advice">
          <code>{advice.user}</code> has the <strong>{advice.role}</strong> role, so signing in again as {advice.user} will
          not help: this page needs an admin account
          {advice.admins.length > 0 ? <> ({list(advice.admins)}). <a href={advice.loginPath}>Sign in as an admin</a>.</> : <>, and there is none right now.</>}
        </p>
      )}
      {!advice && <p data-testid="forbidden-advice">Sign in with an admin account to see it.</p>}
      <p>Or go back to the <Link href={ROUTES.home}>overview</Link>.</p>
    </div>
  );
}
