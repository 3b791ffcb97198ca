import { deviceName } from "./device-name";
import { RelativeTime } from "./relative-time";
import { StepUpForm } from "./step-up-form";
import type { StepUpState } from "./step-up-prompt";

/** A sensitive action: it may answer with a password prompt instead (app/step-up.ts). */
type StepUpAction = (state: StepUpState, form: FormData) => Promise<StepUpState>;

export interface DeviceRow {
  /** What the revoke action is sent (the lane's id for the session). */
  id: string;
  userAgent: string;
  signedInAtMs: number;
  /** When the lane records it (the session lane does; Better Auth keeps no such time). */
  lastSeenAtMs?: number;
}

/**
 * A user's live sessions, one row per device, with "Sign out this device" on every row but
 * this browser's and "Sign out all other devices" below: the session lane's device page and
 * Better Auth's dashboard. A table on a wide card; on a phone each device is a block of its
 * own (app/globals.css), so no button hides past the card's edge.
 */
export function DeviceTable({ devices, currentId, serverNowMs, revokeOne, revokeOthers }: {
  devices: readonly DeviceRow[];
  currentId: string;
  serverNowMs: number;
  revokeOne: StepUpAction;
  revokeOthers: StepUpAction;
}) {
  const lastSeen = devices.some((device) => device.lastSeenAtMs !== undefined);
  // No empty column when this device is the only one: nothing to sign out from here.
  const others = devices.some((device) => device.id !== currentId);
  return (
    <>
      <table className="devices" role="table" aria-label="Your sessions">
        <thead role="rowgroup">
          <tr role="row">
            <th scope="col" role="columnheader">Device</th>
            <th scope="col" role="columnheader">Signed in</th>
            {lastSeen && <th scope="col" role="columnheader">Last seen</th>}
            {others && <th scope="col" role="columnheader"><span className="visually-hidden">Action</span></th>}
          </tr>
        </thead>
        <tbody role="rowgroup">
          {devices.map((device) => (
            <tr key={device.id} role="row" data-testid="device-row">
              <td role="cell">
                <span title={device.userAgent} data-testid="device-name">{deviceName(device.userAgent)}</span>
                {device.id === currentId && <strong data-testid="this-device"> (this device)</strong>}
                {/* Two sign-ins from one kind of browser look alike: a short tag of the session's id (never its token) tells them apart. */}
                <span className="device-ref" data-testid="device-ref"> · session {device.id.slice(0, 6)}</span>
              </td>
              <td role="cell" data-label="Signed in"><RelativeTime ms={device.signedInAtMs} serverNowMs={serverNowMs} /></td>
              {lastSeen && <td role="cell" data-label="Last seen">{device.lastSeenAtMs !== undefined && <RelativeTime ms={device.lastSeenAtMs} serverNowMs={serverNowMs} />}</td>}
              {others && (
                <td role="cell">
                  {device.id !== currentId && (
                    <StepUpForm action={revokeOne}>
                      <input type="hidden" name="id" value={device.id} />
                      <button type="submit" className="secondary">Sign out this device</button>
                    </StepUpForm>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {others && (
        <StepUpForm action={revokeOthers} className="actions">
          <button type="submit">Sign out all other devices</button>
        </StepUpForm>
      )}
    </>
  );
}
