import { DEMO_CREDENTIALS } from "@/lib/users";

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
