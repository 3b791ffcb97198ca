import { afterEach, describe, expect, it, vi } from "vitest";
import { betterAuthWith, copyUserFromDirectory, endSession, liveSessions, storeAsSecondaryStorage } from "@/lib/better-auth/auth";
import { MemoryStore } from "@/lib/store/memory";
import { getStore, replaceStore } from "@/lib/store";

const BOB = { username: "bob", password: "battery-staple" };

/** A sign-in as Better Auth's username endpoint does it, on the Better Auth that sets no cookies. */
async function signIn() {
  const auth = betterAuthWith(0, { setsCookies: false });
  await copyUserFromDirectory(BOB.username);
  const { token } = await auth.api.signInUsername({ body: BOB, headers: new Headers() });
  return { auth, token };
}

const sessionFor = (auth: ReturnType<typeof betterAuthWith>, token: string) => auth.$context.then((context) => context.internalAdapter.findSession(token));

/** The session cookie's value as Better Auth signs it (`token.signature`). */
async function signedCookie(auth: ReturnType<typeof betterAuthWith>, token: string): Promise<string> {
  const { makeSignature } = await import("better-auth/crypto");
  return encodeURIComponent(`${token}.${await makeSignature(token, (await auth.$context).secret)}`);
}

afterEach(() => {
  vi.useRealTimers();
});

describe("Better Auth's sessions in this app's store", () => {
  it("a session record, once deleted, cannot be written back; other keys and new sessions can", async () => {
    const store = new MemoryStore();
    const storage = storeAsSecondaryStorage(() => store, 60, 3);
    const record = (token: string) => JSON.stringify({ session: { token, userId: "bob", expiresAt: new Date(Date.now() + 60_000).toISOString() }, user: { id: "bob" } });
    await storage.set("t1", record("t1"), 60);
    await storage.delete("t1");
    await storage.set("t1", record("t1"), 60); // a read-then-write that lost the race with the sign-out
    expect(await storage.get("t1")).toBeNull();
    const t2 = record("t2"); // once: the record carries the time, and a millisecond later is another text
    await storage.set("t2", t2, 60);
    expect(await storage.get("t2")).toBe(t2);
    await storage.set("verification:x", "v1", 60);
    await storage.delete("verification:x");
    await storage.set("verification:x", "v2", 60);
    expect(await storage.get("verification:x")).toBe("v2");
  });

  it("a sign-out between Better Auth's read and its write (the daily expiry slide) stays a sign-out", async () => {
    const { auth, token } = await signIn();
    const context = await auth.$context;
    expect(await sessionFor(auth, token)).not.toBeNull();
    // The race, made to happen: the sign-out lands right after the slide has read the session.
    const memory = getStore();
    let signOutAfterRead = true;
    replaceStore(new Proxy(memory, {
      get(target, property, receiver) {
        if (property !== "get") return Reflect.get(target, property, receiver);
        return async (key: string) => {
          const value = await target.get(key);
          if (signOutAfterRead && key.endsWith(token)) {
            signOutAfterRead = false;
            await endSession(auth, token);
          }
          return value;
        };
      },
    }));
    try {
      // What getSession's slide does once a day: write the session it read, with a new expiry.
      await context.internalAdapter.updateSession(token, { expiresAt: new Date(Date.now() + 7 * 86_400_000), updatedAt: new Date() });
    } finally {
      replaceStore(memory);
    }
    expect(signOutAfterRead).toBe(false);
    expect(await sessionFor(auth, token)).toBeNull();
    expect(await auth.api.getSession({ headers: new Headers({ cookie: `better-auth.session_token=${await signedCookie(auth, token)}` }) })).toBeNull();
  });

  it("the device list works for a week-old session, where Better Auth's listSessions endpoint asks for one a day old", async () => {
    const { auth, token } = await signIn();
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 2 * 86_400_000);
    const listed = await liveSessions(auth, "bob");
    expect(listed.map((session) => session.token)).toContain(token);
    await expect(auth.api.listSessions({ headers: new Headers({ cookie: `better-auth.session_token=${await signedCookie(auth, token)}` }) })).rejects.toMatchObject({ statusCode: 403 });
  });
});
