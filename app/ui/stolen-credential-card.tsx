import { CopyCredentialPanel } from "./replay-panel";
import { RevocationStopwatch } from "./revocation-stopwatch";

type Lane = Parameters<typeof CopyCredentialPanel>[0]["lane"];

/**
 * The dashboards' "Stolen credential" card: copy this browser's credential (for the replay page
 * or a terminal), and the revocation stopwatch, which steals it, signs out and times the copy.
 */
export function StolenCredentialCard({ lane, reveal, cookieName, mePath, logoutEndpoint }: {
  lane: Lane;
  reveal: () => Promise<string | null>;
  cookieName: string;
  mePath: string;
  logoutEndpoint: string;
}) {
  return (
    <section className="card stolen-credential">
      <h2>Stolen credential</h2>
      <CopyCredentialPanel lane={lane} reveal={reveal} cookieName={cookieName} mePath={mePath} />
      <h3>Revocation stopwatch</h3>
      <RevocationStopwatch lane={lane} reveal={reveal} logoutEndpoint={logoutEndpoint} />
    </section>
  );
}
