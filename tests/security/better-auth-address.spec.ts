import { expect, test } from "@playwright/test";
import { BETTER_AUTH_COOKIE, BOB, call, expectNoInternals, issuedCookie, withSecurityServer } from "./harness";

/**
 * Behind a proxy that appends to X-Forwarded-For (TRUSTED_PROXY_HEADER=x-forwarded-for), a
 * Better Auth session records the address the login limiter counts for the same request: the
 * entry the proxy appended, whatever the client wrote before it. Better Auth's own reading
 * stored none for a list.
 */
withSecurityServer({ TRUSTED_PROXY_HEADER: "x-forwarded-for" });

async function addressRecordedFor(forwardedFor: string): Promise<unknown> {
  const signIn = await call("/api/better-auth/sign-in/username", { json: BOB, headers: { "x-forwarded-for": forwardedFor } });
  expect(signIn.status, signIn.body.slice(0, 200)).toBe(200);
  const cookie = issuedCookie(signIn, BETTER_AUTH_COOKIE) as string;
  const session = await call("/api/better-auth/get-session", { cookies: { [BETTER_AUTH_COOKIE]: cookie } });
  expect(session.status).toBe(200);
  expectNoInternals(session);
  return (session.json as { session?: { ipAddress?: unknown } } | null)?.session?.ipAddress;
}

test("a sign-in through `client, proxy` records the proxy's entry, as the limiter counts it; a client's own list does not choose it", async () => {
  expect(await addressRecordedFor("203.0.113.7, 198.51.100.2")).toBe("198.51.100.2");
  expect(await addressRecordedFor("198.51.100.9, 203.0.113.7, 198.51.100.3")).toBe("198.51.100.3");
  // Control: one entry, which Better Auth read too.
  expect(await addressRecordedFor("198.51.100.4")).toBe("198.51.100.4");
});
