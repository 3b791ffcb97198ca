import "server-only";
import { betterAuth, type BetterAuthOptions } from "better-auth";
import { memoryAdapter } from "better-auth/adapters/memory";
import { nextCookies } from "better-auth/next-js";
import { username } from "better-auth/plugins";
import { IS_PRODUCTION, loginLimitsConfig } from "../config";
import { logAuthEvent } from "../log";
import { getStore, type KeyValueStore } from "../store";
import { findStoredUser, findUserById, withCurrentRole } from "../users";
import type { Role } from "../validation";
import { hashPassword, verifyPassword } from "../security/login";
import { BETTER_AUTH_COOKIE_PREFIX, betterAuthConfig, type CookieCacheSeconds } from "./config";

/**
 * The Better Auth lane: Better Auth (its memory adapter for users, its `secondaryStorage` for
 * sessions) set up for the same demo users as the other lanes. Node.js only (scrypt).
 *
 * - Sessions live in this app's store (lib/store) through `secondaryStorage`, under their own
 *   key prefix: the memory store in development, Redis when it is configured, shared by every
 *   instance. So one session works on every instance, and the demo's store round-trip counts
 *   see Better Auth's reads and writes like the other lanes'.
 * - Users: Better Auth's memory adapter holds copies of the shared demo directory's users
 *   (lib/users.ts), with the same password hashes, checked by the same scrypt code.
 * - Sign-in is by username and password only (its `username` plugin); no sign-up, no email.
 */

/** Better Auth's secondary storage, on this app's store: its keys under one prefix. */
// #region better-auth-storage
export const BETTER_AUTH_KEY_PREFIX = "better-auth:";

export function storeAsSecondaryStorage(store: () => KeyValueStore): NonNullable<BetterAuthOptions["secondaryStorage"]> {
  const key = (name: string) => `${BETTER_AUTH_KEY_PREFIX}${name}`;
  return {
    get: (name) => store().get(key(name)),
    // A TTL of 0 or none: a value Better Auth keeps until it deletes it.
    set: (name, value, ttl) =>
      store().write([ttl && ttl > 0 ? { op: "set", key: key(name), value, ttlSeconds: Math.ceil(ttl) } : { op: "setPermanent", key: key(name), value }]),
    delete: (name) => store().write([{ op: "del", key: key(name) }]),
    // Compare-and-delete: of two callers that read the same value, one gets it.
    getAndDelete: async (name) => {
      const value = await store().get(key(name));
      if (value === null) return null;
      return (await store().writeIf({ key: key(name), expected: value }, [{ op: "del", key: key(name) }])) ? value : null;
    },
    increment: async (name, ttl) => (await store().increment([{ key: key(name), by: 1, ttlSeconds: ttl }]))[0].value,
  };
}
// #endregion better-auth-storage

/**
 * Better Auth's tables for its memory adapter. Users are copied in from the shared demo
 * directory (lib/users.ts) when they first sign in on this instance (copyUserFromDirectory),
 * with the same password hash; sessions are not here but in the store (secondaryStorage).
 */
const tables = {
  user: [] as Array<Record<string, unknown> & { id: string; role: Role }>,
  account: [] as Record<string, unknown>[],
  session: [] as Record<string, unknown>[],
  verification: [] as Record<string, unknown>[],
};

/**
 * Better Auth's copy of a directory user, made on this instance's first sign-in by them and
 * given the directory's current role each time (the admin page may have changed it on
 * another instance). Run before each sign-in: the session Better Auth creates copies the row.
 */
export async function copyUserFromDirectory(username: string): Promise<void> {
  const stored = findStoredUser(username);
  if (!stored) return;
  const { role } = await withCurrentRole(stored);
  const row = tables.user.find((u) => u.id === stored.id);
  if (row) {
    row.role = role;
    return;
  }
  const at = new Date();
  tables.user.push({
    id: stored.id,
    name: stored.displayName,
    email: `${stored.username}@users.demo.invalid`, // Better Auth requires one; nothing is ever sent to it
    emailVerified: true,
    username: stored.username,
    displayUsername: stored.username,
    role,
    createdAt: at,
    updatedAt: at,
  });
  tables.account.push({ id: `${stored.id}-credential`, accountId: stored.id, providerId: "credential", userId: stored.id, password: stored.passwordHash, createdAt: at, updatedAt: at });
}

// #region better-auth-options
function options(cookieCacheSeconds: CookieCacheSeconds) {
  const config = betterAuthConfig();
  const { trustedProxyHeader } = loginLimitsConfig();
  return {
    appName: "jwt-vs-session",
    secret: config.secret,
    basePath: "/api/better-auth",
    database: memoryAdapter(tables),
    secondaryStorage: storeAsSecondaryStorage(getStore),
    emailAndPassword: {
      // Username sign-in (the plugin below) checks the password account; the email
      // endpoints (sign-up, sign-in by email, reset) stay off.
      enabled: false,
      password: { hash: hashPassword, verify: ({ hash, password }) => verifyPassword(password, hash) },
    },
    user: { additionalFields: { role: { type: "string", required: false, defaultValue: "user", input: false } } },
    session: {
      expiresIn: config.sessionMaxAgeSeconds,
      // Slides the expiry (a store write) at most once a day, Better Auth's default.
      updateAge: 24 * 60 * 60,
      cookieCache: cookieCacheSeconds > 0 ? { enabled: true, maxAge: cookieCacheSeconds, strategy: "compact" } : { enabled: false },
    },
    // The login rate limiter every lane shares runs around sign-in (lib/better-auth/sign-in.ts);
    // Better Auth's own limiter would be a second, per-instance one.
    rateLimit: { enabled: false },
    // Endpoints a signed-in thief could use: a password check without the limiter, or a
    // change to this instance's copy of the user. This lane's demo uses none of them. And the
    // email ones: the username plugin checks a sign-up's username before the email endpoints
    // say they are off, so /sign-up/email answered "Username is already taken" for a user
    // who had signed in here (an account oracle outside the login limiter).
    disabledPaths: ["/change-password", "/set-password", "/update-user", "/change-email", "/delete-user", "/is-username-available", "/sign-up/email", "/sign-in/email"],
    // The Origin rule for writes is middleware's, for every lane (app/first-gate.ts): Origin's
    // host must be the Host the request came to, on any hostname. Better Auth's own check
    // would compare Origin with a base URL fixed in advance.
    trustedOrigins: (request) => {
      const origin = request?.headers.get("origin");
      const host = request?.headers.get("host");
      if (!origin || !host) return [];
      try {
        return new URL(origin).host === host ? [origin] : [];
      } catch {
        return [];
      }
    },
    advanced: {
      cookiePrefix: BETTER_AUTH_COOKIE_PREFIX,
      useSecureCookies: IS_PRODUCTION,
      // A session records its client's address only from the proxy header this app trusts
      // (TRUSTED_PROXY_HEADER); Better Auth would read X-Forwarded-For, which any client can send.
      ipAddress: trustedProxyHeader ? { ipAddressHeaders: [trustedProxyHeader] } : { disableIpTracking: true },
    },
    telemetry: { enabled: false },
    // Errors reach this app's handlers (a store outage becomes a 503: lib/better-auth/errors.ts)
    // instead of a 500 from Better Auth.
    onAPIError: { throw: true },
    // One JSON line per message, with Better Auth's own text only: its extra arguments can
    // carry what a client sent (a username) and stack traces.
    // No baseURL, on purpose: this app answers on any hostname, and its origin rule is the
    // function above; Better Auth's warning about it says nothing new, so it is not logged.
    logger: {
      level: "warn",
      log: (level, message) => {
        if (!message.includes("Base URL is not set")) logAuthEvent(`better-auth.${level}`, { message: message.slice(0, 200) });
      },
    },
    plugins: [username(), nextCookies()], // nextCookies last: it sets cookies from server actions
  } satisfies BetterAuthOptions;
}
// #endregion better-auth-options

function create(cookieCacheSeconds: CookieCacheSeconds) {
  return betterAuth(options(cookieCacheSeconds));
}
export type BetterAuth = ReturnType<typeof create>;

const instances = new Map<CookieCacheSeconds, BetterAuth>();

/**
 * Better Auth, with the cookie cache off or on at `cookieCacheSeconds` (a demo switch). The
 * instances share users, sessions and the secret: a session made by one is valid in all.
 */
export function betterAuthWith(cookieCacheSeconds: CookieCacheSeconds): BetterAuth {
  let auth = instances.get(cookieCacheSeconds);
  if (!auth) instances.set(cookieCacheSeconds, (auth = create(cookieCacheSeconds)));
  return auth;
}

// #region better-auth-role-change
/**
 * A role changed on an admin page (for every lane: app/admin/change-role.ts), told to Better Auth
 * through its own user update: this instance's copy of the user, and every live session of
 * theirs in the store (Better Auth keeps a copy of the user in each). A cookie cache made
 * before the change keeps the old role until it expires.
 */
export async function applyRoleChange(userId: string, role: Role): Promise<void> {
  const user = await findUserById(userId);
  if (!user) return;
  await copyUserFromDirectory(user.username);
  const context = await betterAuthWith(0).$context;
  await context.internalAdapter.updateUser(userId, { role });
}
// #endregion better-auth-role-change
