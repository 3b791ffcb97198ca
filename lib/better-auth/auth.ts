import "server-only";
import { betterAuth, type BetterAuthOptions } from "better-auth";
import { memoryAdapter } from "better-auth/adapters/memory";
import { nextCookies } from "better-auth/next-js";
import { username } from "better-auth/plugins";
import { IS_PRODUCTION } from "../config";
import { UNKNOWN_ADDRESS, clientAddress } from "../http";
import { logAuthEvent } from "../log";
import { secondsUntil } from "../time";
import { StoreUnavailableError, getStore, newRevisionOp, parseJsonOrNull, rewriteOverRead, writeUnlessChanged, type KeyValueStore, type Revision, type WriteOp } from "../store";
import { findStoredUser, findUserById, withCurrentRole } from "../users";
import { MAX_PASSWORD_LENGTH, type Role } from "../validation";
import { hashPassword, loginLimitsConfig, verifyPassword } from "../security/login";
import { BETTER_AUTH_COOKIE_PREFIX, betterAuthConfig, type CookieCacheSeconds } from "./config";
import { askBetterAuth, noteStoreOutage } from "./errors";

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
/** Better Auth's own name for a user's list of sessions (a JSON array it reads, changes and writes back). */
const ACTIVE_SESSIONS = "active-sessions-";
/** Ours instead: a sorted set per user (member: session token, score: when it expires, ms). */
export const betterAuthSessionIndexKey = (userId: string) => `${BETTER_AUTH_KEY_PREFIX}user-sessions:${userId}`;

/** A deleted session's marker, kept as long as a session can live: the session cannot be written back. */
const endedKey = (name: string) => `${BETTER_AUTH_KEY_PREFIX}ended:${name}`;

/** The session a value Better Auth stores under a session token holds (`{ session, user }`), or null for any other value. */
function sessionIn(name: string, value: string | null): { userId: string; expiresAtMs: number } | null {
  if (value === null) return null;
  try {
    const { session } = JSON.parse(value) as { session?: { token?: unknown; userId?: unknown; expiresAt?: unknown } };
    const expiresAtMs = new Date(String(session?.expiresAt)).getTime();
    return session?.token === name && typeof session.userId === "string" && Number.isFinite(expiresAtMs) ? { userId: session.userId, expiresAtMs } : null;
  } catch {
    return null;
  }
}

/** Changes with each session written or ended for the user: a write that read before one builds again (writeUnlessChanged). */
const sessionsRevision = (userId: string, sessionSeconds: number): Revision => ({ key: `${BETTER_AUTH_KEY_PREFIX}user-sessions-rev:${userId}`, ttlSeconds: sessionSeconds });

/** What a session ended by a newer sign-in past the device limit leaves as its marker. */
const ENDED_BY_DEVICE_LIMIT = "device-limit";

/**
 * `sessionSeconds`: the session lifetime, which no session outlives: how long a user's session
 * index outlives its latest write, and how long a deleted session stays deleted. `maxDevices`:
 * live sessions per user at most (the session lane's device limit: sharedSection in
 * lib/config.ts); a sign-in past it ends the user's session that expires first (the oldest
 * sign-in, or the longest idle).
 *
 * Better Auth keeps a user's sessions in one JSON list that it reads, changes and writes back
 * (`active-sessions-<userId>`): two sign-ins at once each write a list without the other's
 * session, and that session is then missing from listSessions and survives revokeOtherSessions
 * (tests/unit/better-auth/sessions-race.test.ts measured it on Redis). So the list is kept here
 * instead, as a sorted set changed in the same atomic write as the session itself: Better Auth
 * reads it as its list, and its own writes of the list are ignored.
 */
export function storeAsSecondaryStorage(store: () => KeyValueStore, sessionSeconds: number, maxDevices: number): SecondaryStorage {
  const key = (name: string) => `${BETTER_AUTH_KEY_PREFIX}${name}`;
  return notingOutages({
    get: async (name) => {
      if (!name.startsWith(ACTIVE_SESSIONS)) return store().get(key(name));
      const index = betterAuthSessionIndexKey(name.slice(ACTIVE_SESSIONS.length));
      const entries = await store().sortedSetEntries(index);
      const now = Date.now();
      const expired = entries.filter((entry) => entry.score <= now);
      if (expired.length > 0) await store().write(expired.map((entry) => ({ op: "zrem", key: index, member: entry.member })));
      const live = entries.filter((entry) => entry.score > now);
      return live.length > 0 ? JSON.stringify(live.map((entry) => ({ token: entry.member, expiresAt: entry.score }))) : null;
    },
    set: async (name, value, ttl) => {
      if (name.startsWith(ACTIVE_SESSIONS)) return; // kept by the session writes below
      // No TTL: a value Better Auth keeps until it deletes it. A TTL of 0 is a session in its last
      // second (Better Auth floors the seconds left when a role change rewrites it): it expires.
      const write: Extract<WriteOp, { op: "set" | "setPermanent" }> = ttl === undefined ? { op: "setPermanent", key: key(name), value } : { op: "set", key: key(name), value, ttlSeconds: Math.max(1, Math.ceil(ttl)) };
      const session = sessionIn(name, value);
      if (!session) return store().write([write]);
      const index = betterAuthSessionIndexKey(session.userId);
      // Parallel sign-ins of one user take turns on the user's revision, so the device limit
      // holds. And Better Auth updates a session by reading it and writing it whole (sliding
      // its expiry, a role change): a sign-out between the two would be undone, the session
      // back for a week. So a session is written only while it was never deleted (every
      // deletion changes the revision: this write then reads the marker again).
      const written = await writeUnlessChanged(store(), sessionsRevision(session.userId, sessionSeconds), [endedKey(name)], async ([ended]) => {
        if (ended !== null) return { ops: [], result: false };
        const now = Date.now();
        const others = (await store().sortedSetEntries(index)).filter((entry) => entry.member !== name); // soonest expiry first
        const live = others.filter((entry) => entry.score > now);
        const evicted = live.slice(0, Math.max(0, live.length + 1 - maxDevices)).map((entry) => entry.member);
        return {
          ops: [
            ...evicted.flatMap((token): WriteOp[] => [
              { op: "del", key: key(token) },
              { op: "set", key: endedKey(token), value: ENDED_BY_DEVICE_LIMIT, ttlSeconds: sessionSeconds },
            ]),
            ...others.filter((entry) => entry.score <= now || evicted.includes(entry.member)).map((entry): WriteOp => ({ op: "zrem", key: index, member: entry.member })),
            write,
            { op: "zadd", key: index, member: name, score: session.expiresAtMs },
            { op: "expire", key: index, ttlSeconds: sessionSeconds },
          ],
          result: true,
        };
      });
      if (written) await keepStoredRole(store(), write, session.userId);
    },
    delete: async (name) => {
      if (name.startsWith(ACTIVE_SESSIONS)) return; // kept by the session writes
      const session = sessionIn(name, await store().get(key(name)));
      await store().write([
        { op: "del", key: key(name) },
        ...(session
          ? [
              { op: "zrem" as const, key: betterAuthSessionIndexKey(session.userId), member: name },
              { op: "set" as const, key: endedKey(name), value: "1", ttlSeconds: sessionSeconds },
              newRevisionOp(sessionsRevision(session.userId, sessionSeconds)),
            ]
          : []),
      ]);
    },
    // Compare-and-delete: of two callers that read the same value, one gets it.
    getAndDelete: async (name) => {
      const value = await store().get(key(name));
      if (value === null) return null;
      return (await store().writeIf({ key: key(name), expected: value }, [{ op: "del", key: key(name) }])) ? value : null;
    },
    increment: async (name, ttl) => (await store().increment([{ key: key(name), by: 1, ttlSeconds: ttl }]))[0].value,
  });
}
// #endregion better-auth-storage

type SecondaryStorage = NonNullable<BetterAuthOptions["secondaryStorage"]>;

/** Each method notes the store outage it throws, which Better Auth will not pass on (askBetterAuth). */
function notingOutages(storage: SecondaryStorage): SecondaryStorage {
  const noting = <A extends unknown[], R>(method: (...args: A) => R) => async (...args: A): Promise<Awaited<R>> => {
    try {
      return await method(...args);
    } catch (error) {
      noteStoreOutage(error);
      throw error;
    }
  };
  return { get: noting(storage.get), getAndDelete: noting(storage.getAndDelete), increment: noting(storage.increment), set: noting(storage.set), delete: noting(storage.delete) };
}

/**
 * A session Better Auth has just written, given the user's role as stored now if its copy of
 * the user says otherwise. Better Auth copies the user into the session from what it read
 * before (its user row at a sign-in, the session itself when it slides the expiry): a role
 * change in between lists the user's sessions before this one is written, or updates it
 * before this write puts the old copy back, and nothing would correct it. Reading the role
 * after the write closes that: a change stored before this read is seen here; one stored
 * after it lists this session and updates it. The rewrite happens only if the session is
 * still what was written (not ended, not updated by a later change meanwhile).
 */
async function keepStoredRole(store: KeyValueStore, write: Extract<WriteOp, { op: "set" | "setPermanent" }>, userId: string): Promise<void> {
  const user = await findUserById(userId, store);
  const value = parseJsonOrNull(write.value) as { user?: { role?: unknown } } | null;
  if (!user || typeof value?.user?.role !== "string" || value.user.role === user.role) return;
  await store.writeIf({ key: write.key, expected: write.value }, [{ ...write, value: JSON.stringify({ ...value, user: { ...value.user, role: user.role } }) }]);
}

/**
 * Better Auth's tables for its memory adapter. Users are copied in from the shared demo
 * directory (lib/users.ts) when they first sign in on this instance (copyUserFromDirectory),
 * with the same password hash; sessions are not here but in the store (secondaryStorage).
 */
const emptyTables = () => ({
  user: [] as Array<Record<string, unknown> & { id: string; role: Role }>,
  account: [] as Record<string, unknown>[],
  session: [] as Record<string, unknown>[],
  verification: [] as Record<string, unknown>[],
});
type Tables = ReturnType<typeof emptyTables>;
const tables = emptyTables();

/**
 * Better Auth's copy of a directory user, made on this instance's first sign-in by them and
 * given the directory's current role each time (the admin page may have changed it on
 * another instance). Run before each sign-in: the session Better Auth creates copies the row.
 */
export async function copyUserFromDirectory(username: string): Promise<void> {
  const stored = findStoredUser(username);
  if (!stored) return;
  copyUser(tables, stored, (await withCurrentRole(stored)).role);
}

function copyUser(into: Tables, stored: NonNullable<ReturnType<typeof findStoredUser>>, role: Role): void {
  const row = into.user.find((u) => u.id === stored.id);
  if (row) {
    row.role = role;
    return;
  }
  const at = new Date();
  into.user.push({
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
  into.account.push({ id: `${stored.id}-credential`, accountId: stored.id, providerId: "credential", userId: stored.id, password: stored.passwordHash, createdAt: at, updatedAt: at });
}

/** The longest User-Agent a session keeps (the session lane's cut: lib/session.ts). */
export const USER_AGENT_MAX_LENGTH = 256;

/**
 * The client address a new session records: the one the login limiter counts for the same
 * request (clientAddress in lib/http.ts: TRUSTED_PROXY_HEADER's value, of a list the entry the
 * proxy next to the app appended), or "" (none, Better Auth's own empty value) without a
 * trusted proxy header or when it is missing.
 */
export function sessionAddress(headers: Headers | undefined, trustedProxyHeader: string | null): string {
  if (!headers || !trustedProxyHeader) return "";
  const address = clientAddress(headers, trustedProxyHeader);
  // Stored and copied into the cookie cache: an IPv4 or IPv6 address, else none.
  return address !== UNKNOWN_ADDRESS && /^[0-9A-Fa-f:.]{2,45}$/.test(address) ? address : "";
}

// #region better-auth-options
function options(cookieCacheSeconds: CookieCacheSeconds, setsCookies: boolean) {
  const config = betterAuthConfig();
  const { trustedProxyHeader } = loginLimitsConfig();
  return {
    appName: "jwt-vs-session",
    secret: config.secret,
    basePath: "/api/better-auth",
    database: memoryAdapter(tables),
    secondaryStorage: storeAsSecondaryStorage(getStore, config.sessionMaxAgeSeconds, config.maxDevices),
    emailAndPassword: {
      // Username sign-in (the plugin below) checks the password account; the email
      // endpoints (sign-up, sign-in by email, reset) stay off.
      enabled: false,
      password: { hash: hashPassword, verify: ({ hash, password }) => verifyPassword(password, hash) },
      maxPasswordLength: MAX_PASSWORD_LENGTH, // the same bound as every lane's login form
    },
    user: { additionalFields: { role: { type: "string", required: false, defaultValue: "user", input: false } } },
    // A session keeps its client's User-Agent (the device list shows it) cut as the session
    // lane cuts it: a client's header of any length is not stored whole, nor copied into the
    // cookie cache. And its client's address as the login limiter takes it (sessionAddress).
    databaseHooks: {
      session: {
        create: {
          before: async (session, context) => ({
            data: { ...session, userAgent: session.userAgent?.slice(0, USER_AGENT_MAX_LENGTH), ipAddress: sessionAddress(context?.headers ?? context?.request?.headers, trustedProxyHeader) },
          }),
        },
      },
    },
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
      // `__Host-better-auth` in production (lib/better-auth/config.ts). Better Auth 1.7 can only
      // put `__Secure-` in front of the prefix (`__Secure-__Host-…`, a `__Secure-` cookie a
      // sibling subdomain may set): its own prefix stays off, and every cookie it sets is Secure
      // in production by the default below (better-call also gives a `__Host-` name Path=/ and
      // no Domain). Development over http://localhost keeps plain names, not Secure.
      cookiePrefix: BETTER_AUTH_COOKIE_PREFIX,
      useSecureCookies: false,
      defaultCookieAttributes: { secure: IS_PRODUCTION, path: "/" },
      // Better Auth's own reading of the address stays off: it takes X-Forwarded-For (any client
      // can send it) and ignores a header holding a list. The session hook above records what
      // the login limiter counts instead.
      ipAddress: { disableIpTracking: true },
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
    // nextCookies (last) puts Better Auth's Set-Cookie on a server action's or route's response.
    // Left out where a request checks a credential that is not the caller's (the replay demo):
    // refusing a copied cookie must not clear the caller's own.
    plugins: setsCookies ? [username(), nextCookies()] : [username()],
  } satisfies BetterAuthOptions;
}
// #endregion better-auth-options

function create(cookieCacheSeconds: CookieCacheSeconds, setsCookies = true) {
  return betterAuth(options(cookieCacheSeconds, setsCookies));
}
export type BetterAuth = ReturnType<typeof create>;

const instances = new Map<string, BetterAuth>();

/**
 * Better Auth, with the cookie cache off or on at `cookieCacheSeconds` (a demo switch). The
 * instances share users, sessions and the secret: a session made by one is valid in all.
 * `setsCookies: false` for checking a credential that is not the caller's.
 */
export function betterAuthWith(cookieCacheSeconds: CookieCacheSeconds, { setsCookies = true } = {}): BetterAuth {
  const id = `${cookieCacheSeconds}:${setsCookies}`;
  let auth = instances.get(id);
  if (!auth) instances.set(id, (auth = create(cookieCacheSeconds, setsCookies)));
  return auth;
}

/**
 * The lane's Better Auth, set up as the app's is, but on a secret (or Better Auth's `secrets`
 * list), a store and a user table of its own: the demo users' copies, no session the app holds.
 * For asking the real library what a secret can do without handing it the app's secret or
 * sessions (the leaked-key drill, tests). It sets no cookies on the page's response.
 */
export function betterAuthApart({ secret, secrets, store, cookieCacheSeconds }: {
  secret: string;
  /** Better Auth's own rotation list (what BETTER_AUTH_SECRETS would give it; the app refuses that variable). */
  secrets?: { version: number; value: string }[];
  store: KeyValueStore;
  cookieCacheSeconds: CookieCacheSeconds;
}): BetterAuth {
  const apartTables = emptyTables();
  for (const username of ["alice", "bob"]) {
    const stored = findStoredUser(username);
    if (stored) copyUser(apartTables, stored, stored.role);
  }
  const apart: ReturnType<typeof options> & Pick<BetterAuthOptions, "secrets"> = {
    ...options(cookieCacheSeconds, false),
    secret,
    secrets,
    database: memoryAdapter(apartTables),
    secondaryStorage: storeAsSecondaryStorage(() => store, betterAuthConfig().sessionMaxAgeSeconds, betterAuthConfig().maxDevices),
  };
  return betterAuth<ReturnType<typeof options>>(apart);
}

// #region better-auth-sessions
/**
 * A user's live sessions, from the store. Better Auth's `listSessions` endpoint asks for a
 * "fresh" session (signed in within a day), though sessions last a week: a device list must
 * not fail on day two, so this reads its internal adapter (what the endpoint reads).
 */
export async function liveSessions(auth: BetterAuth, userId: string) {
  const { internalAdapter } = await auth.$context;
  return askBetterAuth(() => internalAdapter.listSessions(userId));
}

/**
 * Deletes a session from the store, and says so only if it did: a store outage throws
 * (StoreUnavailableError), never "signed out" in name only. Better Auth's own `signOut`
 * swallows a failed delete and clears the cookies anyway.
 */
export async function endSession(auth: BetterAuth, token: string): Promise<void> {
  const { internalAdapter } = await auth.$context;
  await askBetterAuth(() => internalAdapter.deleteSession(token));
}
// #endregion better-auth-sessions

/** What a deleted session's marker says when its owner ended it from another device's list. */
const ENDED_FROM_DEVICE_LIST = "device-list";

/**
 * Ends sessions from their owner's device list, each with a marker saying so: the browser that
 * held one is then told why on its next page (endedFromDeviceList), not just "no session".
 * What Better Auth's deleteSession does on this storage (the record and its index entry), for
 * every session in ONE write: a store failing half-way leaves all of them live (and a 503),
 * never some signed out and some not, nor a session gone without its marker.
 */
export async function endSessionsFromDeviceList(tokens: readonly string[]): Promise<void> {
  if (tokens.length === 0) return;
  const values = await getStore().getMany(tokens.map((token) => `${BETTER_AUTH_KEY_PREFIX}${token}`));
  const { sessionMaxAgeSeconds } = betterAuthConfig();
  await getStore().write(tokens.flatMap((token, i): WriteOp[] => {
    const session = sessionIn(token, values[i]);
    return [
      { op: "del", key: `${BETTER_AUTH_KEY_PREFIX}${token}` },
      ...(session ? [{ op: "zrem" as const, key: betterAuthSessionIndexKey(session.userId), member: token }, newRevisionOp(sessionsRevision(session.userId, sessionMaxAgeSeconds))] : []),
      { op: "set", key: endedKey(token), value: ENDED_FROM_DEVICE_LIST, ttlSeconds: sessionMaxAgeSeconds },
    ];
  }));
}

/** Whether the session a cookie names (Better Auth signs it: `<token>.<signature>`) was ended from its owner's device list. */
export async function endedFromDeviceList(cookieValue: string): Promise<boolean> {
  const token = cookieValue.split(".")[0];
  return token !== "" && (await getStore().get(endedKey(token))) === ENDED_FROM_DEVICE_LIST;
}

// #region better-auth-role-change
/**
 * A role changed on an admin page (for every lane: app/admin/change-role.ts), told to Better Auth
 * through its own user update: this instance's copy of the user, and every live session of
 * theirs in the store (Better Auth keeps a copy of the user in each). A cookie cache made
 * before the change keeps the old role until it expires. Call it after the store's role was
 * written: every session write is checked against that role (keepStoredRole).
 *
 * Better Auth rewrites the sessions in a hook whose errors it only logs: a store failing then
 * left sessions with the old role and the admin told it was done. So each live session is
 * checked here after it, and given the role where it lacks it; one that could not be throws
 * StoreUnavailableError (a 503: try again), never success with an old role left.
 */
export async function applyRoleChange(userId: string, role: Role): Promise<void> {
  const user = await findUserById(userId);
  if (!user) return;
  await copyUserFromDirectory(user.username);
  const context = await betterAuthWith(0).$context;
  await askBetterAuth(() => context.internalAdapter.updateUser(userId, { role }));
  const store = getStore();
  const now = Date.now();
  const tokens = (await store.sortedSetEntries(betterAuthSessionIndexKey(userId))).filter((entry) => entry.score > now).map((entry) => entry.member);
  // Every rewrite ends before the answer: none lands after the admin was told the change failed.
  const given = await Promise.allSettled(tokens.map((token) => giveSessionRole(store, token, role)));
  for (const result of given) if (result.status === "rejected") throw result.reason;
  const missed = given.filter((result) => result.status === "fulfilled" && !result.value).length;
  if (missed > 0) throw new StoreUnavailableError("a role change of Better Auth's sessions", `${missed} of ${tokens.length} sessions kept writing meanwhile`);
}

/**
 * Gives a stored session the role, written only over what was read: a session ended meanwhile
 * stays ended, and a slide landing meanwhile is read again. False if every round lost to another write.
 */
async function giveSessionRole(store: KeyValueStore, token: string, role: Role): Promise<boolean> {
  const key = `${BETTER_AUTH_KEY_PREFIX}${token}`;
  return rewriteOverRead(store, key, (raw) => {
    const session = sessionIn(token, raw);
    const value = parseJsonOrNull(raw) as { user?: Record<string, unknown> } | null;
    const ttlSeconds = session ? secondsUntil(session.expiresAtMs) : 0;
    if (!value?.user || value.user.role === role || ttlSeconds <= 0) return { answer: true }; // ended, expired, or already so
    return { ops: [{ op: "set", key, value: JSON.stringify({ ...value, user: { ...value.user, role } }), ttlSeconds }], answer: true };
  }, false);
}
// #endregion better-auth-role-change
