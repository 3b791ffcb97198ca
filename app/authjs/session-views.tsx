"use client";

import { useSession } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { JsonBlock } from "@/app/ui/code-lines";

/** What a background read refused by the server means (the cookie stays: app/api/auth/[...nextauth]/route.ts). */
const REFUSED_IN_THE_BACKGROUND = "The server refused this browser's cookie on its last read. Reload the page to see why.";

/** The same session, read in the browser through useSession() (GET /api/auth/session). */
export function ClientSessionView() {
  const { data, status } = useSession();
  return (
    <div data-testid="client-session">
      <p>status: <strong data-testid="client-session-status">{status}</strong></p>
      {data ? (
        <JsonBlock value={data} copyLabel="Copy the session" testId="client-session-json" />
      ) : status === "unauthenticated" ? (
        <p data-testid="client-session-json">null. {REFUSED_IN_THE_BACKGROUND}</p>
      ) : (
        <pre tabIndex={0} data-testid="client-session-json">(loading)</pre>
      )}
    </div>
  );
}

/**
 * Changes the display name through useSession().update(). The server's jwt callback takes
 * only `name` from what the client sends (auth.config.ts).
 */
export function DisplayNameForm() {
  const { data, status, update } = useSession();
  const router = useRouter();
  const [message, setMessage] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get("name") ?? "");
    const updated = await update({ name });
    const accepted = updated?.user.name === name.trim();
    setMessage(accepted ? `Display name is now ${updated.user.name}.` : "The server refused that name (1–40 characters).");
    // The panels rendered on the server (auth(), the decrypted cookie) read the cookie update()
    // just re-issued: render them again, so no panel on the page still shows the old name.
    if (accepted) router.refresh();
  }

  // Shown once the session has loaded, so the field starts from the current name and
  // nothing the user types is replaced when the session arrives.
  if (status === "unauthenticated") return <p>Signed out. {REFUSED_IN_THE_BACKGROUND}</p>;
  if (status !== "authenticated") return <p>Loading the session…</p>;
  return (
    <form className="login" onSubmit={onSubmit}>
      <label>
        Display name
        <input name="name" defaultValue={data.user.name} />
      </label>
      <button type="submit">Update with useSession().update()</button>
      {message && <p role="status" data-testid="update-message">{message}</p>}
    </form>
  );
}
