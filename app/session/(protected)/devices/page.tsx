import type { Metadata } from "next";
import { requireSessionUser } from "@/app/session/gate";
import { defaultSessionDeps } from "@/lib/session";
import { listSessionsForUser } from "@/lib/session/devices";
import { sessionConfig } from "@/lib/session";
import Link from "next/link";
import { SESSION_ROUTES } from "@/app/session/routes";
import { deviceName } from "@/app/ui/device-name";
import { RelativeTime } from "@/app/ui/relative-time";
import { revokeDevice, revokeOtherDevices } from "../../devices-actions";

export const metadata: Metadata = { title: "Your devices" };

export default async function Devices({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const auth = await requireSessionUser();
  const { ended } = await searchParams;
  const sessions = await listSessionsForUser(defaultSessionDeps(), auth.user.id);
  const { maxDevices } = sessionConfig();
  return (
    <section className="card session">
      <h1>Your devices</h1>
      <p>
        At most <strong data-testid="max-devices">{maxDevices}</strong> sessions per user: signing in on another device
        ends the oldest. The list comes from your per-user index in the store (sorted by creation), not from scanning keys.
      </p>
      {(ended === "one" || ended === "others") && (
        <p className="confirmation" role="status" data-testid="devices-confirmation">
          {ended === "others" ? "Signed out every other device: their cookies no longer open anything." : "Signed out that device: its cookie no longer opens anything."}
        </p>
      )}
      <div className="table-scroll">
      <table aria-label="Your sessions">
        <thead>
          <tr><th scope="col">Device</th><th scope="col">Signed in</th><th scope="col">Last seen</th><th scope="col"><span className="visually-hidden">Action</span></th></tr>
        </thead>
        <tbody>
          {sessions.map(({ id, record }) => (
            <tr key={id} data-testid="device-row">
              <td><span title={record.userAgent} data-testid="device-name">{deviceName(record.userAgent)}</span>{id === auth.id && <strong data-testid="this-device"> (this device)</strong>}</td>
              <td><RelativeTime ms={record.createdAt} serverNowMs={auth.verifiedAtMs} /></td>
              <td><RelativeTime ms={record.lastSeenAt} serverNowMs={auth.verifiedAtMs} /></td>
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
      </div>
      {sessions.length > 1 && (
        <form action={revokeOtherDevices} className="actions">
          <button type="submit">Sign out all other devices</button>
        </form>
      )}
      <p><Link href={SESSION_ROUTES.dashboard}>Back to the session dashboard</Link></p>
    </section>
  );
}
