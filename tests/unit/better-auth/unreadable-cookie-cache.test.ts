import { describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { betterAuthWith, copyUserFromDirectory } from "@/lib/better-auth/auth";
import { BETTER_AUTH_CACHE_COOKIE, BETTER_AUTH_SESSION_COOKIE, COOKIE_CACHE_PREFERENCE } from "@/lib/better-auth/config";
import type { KeyValueStore } from "@/lib/store";
import { authenticateBetterAuth } from "@/app/better-auth/gate";
import { unreadableCookieCache } from "@/app/better-auth/lane";
import { GET } from "@/app/api/better-auth/[...all]/route";
import { withAppStore } from "@/tests/support/stores";
import { onEveryStore } from "../../support/redis-availability";

/**
 * A cookie cache that is not what Better Auth writes (base64url), sent beside a valid session
 * cookie: Better Auth's getSession threw (a 500, FAILED_TO_GET_SESSION) on every page, route
 * and action of the lane. The cache is ignored instead, and the session read from the store.
 */
const UNREADABLE = ["%", "!!!!", "%E0%A4%A"];

async function signedInCookie(): Promise<string> {
  await copyUserFromDirectory("bob");
  const answer = await betterAuthWith(10).api.signInUsername({ body: { username: "bob", password: "battery-staple" }, headers: new Headers(), returnHeaders: true });
  return answer.headers.getSetCookie().find((line) => line.startsWith(`${BETTER_AUTH_SESSION_COOKIE}=`))!.split(";")[0];
}

function suite(name: string, connect: () => KeyValueStore) {
  describe(`an unreadable cookie cache beside a valid session, on ${name}`, () => {
    it.each(UNREADABLE)("session_data=%s: the second gate reads the session from the store", async (data) => {
      await withAppStore(connect(), async () => {
        const cookie = `${await signedInCookie()}; ${BETTER_AUTH_CACHE_COOKIE}=${data}`;
        for (const readOnly of [false, true]) {
          const session = await authenticateBetterAuth(betterAuthWith(10), new Headers({ cookie }), { readOnly });
          expect(session?.user.id).toBe("bob");
        }
      });
    });

    it.each(UNREADABLE)("session_data=%s: GET /api/better-auth/get-session answers the session (200)", async (data) => {
      await withAppStore(connect(), async () => {
        const cookie = `${COOKIE_CACHE_PREFERENCE}=10; ${await signedInCookie()}; ${BETTER_AUTH_CACHE_COOKIE}=${data}`;
        const response = await GET(new NextRequest("http://localhost/api/better-auth/get-session", { headers: { cookie } }));
        expect(response.status).toBe(200);
        expect(response.headers.get("cache-control")).toContain("no-store");
        expect(((await response.json()) as { user?: { id?: string } } | null)?.user?.id).toBe("bob");
      });
    });
  });
}

onEveryStore("an unreadable cookie cache", suite);

describe("unreadableCookieCache (removed by middleware before anything reads the request)", () => {
  it("names a cache cookie, whole or a chunk, that is not base64url; leaves a well-formed one and other cookies", () => {
    expect(unreadableCookieCache(`${BETTER_AUTH_SESSION_COOKIE}=a.b; ${BETTER_AUTH_CACHE_COOKIE}=%`)).toEqual([BETTER_AUTH_CACHE_COOKIE]);
    expect(unreadableCookieCache(`${BETTER_AUTH_CACHE_COOKIE}.0=eyJ; ${BETTER_AUTH_CACHE_COOKIE}.1=!!!!`)).toEqual([`${BETTER_AUTH_CACHE_COOKIE}.1`]);
    expect(unreadableCookieCache(`${BETTER_AUTH_CACHE_COOKIE}=eyJzZXNzaW9uIjp7fX0; other=!!!!`)).toEqual([]);
    expect(unreadableCookieCache(null)).toEqual([]);
  });
});
