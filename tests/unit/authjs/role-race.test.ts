import { describe, expect, it } from "vitest";
import type { JWT } from "next-auth/jwt";
import { callbacks } from "@/auth.config";
import type { KeyValueStore } from "@/lib/store";
import { revokeAllTokensForUser } from "@/lib/token-version";
import { currentRole, roleWriteOp } from "@/lib/users";
import type { Role } from "@/lib/validation";
import { withAppStore } from "@/tests/support/stores";
import { onEveryStore } from "@/tests/support/redis-availability";

/**
 * Sign-ins racing role changes, many times, on each store. Each round signs in as authorize()
 * does (the role read first, then the limiter's round trips, then the jwt callback) while an
 * admin changes the role (the role and a new token version in one write), the two started at
 * shifted points so that some rounds change the role between the sign-in's two reads. Every
 * minted token must carry the role stored with its version: one the version check accepts is
 * then never a role the user no longer has.
 */
const ROUNDS = 40;

function signInRaceSuite(name: string, connect: () => KeyValueStore) {
  describe(`Auth.js sign-ins racing role changes, on ${name}`, { timeout: 60_000 }, () => {
    it(`no token minted by ${ROUNDS} sign-ins, each racing a role change, holds a role other than the one stored at its version`, async () => {
      const store = connect();
      await withAppStore(store, async () => {
        const id = `race-${Math.random().toString(36).slice(2)}`;
        const roundTrips = async (count: number) => {
          for (let i = 0; i < count; i++) await store.get(`race-idle:${id}`);
        };
        let version = Date.now();
        const roleAtVersion = new Map<number, Role>([[version, "user"]]);
        await revokeAllTokensForUser(store, id, version, [roleWriteOp(id, "user", version)]);
        let readBeforeChange = 0;
        for (let round = 0; round < ROUNDS; round++) {
          const role: Role = round % 2 === 0 ? "admin" : "user";
          const changedAt = ++version;
          roleAtVersion.set(changedAt, role);
          const [token, authorizedRole] = await Promise.all([
            (async () => {
              const authorized = await currentRole(store, id, "user"); // authorize()
              await roundTrips(round % 4); // the limiter settling the attempt
              const minted = await callbacks.jwt({ token: {} as JWT, user: { id, name: "Race", role: authorized }, trigger: "signIn" });
              return [minted, authorized] as const;
            })(),
            (async () => {
              await roundTrips(Math.floor(round / 4) % 4);
              await revokeAllTokensForUser(store, id, changedAt, [roleWriteOp(id, role, changedAt)]);
            })(),
          ]).then(([signIn]) => signIn);
          if (authorizedRole !== role) readBeforeChange++;
          expect(token).not.toBeNull();
          expect({ round, role: token!.role }).toEqual({ round, role: roleAtVersion.get(token!.ver) });
          const next = await callbacks.jwt({ token: token! });
          if (next !== null) expect({ round, role: next.role }).toEqual({ round, role });
        }
        // The rounds did race: some sign-ins read the role before that round's change.
        expect(readBeforeChange).toBeGreaterThan(0);
      });
    });
  });
}

onEveryStore("Auth.js sign-ins racing role changes", signInRaceSuite);
