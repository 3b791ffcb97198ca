import type { Metadata } from "next";
import { requireSessionUser } from "@/app/session/gate";
import { defaultSessionDeps } from "@/lib/session";
import { listSessionsForUser } from "@/lib/session/devices";
import { sessionConfig } from "@/lib/session";
import Link from "next/link";
import { SESSION_ROUTES } from "@/app/session/routes";
import { DeviceTable } from "@/app/ui/device-table";
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
      <DeviceTable
        devices={sessions.map(({ id, record }) => ({ id, userAgent: record.userAgent, signedInAtMs: record.createdAt, lastSeenAtMs: record.lastSeenAt }))}
        currentId={auth.id}
        serverNowMs={auth.verifiedAtMs}
        revokeOne={revokeDevice}
        revokeOthers={revokeOtherDevices}
      />
      <p><Link href={SESSION_ROUTES.dashboard}>Back to the session dashboard</Link></p>
    </section>
  );
}
