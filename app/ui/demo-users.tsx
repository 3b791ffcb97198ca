import { listUsers } from "@/lib/users";
import { StoreUnavailableError } from "@/lib/store";

/**
 * Shown on the home page and login pages: this is a demo, and these are its only accounts.
 * The directory (lib/users.ts) keeps only scrypt hashes of them, as a real app would.
 */
export const DEMO_CREDENTIALS = [
  { username: "alice", password: "correct-horse", role: "admin" },
  { username: "bob", password: "battery-staple", role: "user" },
] as const;

/** Each account's role now (an admin page may have changed it); null when the store does not answer. */
async function currentRoles(): Promise<Map<string, string> | null> {
  try {
    return new Map((await listUsers()).map((user) => [user.username, user.role]));
  } catch (error) {
    if (StoreUnavailableError.is(error)) return null; // the table still shows the starting roles
    throw error;
  }
}

/** The demo accounts (the same in every lane), with their roles as they are now. */
export async function DemoUsers() {
  const roles = await currentRoles();
  return (
    <table aria-label="Demo users">
      <thead>
        <tr><th>username</th><th>password</th><th>role</th></tr>
      </thead>
      <tbody>
        {DEMO_CREDENTIALS.map((u) => {
          const role = roles?.get(u.username) ?? u.role;
          return (
            <tr key={u.username}>
              <td><code>{u.username}</code></td>
              <td><code>{u.password}</code></td>
              <td data-testid={`demo-role-${u.username}`}>{role}{role !== u.role && <> (changed from {u.role} on an admin page)</>}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
