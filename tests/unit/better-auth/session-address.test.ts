import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { betterAuthWith, copyUserFromDirectory, liveSessions } from "@/lib/better-auth/auth";
import { clientAddress } from "@/lib/http";
import { replaceStore } from "@/lib/store";
import { onEveryStore } from "../../support/redis-availability";

/**
 * The client address a Better Auth session records, behind a proxy that appends to
 * X-Forwarded-For (TRUSTED_PROXY_HEADER=x-forwarded-for): the address the login limiter counts
 * for the same request (clientAddress, lib/http.ts), read back from the store. Better Auth's
 * own reading skipped a header holding a list (`client, proxy`): such a session had no address.
 */
const PROXY_HEADER = "x-forwarded-for";
// Read once, when Better Auth is first set up in this file (the config section caches it).
vi.stubEnv("TRUSTED_PROXY_HEADER", PROXY_HEADER);
afterAll(() => vi.unstubAllEnvs());

const BOB = { username: "bob", password: "battery-staple" };

async function addressRecordedFor(forwardedFor: string | null): Promise<string | null | undefined> {
  const auth = betterAuthWith(0);
  await copyUserFromDirectory(BOB.username);
  const headers = new Headers({ "user-agent": "AddressTest/1.0", ...(forwardedFor === null ? {} : { [PROXY_HEADER]: forwardedFor }) });
  const { response } = await auth.api.signInUsername({ body: BOB, headers, returnHeaders: true });
  const token = response?.token;
  expect(token).toBeTruthy();
  return (await liveSessions(auth, "bob")).find((session) => session.token === token)?.ipAddress;
}

onEveryStore("a Better Auth session's client address", (name, connect) => {
  describe(`a Better Auth session's client address behind a trusted proxy, on ${name}`, () => {
    beforeAll(() => replaceStore(connect()));

    it.each([
      ["one address", "198.51.100.2", "198.51.100.2"],
      ["`client, proxy`: the entry the proxy next to the app appended", "203.0.113.7, 198.51.100.2", "198.51.100.2"],
      ["three entries, no spaces", "10.0.0.1,203.0.113.7,198.51.100.2", "198.51.100.2"],
      ["IPv6 entries: the last one, whole", "2001:db8::1, 2001:db8:0:1::2", "2001:db8:0:1::2"],
    ])("%s: the address the login limiter counts for the same request", async (_what, forwardedFor, expected) => {
      expect(clientAddress(new Headers({ [PROXY_HEADER]: forwardedFor }), PROXY_HEADER)).toBe(expected);
      expect(await addressRecordedFor(forwardedFor)).toBe(expected);
    });

    it("no proxy header on the request: no address (never a made-up one)", async () => {
      expect(await addressRecordedFor(null)).toBe("");
    });

    it("an entry that is no IP address (client text passed through) is not stored, nor copied into the cookie cache", async () => {
      for (const entry of ["<script>", "a".repeat(500), "198.51.100.2 extra"]) expect(await addressRecordedFor(`203.0.113.7, ${entry}`)).toBe("");
    });
  });
});
