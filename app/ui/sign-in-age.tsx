import { isFreshSignIn } from "@/lib/step-up";

/** "40 s", "4 min", "2 h", "3 d": an age for people, in its largest whole unit. */
function age(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h`;
  return `${Math.floor(seconds / 86400)} d`;
}

/**
 * The dashboards' one line about sudo mode: how long ago the password was checked (from the
 * lane's real credential) and whether sensitive actions will ask for it again.
 */
export function SignInAge({ authTimeMs, nowMs, maxAgeSeconds }: { authTimeMs: number | null; nowMs: number; maxAgeSeconds: number }) {
  const fresh = isFreshSignIn(authTimeMs, nowMs, maxAgeSeconds);
  const when = authTimeMs === null ? "Sign-in time unknown" : `Signed in ${age(nowMs - authTimeMs)} ago`;
  const then = fresh && authTimeMs !== null
    ? `sensitive actions work without a password for ${age(authTimeMs + maxAgeSeconds * 1000 - nowMs)} more`
    : "sensitive actions will ask for your password";
  return <p className="sign-in-age" data-testid="sign-in-age" data-fresh={fresh}>{when}; {then}.</p>;
}
