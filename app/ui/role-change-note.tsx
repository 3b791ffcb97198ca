import { getStore } from "@/lib/store";
import { lastRoleChange } from "@/lib/users";
import { RelativeTime } from "./relative-time";

/**
 * Said at the top of a dashboard whose sign-in outlived a role change: the change is a state
 * change like a sign-out, and the page says it instead of quietly showing another role.
 * `how`: what this lane did with it (each lane's answer is the point of the demo).
 */
export async function RoleChangeNote({ userId, signedInAtMs, serverNowMs, how }: {
  userId: string;
  signedInAtMs: number;
  serverNowMs: number;
  how: (newRole: string) => string;
}) {
  const change = await lastRoleChange(getStore(), userId);
  if (!change || change.since <= signedInAtMs) return null;
  return (
    // A state change (app/ui/attack-verdict.tsx): neutral like "Signed out.", not a warning.
    <p className="state-change" role="status" data-testid="role-change-note">
      <strong>Your role changed.</strong> An admin made you <strong>{change.role === "admin" ? "an admin" : "a user"}</strong>{" "}
      <RelativeTime ms={change.since} serverNowMs={serverNowMs} />, after you signed in. {how(change.role)}
    </p>
  );
}
