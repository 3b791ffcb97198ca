/**
 * Shown on the home page and login pages: this is a demo, and these are its only accounts.
 * The directory (lib/users.ts) keeps only scrypt hashes of them, as a real app would.
 */
export const DEMO_CREDENTIALS = [
  { username: "alice", password: "correct-horse", role: "admin" },
  { username: "bob", password: "battery-staple", role: "user" },
] as const;

/** The demo accounts (the same in every lane). */
export function DemoUsers() {
  return (
    <table aria-label="Demo users">
      <thead>
        <tr><th>username</th><th>password</th><th>role</th></tr>
      </thead>
      <tbody>
        {DEMO_CREDENTIALS.map((u) => (
          <tr key={u.username}>
            <td><code>{u.username}</code></td>
            <td><code>{u.password}</code></td>
            <td>{u.role}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
