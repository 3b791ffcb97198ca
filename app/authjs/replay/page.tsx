import { AUTHJS_ROUTES } from "@/app/authjs/routes";
import type { Metadata } from "next";
import { ReplayConsole } from "@/app/ui/replay-panel";

export const metadata: Metadata = { title: "Replay a stolen Auth.js cookie" };

export default function AuthjsReplay() {
  return (
    <section className="card authjs">
      <h1>Replay a stolen Auth.js cookie</h1>
      <p>
        Auth.js&apos;s JWT strategy keeps no session on the server: signing out only deletes the browser&apos;s copy.
        A copied cookie keeps working until it expires, and Auth.js re-issues it on every use, up to this app&apos;s
        absolute cap. &ldquo;Sign out everywhere&rdquo; bumps your token version, and from then on the copy is refused.
      </p>
      <ReplayConsole lane="authjs" dashboard={AUTHJS_ROUTES.dashboard} />
    </section>
  );
}
