import { scrypt, randomBytes, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { getStore, type KeyValueStore } from "./store";
import { currentRole } from "./roles";

/**
 * The demo user directory shared by every area, and password hashing with scrypt.
 * Node-only (node:crypto); never imported by middleware.
 */

export type Role = "admin" | "user";
export const ROLES: readonly Role[] = ["admin", "user"];

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
}

interface StoredUser extends User {
  passwordHash: string;
}

/**
 * Shown on the home page and login pages: this is a demo, and these are its only accounts.
 * The directory below keeps only scrypt hashes of them, as a real app would.
 */
export const DEMO_CREDENTIALS = [
  { username: "alice", password: "correct-horse", role: "admin" },
  { username: "bob", password: "battery-staple", role: "user" },
] as const;

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

// scrypt cost: N=2^14, r=8, p=1 (OWASP's minimum for scrypt) ≈ 16 MiB and tens of ms per hash.
const SCRYPT_COST = { N: 16384, r: 8, p: 1 } as const;
const KEY_BYTES = 32;
const SALT_BYTES = 16;

function scryptAsync(password: string, salt: Buffer, keyBytes: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keyBytes, { ...options, maxmem: 64 * 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(key));
  });
}

/** `scrypt$N$r$p$salt$hash`, salt and hash base64url: self-describing, so the cost can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await scryptAsync(password, salt, KEY_BYTES, SCRYPT_COST);
  const { N, r, p } = SCRYPT_COST;
  return `scrypt$${N}$${r}$${p}$${salt.toString("base64url")}$${key.toString("base64url")}`;
}

/** Constant-time comparison of a password against a stored hash. False for malformed hashes. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, saltText, keyText] = stored.split("$");
  if (scheme !== "scrypt" || !saltText || !keyText) return false;
  const expected = Buffer.from(keyText, "base64url");
  if (expected.length !== KEY_BYTES) return false;
  const actual = await scryptAsync(password, Buffer.from(saltText, "base64url"), KEY_BYTES, {
    N: Number(n), r: Number(r), p: Number(p),
  });
  return timingSafeEqual(actual, expected);
}

function publicUser({ passwordHash: _hash, ...user }: StoredUser): User {
  return user;
}

/** The user with their current role (a role change made on an admin page applies here). */
export async function findUserById(id: string, store: KeyValueStore = getStore()): Promise<User | null> {
  const user = USERS.find((u) => u.id === id);
  return user ? { ...publicUser(user), role: await currentRole(store, user.id, user.role) } : null;
}

/** Every demo user with their current role (the admin pages list them). */
export async function listUsers(store: KeyValueStore = getStore()): Promise<User[]> {
  return Promise.all(USERS.map(async (user) => ({ ...publicUser(user), role: await currentRole(store, user.id, user.role) })));
}

// Verified against when the username is unknown, so both failures cost one scrypt.
const DUMMY_HASH = USERS[0].passwordHash;

/**
 * The user for these credentials, or null. Unknown user and wrong password take the same
 * time and give the same answer, so a caller cannot tell which usernames exist.
 */
export async function authenticate(username: string, password: string, store: KeyValueStore = getStore()): Promise<User | null> {
  const user = USERS.find((u) => u.username === username.trim().toLowerCase());
  const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !ok) return null;
  return { ...publicUser(user), role: await currentRole(store, user.id, user.role) };
}
