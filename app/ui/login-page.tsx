import Link from "next/link";
import { LoginForm } from "./login-form";
import { DemoUsers } from "./demo-users";
import { safeNextPath } from "@/lib/http";
import { ROUTES } from "@/app/routes";

interface Props {
  area: "jwt" | "session" | "authjs";
  title: string;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
  /** Why the previous credential was refused, worded per area. */
  reasonMessages: Record<string, string>;
  /** The JSON login route the default form posts to. */
  endpoint?: string;
  /** The /jwt login: revocation checks the user may choose. */
  revocationChoices?: ReadonlyArray<{ check: string; label: string }>;
  /** The sign-in form for the already-checked `next` target (default: the JSON login form). */
  form?: (next: string) => React.ReactNode;
}

/** What a sign-out sends the browser here with: a confirmation, not a refusal. */
const CONFIRMATIONS: Record<string, string> = {
  "signed-out": "Signed out. This browser no longer holds the credential.",
  "signed-out-everywhere": "Signed out everywhere: every browser and device signed in to this account is signed out too.",
};

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** The login page of one area: the form, the demo users, and why the user landed here. */
export async function LoginPage({ area, title, searchParams, reasonMessages, endpoint, revocationChoices, form }: Props) {
  const params = await searchParams;
  const next = safeNextPath(first(params.next), ROUTES[area].dashboard);
  const reason = first(params.reason);
  const confirmation = reason ? CONFIRMATIONS[reason] : undefined;
  const reasonMessage = reason && !confirmation ? reasonMessages[reason] : undefined;
  return (
    <div className="columns">
      <section className={`card ${area}`}>
        <h1>{title}</h1>
        {confirmation && <p className="confirmation" role="status" data-testid="login-confirmation">{confirmation}</p>}
        {reasonMessage && (
          <p className="notice" data-testid="login-reason">You were signed out: {reasonMessage}</p>
        )}
        {form ? form(next) : endpoint && <LoginForm endpoint={endpoint} next={next} revocationChoices={revocationChoices} />}
        <p>After signing in you go to <code data-testid="login-next">{next}</code>.</p>
      </section>
      <section className="card">
        <h2>Demo users</h2>
        <DemoUsers />
        <p><Link href={ROUTES.home}>Back to the overview</Link></p>
      </section>
    </div>
  );
}
