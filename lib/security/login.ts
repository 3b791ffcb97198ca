import { createHash, scrypt, randomBytes, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { z } from "zod";
import { DUMMY_PASSWORD_HASH, findStoredUser, withCurrentRole, type User } from "../users";
import { credentialsSchema, type Credentials } from "../validation";
import { CROSS_ORIGIN_MESSAGE, NO_STORE, clientAddress, isCrossOriginWrite, jsonError, parseJsonBody } from "../http";
import { defineSection, positiveSeconds } from "../config";
import { getStore, type KeyValueStore } from "../store";
import { logAuthEvent } from "../log";

/**
 * Signing in, for every lane (/jwt, /session and Auth.js's authorize()): the password check
 * (scrypt), and the rate limiter in front of it. Node.js only (node:crypto).
 */

// ---------------------------------------------------------------------------------------
// Passwords: scrypt, self-describing hashes.

// scrypt cost: N=2^14, r=8, p=1 (OWASP's minimum for scrypt) ≈ 16 MiB and tens of ms per hash.
const SCRYPT_COST = { N: 16384, r: 8, p: 1 } as const;
const KEY_BYTES = 32;
const SALT_BYTES = 16;

function scryptAsync(password: string, salt: Buffer, keyBytes: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keyBytes, { ...options, maxmem: 64 * 1024 * 1024 }, (error, key) => (error ? reject(error) : resolve(key)));
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
  const actual = await scryptAsync(password, Buffer.from(saltText, "base64url"), KEY_BYTES, { N: Number(n), r: Number(r), p: Number(p) });
  return timingSafeEqual(actual, expected);
}

/**
 * The user for these credentials (with their current role), or null. Unknown user and wrong
 * password take the same time and give the same answer, so a caller cannot tell which
 * usernames exist.
 */
export async function authenticate(username: string, password: string, store: KeyValueStore = getStore()): Promise<User | null> {
  const user = findStoredUser(username);
  const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
  if (!user || !ok) return null;
  return withCurrentRole(user, store);
}

// ---------------------------------------------------------------------------------------
// The login rate limiter.

/**
 * Failed sign-ins are limited in the store, so every server instance shares the counts. One
 * limiter for every lane (/jwt, /session and Auth.js's authorize()). Three counters:
 *
 * - per (account, client address) pair, small (default 5): the guesser at one address is
 *   stopped, and nobody else is: one address cannot lock an account for everyone;
 * - per account across all addresses, much higher (default 100): against guessing spread
 *   over many addresses (a botnet could use it to lock the account; that is the price of
 *   stopping distributed guessing at all, and why it is 20 times the pair limit);
 * - per client address across accounts (default 20): one address trying many usernames.
 *
 * How:
 * - Counters are checked one after the other (address, then pair, then account), each an
 *   atomic increment made *before* the password is checked, the next only if this one let
 *   the attempt through: a flood from an address over its limit only adds to that address's
 *   existing counter (no key for any username it makes up), a burst of parallel guesses
 *   cannot all slip in under a limit, and one address adds at most its pair limit to an
 *   account. A success gives its attempt back and clears its own pair only.
 * - Over the limit the password is not checked at all: a correct one is refused too, and a
 *   locked unknown username answers exactly like a locked real one (same status, body and
 *   timing, since neither runs scrypt).
 * - Windows are fixed: they start at the first failure and are never extended.
 * - The store being down makes the attempt fail (StoreUnavailableError → 503): the limiter is
 *   never skipped silently.
 */

/** LOGIN_*: failed sign-ins allowed per account and per client address in one window, and where the address comes from. */
export const loginLimitsSection = defineSection(
  z.object({
    LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS: z.coerce.number().int().min(1).default(5),
    LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(100),
    LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).default(20),
    LOGIN_FAILURE_WINDOW_SECONDS: positiveSeconds(15 * 60),
    TRUSTED_PROXY_HEADER: z
      .string()
      .regex(/^[A-Za-z0-9-]+$/, "TRUSTED_PROXY_HEADER must be a header name, e.g. x-forwarded-for or x-real-ip.")
      .transform((name) => name.toLowerCase())
      .optional(),
  }).transform((e) => ({
    /** Per (account, client address) pair: the small limit. */
    maxFailuresPerAccountAndAddress: e.LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS,
    /** Per account, across every address: the high limit against distributed guessing. */
    maxFailuresPerAccount: e.LOGIN_MAX_FAILURES_PER_ACCOUNT,
    maxFailuresPerAddress: e.LOGIN_MAX_FAILURES_PER_ADDRESS,
    windowSeconds: e.LOGIN_FAILURE_WINDOW_SECONDS,
    /** The header a proxy in front of this app sets to the client's address; null: use the socket's. */
    trustedProxyHeader: e.TRUSTED_PROXY_HEADER ?? null,
  })),
  // Node.js only (the login routes): the whole environment, of which the schema keeps its own.
  () => ({ ...process.env, TRUSTED_PROXY_HEADER: process.env.TRUSTED_PROXY_HEADER || undefined }),
);
export const loginLimitsConfig = loginLimitsSection.get;

export type LoginLimits = Omit<ReturnType<typeof loginLimitsConfig>, "trustedProxyHeader">;

export type LoginReservation = // at 0 attempts left, `retryAfterSeconds`: the lock's wait should this attempt fail
  | { ok: true; attemptsLeft: number; retryAfterSeconds?: number; settle(outcome: "success" | "failure"): Promise<void> }
  | { ok: false; retryAfterSeconds: number };

export const RATE_LIMITED_MESSAGE = "Too many failed sign-in attempts. Wait before trying again.";

/**
 * Usernames are compared case-insensitively after NFKC, so `ＡＬＩＣＥ` or `ａlice` (full-width)
 * count against alice's budget instead of opening a fresh one.
 */
export const normalizeUsername = (username: string): string => username.normalize("NFKC").trim().toLowerCase();

const hash = (text: string) => createHash("sha256").update(text).digest("base64url");
export const accountCounterKey = (username: string) => `login-failures:account:${hash(normalizeUsername(username))}`;
export const addressCounterKey = (address: string) => `login-failures:address:${hash(address)}`;
export const pairCounterKey = (username: string, address: string) => `login-failures:pair:${hash(`${normalizeUsername(username)}\u0000${address}`)}`;

// #region login-limiter
export async function reserveLoginAttempt(
  store: KeyValueStore,
  limits: LoginLimits,
  attempt: { username: string; address: string },
): Promise<LoginReservation> {
  const ttlSeconds = limits.windowSeconds;
  const address = addressCounterKey(attempt.address);
  const pair = pairCounterKey(attempt.username, attempt.address);
  const account = accountCounterKey(attempt.username);

  // One counter after the other (one atomic increment each), the next only when this one let
  // the attempt through: an address over its limit is refused by its own, existing counter and
  // creates nothing, and one address adds at most its pair limit to an account, even in a burst.
  // Over is decided by the count alone; the wait is what is left of that counter's window (at
  // least 1 s). A counter this attempt brings to its limit locks, should it fail, until its window
  // ends: the lock lasts as long as the longest of those (the next attempt is refused till then).
  let [attemptsLeft, lockSeconds] = [Infinity, 0];
  for (const [key, limit] of [
    [address, limits.maxFailuresPerAddress],
    [pair, limits.maxFailuresPerAccountAndAddress],
    [account, limits.maxFailuresPerAccount],
  ] as const) {
    const [counted] = await store.increment([{ key, by: 1, ttlSeconds }]);
    if (counted.value > limit) return { ok: false, retryAfterSeconds: Math.max(1, counted.ttlSeconds) };
    attemptsLeft = Math.min(attemptsLeft, limit - counted.value); // if this one fails (0: the next is refused); counters exist alike for made-up usernames
    if (counted.value === limit) lockSeconds = Math.max(lockSeconds, counted.ttlSeconds, 1);
  }
  return {
    ok: true,
    attemptsLeft,
    ...(lockSeconds > 0 && { retryAfterSeconds: lockSeconds }),
    // A failure is already counted. A success clears its own pair and gives the account and
    // the address their attempt back.
    settle: async (outcome) => {
      if (outcome === "failure") return;
      const [, left] = await Promise.all([
        store.write([{ op: "del", key: pair }]),
        store.increment([account, address].map((key) => ({ key, by: -1, ttlSeconds }))),
      ]);
      // At 0 or below (the window ended meanwhile, and the give-back opened a new one below
      // zero): no counter at all, so successes can never bank extra tries for later. Deleted only
      // while it still holds what we read (as text, "0"): a failure counted meanwhile is kept.
      await Promise.all([account, address].map((key, i) => left[i].value <= 0 && store.writeIf({ key, expected: String(left[i].value) }, [{ op: "del", key }])));
    },
  };
}
// #endregion login-limiter

// ---------------------------------------------------------------------------------------
// The check every login route runs.

/** One message for unknown user and wrong password alike: no username oracle. */
export const LOGIN_FAILED_MESSAGE = "Username or password is incorrect.";

export type CredentialsCheck =
  | { ok: true; user: User }
  | { ok: false; reason: "incorrect"; attemptsLeft: number; retryAfterSeconds?: number } // the lock this failure started (at 0 left)
  | { ok: false; reason: "rate-limited"; retryAfterSeconds: number };

// #region check-credentials
/**
 * The password check every lane uses (the /jwt and /session routes, Auth.js's authorize()),
 * behind the login rate limiter: over the limit the password is not even looked at.
 */
export async function checkCredentials(credentials: Credentials, headers: Headers): Promise<CredentialsCheck> {
  const loginLimits = loginLimitsConfig();
  const address = clientAddress(headers, loginLimits.trustedProxyHeader);
  const attempt = await reserveLoginAttempt(getStore(), loginLimits, { username: credentials.username, address });
  if (!attempt.ok) {
    logAuthEvent("login.rate-limited", { retryAfterSeconds: attempt.retryAfterSeconds });
    return { ok: false, reason: "rate-limited", retryAfterSeconds: attempt.retryAfterSeconds };
  }
  const user = await authenticate(credentials.username, credentials.password);
  await attempt.settle(user ? "success" : "failure");
  return user ? { ok: true, user } : { ok: false, reason: "incorrect", attemptsLeft: attempt.attemptsLeft, retryAfterSeconds: attempt.retryAfterSeconds };
}
// #endregion check-credentials

/** 429 with Retry-After, the same for every username, known or not, and how long a lock lasts. `extra`: more of the body. */
export function rateLimitedResponse(retryAfterSeconds: number, extra: Record<string, unknown> = {}): Response {
  return Response.json(
    { error: RATE_LIMITED_MESSAGE, retryAfterSeconds, lockWindowSeconds: loginLimitsConfig().windowSeconds, ...extra },
    { status: 429, headers: { ...NO_STORE, "retry-after": String(retryAfterSeconds) } },
  );
}

/** Every lane's answer to a refused sign-in: 429 when locked, else 401 with the attempts left (and, at 0, the lock's wait). */
export function refusedLoginResponse(check: Extract<CredentialsCheck, { ok: false }>): Response {
  if (check.reason === "rate-limited") return rateLimitedResponse(check.retryAfterSeconds);
  return jsonError(401, LOGIN_FAILED_MESSAGE, { attemptsLeft: check.attemptsLeft, retryAfterSeconds: check.retryAfterSeconds, lockWindowSeconds: loginLimitsConfig().windowSeconds });
}

// #region login-request
/**
 * The part every login route shares: same-origin check, bounded JSON body validated with
 * zod, rate-limited password check. Returns the user (with their current role) and the body,
 * or the response to send instead.
 */
export async function authenticateLoginRequest<S extends typeof credentialsSchema>(
  request: Request,
  schema: S = credentialsSchema as S,
): Promise<{ ok: true; user: User; body: z.infer<S> } | { ok: false; response: Response }> {
  if (isCrossOriginWrite(request)) return { ok: false, response: jsonError(403, CROSS_ORIGIN_MESSAGE) };
  const body = await parseJsonBody(request, schema);
  if (!body.ok) return body;
  const check = await checkCredentials(body.data, request.headers);
  return check.ok ? { ok: true, user: check.user, body: body.data } : { ok: false, response: refusedLoginResponse(check) };
}
// #endregion login-request
