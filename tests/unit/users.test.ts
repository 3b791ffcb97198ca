import { describe, expect, it } from "vitest";
import { DEMO_CREDENTIALS } from "@/app/ui/demo-users";
import { authenticate, authenticateLoginRequest, hashPassword, verifyPassword, LOGIN_FAILED_MESSAGE, loginLimitsConfig } from "@/lib/security/login";

describe("lib/users", () => {
  it("the demo credentials shown to users match the stored scrypt hashes", async () => {
    for (const { username, password, role } of DEMO_CREDENTIALS) {
      expect(await authenticate(username, password)).toMatchObject({ id: username, role });
    }
  });

  it("a wrong password and an unknown user both give null", async () => {
    expect(await authenticate("alice", "battery-staple")).toBeNull();
    expect(await authenticate("mallory", "correct-horse")).toBeNull();
  });

  it("usernames are matched case-insensitively and trimmed", async () => {
    expect(await authenticate(" Alice ", "correct-horse")).toMatchObject({ id: "alice" });
  });

  it("hashes are salted scrypt, verify their own password, and never contain it", async () => {
    const [a, b] = await Promise.all([hashPassword("hunter2"), hashPassword("hunter2")]);
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[\w-]+\$[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain("hunter2");
    expect(await verifyPassword("hunter2", a)).toBe(true);
    expect(await verifyPassword("hunter3", a)).toBe(false);
    expect(await verifyPassword("hunter2", "md5$abc")).toBe(false);
  });
});

describe("login requests", () => {
  const login = (body: unknown) =>
    authenticateLoginRequest(
      new Request("http://app.test/api/jwt/login", {
        method: "POST",
        headers: { host: "app.test", "content-type": "application/json" },
        body: JSON.stringify(body),
      }),
    );

  it("unknown user and wrong password get the same 401, message and count of attempts left", async () => {
    const unknown = await login({ username: "mallory", password: "correct-horse" });
    const wrong = await login({ username: "alice", password: "nope" });
    const bodies: unknown[] = [];
    for (const result of [unknown, wrong]) {
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect(result.response.status).toBe(401);
      bodies.push(await result.response.json());
    }
    expect(bodies[0]).toEqual({ error: LOGIN_FAILED_MESSAGE, attemptsLeft: expect.any(Number), lockWindowSeconds: loginLimitsConfig().windowSeconds });
    expect(bodies[1]).toEqual(bodies[0]);
  });

  it("correct credentials give the user without any password material", async () => {
    const result = await login({ username: "bob", password: "battery-staple" });
    expect(result.ok && result.user).toEqual({ id: "bob", username: "bob", displayName: "Bob", role: "user" });
  });
});
