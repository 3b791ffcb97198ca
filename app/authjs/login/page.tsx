import Link from "next/link";
import { DemoUsers } from "@/app/ui/demo-users";
import { safeNextPath } from "@/lib/http";
import { SignInForm } from "./sign-in-form";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function AuthjsLogin({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const next = safeNextPath(first(params.next), "/authjs/dashboard");
  const reason = first(params.reason);
  return (
    <div className="columns">
      <section className="card authjs">
        <h1>Sign in — Auth.js</h1>
        {reason === "invalid" && (
          <p className="notice" data-testid="login-reason">
            You were signed out: your session cookie expired, could not be decrypted, or was revoked by “sign out everywhere”.
          </p>
        )}
        <SignInForm next={next} />
        <p>After signing in you go to <code data-testid="login-next">{next}</code>.</p>
      </section>
      <section className="card">
        <h2>Demo users</h2>
        <DemoUsers />
        <p><Link href="/">Back to the overview</Link></p>
      </section>
    </div>
  );
}
