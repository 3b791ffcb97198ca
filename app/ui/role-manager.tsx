"use client";

import { useActionState } from "react";
import { changeRole, type RoleChangeState } from "@/app/admin/actions";
import type { Role } from "@/lib/validation";
import { StepUpPrompt } from "./step-up-prompt";
import { useCancellableStepUp, useLockWait } from "./step-up-form";
import { CancelStepUp } from "./cancel-step-up";

interface UserRow {
  id: string;
  role: Role;
}

/**
 * The admin pages' role editor; the server action re-checks that the actor is an admin, and
 * that their sign-in is recent: if not, the change comes back below the table with a password
 * field, and confirming sends both (checked, then changed: one click).
 */
export function RoleManager({ lane, users, actorId }: { lane: "jwt" | "session" | "better-auth"; users: UserRow[]; actorId: string }) {
  const [answer, action, pending] = useActionState<RoleChangeState, FormData>(changeRole, {});
  const [state, cancel] = useCancellableStepUp(answer);
  const [waiting, endWait] = useLockWait(state.stepUp);
  return (
    <div>
      {/* What the last change did, above the table it changed. */}
      {state.message && <p role="status" data-testid="role-message">{state.message}</p>}
      {state.error && <p role="alert" className="error" data-testid="role-error">{state.error}</p>}
      <table aria-label="Users and roles">
        <thead>
          <tr><th>user</th><th>role now</th><th>change</th></tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id}>
              <td>{user.id}</td>
              <td data-testid={`role-${user.id}`}>{user.role}</td>
              <td>
                {user.id === actorId ? (
                  "(you)"
                ) : state.stepUp && state.change?.userId === user.id ? (
                  // One button per action: while the password is asked for (or the lock waited out), the change waits below.
                  <span data-testid={`role-pending-${user.id}`}>
                    {state.stepUp.retryAfterSeconds === undefined ? "waiting for your password below" : waiting ? "waiting: sign-in is locked (below)" : "waiting for you to confirm below"}
                  </span>
                ) : (
                  <form action={action} style={{ display: "flex", gap: "0.5rem" }}>
                    <input type="hidden" name="lane" value={lane} />
                    <input type="hidden" name="userId" value={user.id} />
                    <input type="hidden" name="role" value={user.role === "admin" ? "user" : "admin"} />
                    <button type="submit" disabled={pending}>Make {user.id} {user.role === "admin" ? "a user" : "an admin"}</button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {state.stepUp && state.change && (
        <form action={action} className="step-up-confirm" data-testid="role-step-up">
          <input type="hidden" name="lane" value={lane} />
          <input type="hidden" name="userId" value={state.change.userId} />
          <input type="hidden" name="role" value={state.change.role} />
          <StepUpPrompt state={state} onLockEnd={endWait} />
          <button type="submit" disabled={pending || waiting}>Confirm: make {state.change.userId} {state.change.role === "admin" ? "an admin" : "a user"}</button>{" "}
          <CancelStepUp onCancel={cancel} />
        </form>
      )}
    </div>
  );
}
