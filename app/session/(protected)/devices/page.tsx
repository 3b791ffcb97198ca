import { requireSessionUser } from "@/app/session/gate";
import { defaultSessionDeps, listSessionsForUser } from "@/lib/session/session";
import { sessionConfig } from "@/lib/session/session";
import { revokeDevice, revokeOtherDevices } from "../../devices-actions";

const when = (ms: number) => new Date(ms).toISOString().replace("T", " ").slice(0, 19) + " UTC";

export default async function Devices() {
  const auth = await requireSessionUser();
  const sessions = await listSessionsForUser(defaultSessionDeps(), auth.user.id);
  const { maxDevices } = sessionConfig();
  return (
    <section className="card session">
      <h1>Your devices</h1>
      <p>
        At most <strong data-testid="max-devices">{maxDevices}</strong> sessions per user: signing in on another device
        ends the oldest. The list comes from your per-user index in the store (sorted by creation), not from scanning keys.
      </p>
      <table aria-label="Your sessions">
        <thead>
          <tr><th>device</th><th>signed in</th><th>last seen</th><th></th></tr>
        </thead>
        <tbody>
          {sessions.map(({ id, record }) => (
            <tr key={id} data-testid="device-row">
              <td>{record.userAgent}{id === auth.id && <strong data-testid="this-device"> (this device)</strong>}</td>
              <td>{when(record.createdAt)}</td>
              <td>{when(record.lastSeenAt)}</td>
              <td>
                {id !== auth.id && (
                  <form action={revokeDevice}>
                    <input type="hidden" name="id" value={id} />
                    <button type="submit" className="secondary">Sign out this device</button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {sessions.length > 1 && (
        <form action={revokeOtherDevices} style={{ marginTop: "0.75rem" }}>
          <button type="submit">Sign out all other devices</button>
        </form>
      )}
    </section>
  );
}
