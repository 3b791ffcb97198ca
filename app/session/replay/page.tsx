import { SESSION_ROUTES } from "@/app/session/routes";
import type { Metadata } from "next";
import { ReplayConsole } from "@/app/ui/replay-panel";

export const metadata: Metadata = { title: "Replay a stolen session cookie" };

export default function SessionReplay() {
  return (
    <section className="card session">
      <h1>Replay a stolen session cookie</h1>
      <p>
        The session cookie is only a key to a record on the server. Signing out deletes the record, so a copy
        of the cookie is refused at once: there is nothing left for it to open.
      </p>
      <ReplayConsole lane="session" dashboard={SESSION_ROUTES.dashboard} />
    </section>
  );
}
