import { beforeAll, describe, expect, it } from "vitest";
import { applyRoleChange, betterAuthWith, copyUserFromDirectory, liveSessions } from "@/lib/better-auth/auth";
import { betterAuthConfig } from "@/lib/better-auth/config";
import { getStore, replaceStore, type KeyValueStore } from "@/lib/store";
import { roleWriteOp } from "@/lib/users";
import type { Role } from "@/lib/validation";
import { onEveryStore } from "../../support/redis-availability";

/**
 * One user signing in on many devices at once, through Better Auth itself (auth.api, on this
 * app's options), on each store. Better Auth's own list of a user's sessions is read, changed
 * and written back, so on Redis parallel sign-ins lost sessions from it (10 at once: 18 of 100
 * lost over 10 runs), and each lost one survived "sign out all other devices". The list now
 * comes from a per-user index written with each session (storeAsSecondaryStorage), which also
 * keeps the device limit (SESSION_MAX_DEVICES): sign-ins at once took none of it into account.
 */
const PARALLEL = 10;
const RUNS = 5;
const ROUNDS = 20;
const { maxDevices } = betterAuthConfig();
const BOB = { username: "bob", password: "battery-staple" };

async function signInAtOnce(count: number) {
  const auth = betterAuthWith(0);
  await copyUserFromDirectory(BOB.username);
  const results = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      auth.api.signInUsername({ body: BOB, headers: new Headers({ "user-agent": `device-${i}` }), returnHeaders: true })),
  );
  return results.map(({ headers, response }) => ({
    token: response!.token,
    cookie: new Headers({ cookie: headers.getSetCookie().find((line) => line.includes("session_token="))!.split(";")[0] }),
  }));
}

function raceSuite(name: string, connect: () => KeyValueStore) {
  // Each run checks dozens of passwords (scrypt) at once: on two busy cores that can take more
  // than vitest's default 5 s. The limit only stops a hang; nothing here is a speed target.
  describe(`Better Auth sessions signed in at once, on ${name}`, { timeout: 60_000 }, () => {
    const auth = () => betterAuthWith(0);
    beforeAll(() => replaceStore(connect()));
    // What app/admin/change-role.ts does for Better Auth: the directory's write, then Better Auth told.
    const changeRole = async (role: Role) => {
      await getStore().write([roleWriteOp("bob", role, Date.now())]);
      await applyRoleChange("bob", role);
    };

    it(`${PARALLEL} parallel sign-ins of one user: the device limit holds, every live device is listed, and "sign out all other devices" ends every other one (${RUNS} runs)`, async () => {
      for (let run = 0; run < RUNS; run++) {
        const devices = await signInAtOnce(PARALLEL);
        const live = (await Promise.all(devices.map(async (device) => ((await auth().api.getSession({ headers: device.cookie })) !== null ? device : null)))).filter((device) => device !== null);
        expect(live).toHaveLength(maxDevices);
        const [mine, ...others] = live;
        const listed = (await auth().api.listSessions({ headers: mine.cookie })).map((session) => session.token);
        expect(listed.sort()).toEqual(live.map((device) => device.token).sort());

        await auth().api.revokeOtherSessions({ headers: mine.cookie });
        const stillSignedIn = await Promise.all(others.map(async (device) => (await auth().api.getSession({ headers: device.cookie })) !== null));
        expect(stillSignedIn.filter(Boolean)).toHaveLength(0);
        expect(await auth().api.getSession({ headers: mine.cookie })).not.toBeNull();
        expect((await auth().api.listSessions({ headers: mine.cookie })).map((session) => session.token)).toEqual([mine.token]);
        await auth().api.revokeSessions({ headers: mine.cookie });
      }
    });

    it(`sign-ins of one user at once never leave more than the device limit live (${ROUNDS} rounds of ${maxDevices + 2})`, async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const devices = await signInAtOnce(maxDevices + 2);
        const stillSignedIn = await Promise.all(devices.map(async (device) => (await auth().api.getSession({ headers: device.cookie })) !== null));
        expect({ round, live: stillSignedIn.filter(Boolean).length, listed: (await liveSessions(auth(), "bob")).length }).toEqual({ round, live: maxDevices, listed: maxDevices });
      }
      await auth().api.revokeSessions({ headers: (await signInAtOnce(1))[0].cookie });
    });

    it(`a role change reaches every one of ${maxDevices} sessions signed in at once`, async () => {
      const devices = await signInAtOnce(maxDevices);
      try {
        await changeRole("admin");
        const roles = await Promise.all(devices.map(async (device) => (await auth().api.getSession({ headers: device.cookie }))?.user.role));
        expect(roles).toEqual(devices.map(() => "admin"));
      } finally {
        await changeRole("user");
        await auth().api.revokeSessions({ headers: devices[0].cookie });
      }
    });
  });
}

onEveryStore("Better Auth sessions signed in at once", raceSuite);
