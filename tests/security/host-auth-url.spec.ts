import { expect, test } from "@playwright/test";
import { encode } from "next-auth/jwt";
import { E2E_AUTH_SECRET } from "../e2e/env";
import { AUTHJS_COOKIE, call, expectNoInternals, secret, target, withSecurityServer } from "./harness";

/**
 * AUTH_URL naming another origin (an app told its public URL, reached on an internal one):
 * Auth.js hands middleware a copy of the request on that origin. The answers are still built
 * from the request as it arrived: bob's /authjs/admin is a real 403 (the page's, no rewrite, so
 * no proxy to AUTH_URL), and the login redirect stays on this origin.
 */
withSecurityServer({ AUTH_URL: "http://auth.example" });

async function bobCookie() {
  const token = { sub: "bob", id: "bob", role: "user" as const, name: "Bob", ver: 0, authTime: Date.now() };
  return secret(await encode({ token, secret: E2E_AUTH_SECRET, salt: AUTHJS_COOKIE, maxAge: 3600 }));
}

test("with AUTH_URL on another origin, bob's /authjs/admin is a real 403 and the login redirect stays on this origin", async () => {
  const admin = await call("/authjs/admin", { cookies: { [AUTHJS_COOKIE]: await bobCookie() } });
  expect(admin.status).toBe(403);
  expect(admin.body).toContain("403");
  expect(admin.headers.get("x-middleware-rewrite")).toBeNull();
  expectNoInternals(admin);
  const signedOut = await call("/authjs/dashboard");
  expect(signedOut.status).toBe(307);
  const location = new URL(signedOut.location ?? "", target().base);
  expect(location.origin).toBe(target().base);
  expect(location.pathname).toBe("/authjs/login");
});
