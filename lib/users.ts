import { z } from "zod";
import { StoreUnavailableError, getStore, parseJsonOrNull, type KeyValueStore, type WriteOp } from "./store";
import { roleSchema, type Role } from "./validation";

/**
 * The demo user directory every lane shares, and the one fact about a user that can change while
 * they are signed in: their role, kept in the store so every instance (and the Edge runtime, on
 * Redis) sees a change at once. Edge-safe: no Node built-ins (lib/security/login.ts checks passwords).
 */

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
}

/** Who a gate let through: all a page or route needs to know about the user. */
export interface AuthUser {
  id: string;
  role: Role;
}

export interface StoredUser extends User {
  passwordHash: string;
}

// Hashes made with `npx tsx scripts/hash-password.ts <password>`.
const USERS: readonly StoredUser[] = [
  {
    id: "alice",
    username: "alice",
    displayName: "Alice",
    role: "admin",
    passwordHash: "scrypt$16384$8$1$_PEFY_m1UuPZz-gkYPvCeA$BMkiJGzt2vCjAEHQ3y3mV77aMbgHobcFIZMApdAhtR8",
  },
  {
    id: "bob",
    username: "bob",
    displayName: "Bob",
    role: "user",
    passwordHash: "scrypt$16384$8$1$Ry0WRiWJZ4n_P-yh4V1zEQ$mlnWWmNPRefbXd4HamAP_4g9ugFofjaNiXJFi6eKpc8",
  },
];

/** The stored entry (with its password hash) for a username as typed: trimmed, case-insensitive. */
export function findStoredUser(username: string): StoredUser | undefined {
  return USERS.find((u) => u.username === username.trim().toLowerCase());
}

/** A hash to verify against when the username is unknown, so both failures cost one scrypt. */
export const DUMMY_PASSWORD_HASH = USERS[0].passwordHash;

/** The user as pages may see them: no hash, and the current role. */
export async function withCurrentRole({ passwordHash: _hash, ...user }: StoredUser, store: KeyValueStore = getStore()): Promise<User> {
  return { ...user, role: await currentRole(store, user.id, user.role) };
}

/** The user with their current role (a role change made on an admin page applies here). */
export async function findUserById(id: string, store: KeyValueStore = getStore()): Promise<User | null> {
  const user = USERS.find((u) => u.id === id);
  return user ? withCurrentRole(user, store) : null;
}

/** Every demo user with their current role (the admin pages list them). */
export async function listUsers(store: KeyValueStore = getStore()): Promise<User[]> {
  return Promise.all(USERS.map((user) => withCurrentRole(user, store)));
}

// ---------------------------------------------------------------------------------------
// Roles. The directory above holds each user's starting role; a change made on an admin page
// is stored, and wins.

export const userRoleKey = (userId: string) => `user-role:${userId}`;

/** A stored role change: the role and when it was made (epoch ms). */
const roleChangeSchema = z.object({ role: roleSchema, since: z.number() });
export type RoleChange = z.infer<typeof roleChangeSchema>;

/** The user's stored role change, if any; a value this app did not write fails as an unreadable store (a demotion may be hiding in it). */
export function parseRoleChange(raw: string | null, userId: string): RoleChange | null {
  if (raw === null) return null;
  const parsed = roleChangeSchema.safeParse(parseJsonOrNull(raw));
  if (!parsed.success) throw new StoreUnavailableError(`the read of ${userRoleKey(userId)}`, "not a role change");
  return parsed.data;
}

/** The last role change made on an admin page, if any (what a stale token is compared with). */
export async function lastRoleChange(store: KeyValueStore, userId: string): Promise<RoleChange | null> {
  return parseRoleChange(await store.get(userRoleKey(userId)), userId);
}

/** The user's current role: the stored change if there is one, else the directory's role. */
export async function currentRole(store: KeyValueStore, userId: string, directoryRole: Role): Promise<Role> {
  return (await lastRoleChange(store, userId))?.role ?? directoryRole;
}

/** The write that records a new role (the admin page puts it in one atomic write with each lane's part). */
export function roleWriteOp(userId: string, role: Role, nowMs: number): WriteOp {
  return { op: "setPermanent", key: userRoleKey(userId), value: JSON.stringify({ role, since: nowMs } satisfies RoleChange) };
}
