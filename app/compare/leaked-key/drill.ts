import "server-only";
import { randomBytes } from "node:crypto";
import { decode, encode, type JWT } from "next-auth/jwt";
import { JWT_FAILURE_MESSAGES, jwtSettingsFromConfig, signAccessToken, verifyAccessTokenFully, type JwtSettings } from "@/lib/jwt";
import { checkRevocation } from "@/lib/jwt/revocation";
import { keyId } from "@/lib/signing-keys";
import { authjsConfig } from "@/lib/authjs/config";
import { AUTHJS_SESSION_COOKIE } from "@/lib/authjs/session-cookie";
import { createSession, defaultSessionDeps, generateSessionToken, validateSessionToken, type SessionDeps } from "@/lib/session";
import { revokeOtherSessions, withEndedMarkers } from "@/lib/session/devices";
import { MemoryStore } from "@/lib/store/memory";
import { StoreUnavailableError, type KeyValueStore } from "@/lib/store";
import { betterAuthApart, betterAuthWith, type BetterAuth } from "@/lib/better-auth/auth";
import { BETTER_AUTH_CACHE_COOKIE, BETTER_AUTH_SESSION_COOKIE, betterAuthConfig } from "@/lib/better-auth/config";
import { compactCacheContent, sessionCookieSignatureHolds, signedCompactCache, signedSessionCookie } from "@/lib/better-auth/cookie-signing";
import { currentTokenVersion, isTokenVersionCurrent, revokeAllTokensForUser } from "@/lib/token-version";

/**
 * The leaked-key drill (/compare/leaked-key): "the signing key leaked", run lane by lane
 * against the real verifiers (verifyAccessTokenFully, Auth.js's own encode/decode, the session
 * core, Better Auth's getSession). Every key here is a throwaway one made in this process,
 * standing in for JWT_SECRET, AUTH_SECRET or BETTER_AUTH_SECRET: nothing is ever signed or
 * sealed with the app's keys, which are only used to show that what the drill minted opens
 * nothing in this app.
 */

/**
 * The throwaway keys, once per process (a key per request would grow lib/signing-keys.ts's
 * cache of imported keys with every visit). One pair per lane, as production wants them.
 */
const KEYS = {
  jwt: { leaked: randomBytes(32).toString("base64url"), replacement: randomBytes(32).toString("base64url") },
  authjs: { leaked: randomBytes(32).toString("base64url"), replacement: randomBytes(32).toString("base64url") },
  betterAuth: { leaked: randomBytes(32).toString("base64url"), replacement: randomBytes(32).toString("base64url") },
};

export type DrillLane = "jwt" | "authjs" | "session" | "better-auth";

export interface DrillRow {
  /** Stable, for tests and anchors: `<lane>-<step>-<what>`. */
  id: string;
  /** An attacker's credential (accepted: the attacker wins) or a user's own (accepted: still signed in). */
  holder: "attacker" | "user";
  /** What was sent, in a sentence. */
  what: string;
  /** What checked it: the verifier or the lookup, by its name in the code. */
  against: string;
  /** The keys it was given (or the store it looked in): rows in a row with the same keys form a group. */
  keys: string;
  accepted: boolean;
  /** The checker's reason for refusing, as it names it. */
  reason?: string;
  /** What the answer means for the reader, in a sentence. */
  meaning: string;
}

export interface LeakedKeyDrill {
  /** The fingerprints (kid) of the JWT lane's throwaway keys: what the minted tokens name. */
  jwtKeyIds: { leaked: string; replacement: string };
  /** 1: what an attacker can mint with the key. 2: what rotation does to live users. */
  lanes: Record<DrillLane, { mint: DrillRow[]; rotation: DrillRow[] }>;
  /** The credentials the drill made, for tests: none of them opens anything in this app. */
  made: {
    jwtUser: string; jwtAttacker: string; authjsUser: string; authjsAttacker: string; authjsCookieName: string;
    /** Cookie values (name → value) a browser would send to Better Auth. */
    betterAuthUser: Record<string, string>; betterAuthAttacker: Record<string, string>;
  };
}

const VERIFY_JWT = "verifyAccessTokenFully";
const DECODE_AUTHJS = "Auth.js's decode";
const VALIDATE_SESSION = "validateSessionToken";
const BETTER_AUTH_GET_SESSION = "Better Auth's getSession";
const YEAR_SECONDS = 365 * 24 * 60 * 60;
const BOB = { id: "bob", role: "user" as const };
const ALICE_AS_ADMIN = { id: "alice", role: "admin" as const };

export interface DrillOptions {
  nowMs?: number;
  /** Where a made-up session token is looked up: this app's own store by default. */
  sessionDeps?: SessionDeps;
}

export async function runLeakedKeyDrill({ nowMs = Date.now(), sessionDeps }: DrillOptions = {}): Promise<LeakedKeyDrill> {
  const [jwt, authjs, session, betterAuth] = await Promise.all([jwtLane(nowMs), authjsLane(nowMs), sessionLane(nowMs, sessionDeps ?? defaultSessionDeps()), betterAuthLane()]);
  return {
    jwtKeyIds: { leaked: await keyId(KEYS.jwt.leaked), replacement: await keyId(KEYS.jwt.replacement) },
    lanes: { jwt: jwt.lane, authjs: authjs.lane, session, "better-auth": betterAuth.lane },
    made: { ...jwt.made, ...authjs.made, authjsCookieName: AUTHJS_SESSION_COOKIE, ...betterAuth.made },
  };
}

/** Every row of a drill, lane by lane: what it mints, then what each rotation does. */
export const drillRows = (drill: LeakedKeyDrill): DrillRow[] => Object.values(drill.lanes).flatMap((lane) => [...lane.mint, ...lane.rotation]);

/** How long one run of the drill serves the page: a run signs and opens some forty tokens (tens of ms of CPU), and anyone may load the page. */
export const DRILL_REUSE_MS = 60_000;
let latest: { atMs: number; drill: Promise<LeakedKeyDrill> } | null = null;

/** The drill as run at most a minute ago (a run that failed, or met the store down, is not kept). */
export function recentLeakedKeyDrill(nowMs = Date.now()): Promise<LeakedKeyDrill> {
  if (latest && nowMs >= latest.atMs && nowMs - latest.atMs < DRILL_REUSE_MS) return latest.drill;
  const drill = runLeakedKeyDrill({ nowMs });
  latest = { atMs: nowMs, drill };
  const forget = () => {
    if (latest?.drill === drill) latest = null;
  };
  drill.then((ran) => drillRows(ran).some((row) => row.reason === "store-unavailable") && forget(), forget);
  return drill;
}

// --- The JWT lane: HS256 under JWT_SECRET (and JWT_SECRET_PREVIOUS while rotating) ---

async function jwtLane(nowMs: number) {
  // The app's issuer, audience and lifetimes; only the keys are replaced.
  const app = jwtSettingsFromConfig();
  const withKeys = (secret: string, previousSecrets: string[] = []): JwtSettings => ({ ...app, secret, previousSecrets });
  const leaked = withKeys(KEYS.jwt.leaked);
  const routine = withKeys(KEYS.jwt.replacement, [KEYS.jwt.leaked]);
  const removed = withKeys(KEYS.jwt.replacement);
  const verdict = async (token: string, settings: JwtSettings, at = nowMs) => {
    const result = await verifyAccessTokenFully(token, settings, at);
    return result.ok ? { accepted: true as const, claims: result.claims } : { accepted: false as const, reason: result.reason };
  };

  // Bob signed in before anyone knew: his token is signed with the key that leaked.
  const userToken = await signAccessToken(BOB, leaked, nowMs);
  // The attacker signs what they like: another user, the admin role, a year's lifetime.
  const attackerToken = await signAccessToken(ALICE_AS_ADMIN, leaked, nowMs, { ttlSeconds: YEAR_SECONDS });

  const minted = await verdict(attackerToken, leaked);
  const underAppKey = await verdict(attackerToken, app);
  const mint: DrillRow[] = [
    {
      id: "jwt-mint-admin", holder: "attacker",
      what: "A token for alice with the role admin, valid for a year, signed with the leaked key.",
      against: VERIFY_JWT, keys: "The leaked key as JWT_SECRET",
      ...answered(minted,
        ({ claims }) => `Accepted as ${claims.sub} (${claims.role}): any user, any role, any lifetime. The signature is all a stateless verifier has to go on.`,
        "Refused."),
    },
    {
      id: "jwt-mint-app-key", holder: "attacker",
      what: "The same token, sent to this app's own verifier.",
      against: VERIFY_JWT, keys: "This app's own JWT_SECRET",
      ...answered(underAppKey, "Accepted.", ({ reason }) => `${JWT_FAILURE_MESSAGES[reason]} The drill's key is a throwaway one: nothing minted here opens this app.`),
    },
  ];

  // A routine rotation: the new key signs, the leaked one still verifies.
  const userRoutine = await verdict(userToken, routine);
  const attackerRoutine = await verdict(attackerToken, routine);
  // "Sign out everywhere" for alice bumps her token version; the attacker just mints again, later,
  // with every revocation check in the token and a version from after the bump.
  const store = new MemoryStore(() => nowMs);
  await revokeAllTokensForUser(store, ALICE_AS_ADMIN.id, nowMs);
  const later = nowMs + 1000;
  const remint = await signAccessToken(ALICE_AS_ADMIN, leaked, later, { checks: ["jti", "ver"], tokenVersion: later, ttlSeconds: YEAR_SECONDS });
  const remintVerdict = await verdict(remint, routine, later);
  const remintChecks = remintVerdict.accepted ? await checkRevocation(store, remintVerdict.claims) : null;
  const afterSignOut = remintChecks && !remintChecks.ok ? { accepted: false as const, reason: remintChecks.reason } : remintVerdict;
  // The leaked key removed.
  const userRemoved = await verdict(userToken, removed);
  const attackerRemoved = await verdict(attackerToken, removed);
  const userAgain = await verdict(await signAccessToken(BOB, removed, nowMs), removed);
  const keys = { routine: "A routine rotation: JWT_SECRET new, JWT_SECRET_PREVIOUS the leaked key", removed: "The leaked key removed: JWT_SECRET new, JWT_SECRET_PREVIOUS empty" };
  const rotation: DrillRow[] = [
    {
      id: "jwt-rotate-user", holder: "user", what: "Bob's token, signed with the leaked key before anyone knew.", against: VERIFY_JWT, keys: keys.routine,
      ...answered(userRoutine, "Bob stays signed in: that is what a routine rotation is for.", "Bob is signed out."),
    },
    {
      id: "jwt-rotate-attacker", holder: "attacker", what: "The attacker's admin token.", against: VERIFY_JWT, keys: keys.routine,
      ...answered(attackerRoutine, "Still accepted: the old key verifies whatever it signed, the attacker's tokens too. A routine rotation locks nobody out.", "Refused."),
    },
    {
      id: "jwt-rotate-sign-out-everywhere", holder: "attacker",
      what: "Alice signs out everywhere (her token version is bumped); the attacker mints again, with the revocation checks and a version from after it.",
      against: `${VERIFY_JWT}, then the revocation checks`, keys: keys.routine,
      ...answered(afterSignOut, "Accepted: with the key, every check a token carries is the attacker's to fill in. Only the key's removal stops them.", "Refused."),
    },
    {
      id: "jwt-remove-user", holder: "user", what: "Bob's token.", against: VERIFY_JWT, keys: keys.removed,
      ...answered(userRemoved, "Bob stays signed in.", "Bob is signed out, like every JWT user, and his refresh token with him: he signs in again."),
    },
    {
      id: "jwt-remove-attacker", holder: "attacker", what: "The attacker's admin token.", against: VERIFY_JWT, keys: keys.removed,
      ...answered(attackerRemoved, "Still accepted.", "Refused at once, a year before its exp: the key that signed it is gone."),
    },
    {
      id: "jwt-remove-user-again", holder: "user", what: "Bob signs in again: a token signed with the new key.", against: VERIFY_JWT, keys: keys.removed,
      ...answered(userAgain, "Bob is back in.", "Bob cannot sign in."),
    },
  ];
  return { lane: { mint, rotation }, made: { jwtUser: userToken, jwtAttacker: attackerToken } };
}

// --- Auth.js: a JWE sealed with a key derived from AUTH_SECRET and the cookie's name ---

async function authjsLane(nowMs: number) {
  const salt = AUTHJS_SESSION_COOKIE; // Auth.js derives the key from the secret and the cookie's name
  const maxAge = authjsConfig().sessionMaxAgeSeconds;
  const { leaked, replacement } = KEYS.authjs;
  const open = async (cookie: string, secrets: string[]) => {
    try {
      const claims = await decode({ token: cookie, secret: secrets, salt });
      return claims ? { accepted: true as const, claims } : { accepted: false as const, reason: "unreadable" };
    } catch {
      return { accepted: false as const, reason: "no-matching-secret" }; // Auth.js: "no matching decryption secret"
    }
  };
  const seal = (token: JWT, secrets: string[], ttl = maxAge) => encode({ token, secret: secrets, salt, maxAge: ttl });
  const claimsOf = (user: { id: string; role: "user" | "admin" }, at: number, ver: number): JWT =>
    ({ sub: user.id, id: user.id, role: user.role, name: user.id, ver, authTime: at }); // what auth.config.ts's jwt callback puts in

  // Bob's cookie, sealed with the key that leaked (as Auth.js sealed it at his sign-in).
  const userCookie = await seal(claimsOf(BOB, nowMs, 0), [leaked]);
  const read = await open(userCookie, [leaked]);
  // The attacker seals a cookie of their own: alice, admin, a fresh version and sign-in time.
  const attackerCookie = await seal(claimsOf(ALICE_AS_ADMIN, nowMs, nowMs), [leaked], YEAR_SECONDS);
  const minted = await open(attackerCookie, [leaked]);
  const underAppKey = await open(attackerCookie, authjsConfig().secrets);
  const mint: DrillRow[] = [
    {
      id: "authjs-mint-read", holder: "attacker", what: "Bob's sealed session cookie, decrypted with the leaked key.",
      against: DECODE_AUTHJS, keys: "The leaked key as AUTH_SECRET",
      ...answered(read,
        ({ claims }) => `Every claim is readable: id ${claims.id}, role ${claims.role}, token version, sign-in time. Encryption hides nothing from the key's holder.`,
        "Unreadable."),
    },
    {
      id: "authjs-mint-admin", holder: "attacker", what: "A new cookie for alice with the role admin, a current token version and a fresh sign-in time, sealed with the leaked key.",
      against: DECODE_AUTHJS, keys: "The leaked key as AUTH_SECRET",
      ...answered(minted, ({ claims }) => `Decrypted as ${claims.id} (${claims.role}): Auth.js cannot tell it from one it sealed itself.`, "Refused."),
    },
    {
      id: "authjs-mint-app-key", holder: "attacker", what: "The same cookie, opened with this app's own keys.",
      against: DECODE_AUTHJS, keys: "This app's own AUTH_SECRET (and AUTH_SECRET_PREVIOUS)",
      ...answered(underAppKey, "Accepted.", "No key of this app's opens it: the drill's key is a throwaway one."),
    },
  ];

  const routine = [replacement, leaked]; // AUTH_SECRET new, AUTH_SECRET_PREVIOUS the leaked one
  const removed = [replacement];
  const userRoutine = await open(userCookie, routine);
  const attackerRoutine = await open(attackerCookie, routine);
  // Every session read re-seals the cookie with the first secret (@auth/core: decode with every
  // secret, then encode with the list): the attacker's cookie comes back under the new key.
  const resealed = attackerRoutine.accepted ? await seal(attackerRoutine.claims, routine, YEAR_SECONDS) : attackerCookie;
  const resealedRemoved = await open(resealed, removed);
  // What still stops a re-sealed cookie: a token version bumped after the leaked key is gone
  // (the attacker can no longer mint a cookie with a newer one).
  const store = new MemoryStore(() => nowMs);
  await revokeAllTokensForUser(store, ALICE_AS_ADMIN.id, nowMs + 1000);
  const versionNow = await currentTokenVersion(store, ALICE_AS_ADMIN.id);
  const afterBump = resealedRemoved.accepted && !isTokenVersionCurrent(resealedRemoved.claims.ver ?? 0, versionNow)
    ? { accepted: false as const, reason: "stale-version" }
    : resealedRemoved;
  const userRemoved = await open(userCookie, removed);
  const attackerRemoved = await open(attackerCookie, removed);
  const userAgain = await open(await seal(claimsOf(BOB, nowMs, 0), removed), removed);
  const keys = { routine: "A routine rotation: AUTH_SECRET new, AUTH_SECRET_PREVIOUS the leaked key", removed: "The leaked key removed: AUTH_SECRET new, AUTH_SECRET_PREVIOUS empty" };
  const rotation: DrillRow[] = [
    {
      id: "authjs-rotate-user", holder: "user", what: "Bob's cookie, sealed with the leaked key before anyone knew.", against: DECODE_AUTHJS, keys: keys.routine,
      ...answered(userRoutine, "Bob stays signed in.", "Bob is signed out."),
    },
    {
      id: "authjs-rotate-attacker", holder: "attacker", what: "The attacker's admin cookie.", against: DECODE_AUTHJS, keys: keys.routine,
      ...answered(attackerRoutine, "Still accepted: a routine rotation locks nobody out.", "Refused."),
    },
    {
      id: "authjs-remove-user", holder: "user", what: "Bob's cookie.", against: DECODE_AUTHJS, keys: keys.removed,
      ...answered(userRemoved, "Bob stays signed in.", "Bob is signed out, like every Auth.js user: he signs in again."),
    },
    {
      id: "authjs-remove-attacker", holder: "attacker", what: "The attacker's admin cookie.", against: DECODE_AUTHJS, keys: keys.removed,
      ...answered(attackerRemoved, "Still accepted.", "Refused: no key the server holds opens it."),
    },
    {
      id: "authjs-remove-resealed", holder: "attacker", what: "The same cookie, used once during the routine rotation: Auth.js re-sealed it with the new key.",
      against: DECODE_AUTHJS, keys: keys.removed,
      ...answered(resealedRemoved, "Still accepted: the rotation re-sealed the attacker's cookie with the new key. After a leak, remove the key at once; never rotate it routinely.", "Refused."),
    },
    {
      id: "authjs-remove-resealed-version", holder: "attacker", what: "That re-sealed cookie, after alice signs out everywhere (with the leaked key already gone).",
      against: `${DECODE_AUTHJS}, then the token-version check`, keys: keys.removed,
      ...answered(afterBump, "Still accepted.", "Refused as stale: without the key the attacker cannot mint a newer version."),
    },
    {
      id: "authjs-remove-user-again", holder: "user", what: "Bob signs in again: a cookie sealed with the new key.", against: DECODE_AUTHJS, keys: keys.removed,
      ...answered(userAgain, "Bob is back in.", "Bob cannot sign in."),
    },
  ];
  return { lane: { mint, rotation }, made: { authjsUser: userCookie, authjsAttacker: attackerCookie } };
}

// --- Server-side sessions: no key; a token is valid if the store holds its hash ---

async function sessionLane(nowMs: number, appDeps: SessionDeps) {
  const check = async (deps: SessionDeps, token: string) => {
    try {
      const result = await validateSessionToken(deps, token, { touch: false });
      return result.ok ? { accepted: true as const, userId: result.record.userId } : { accepted: false as const, reason: result.reason };
    } catch (error) {
      if (!StoreUnavailableError.is(error)) throw error;
      return { accepted: false as const, reason: "store-unavailable" }; // a 503: nobody is signed in (or out)
    }
  };

  // A token an attacker makes up is looked up in this app's own store (read only). The store has
  // no session for it; the core's reason, "unknown", is its word for a session that ended, and
  // this one never began: the row says so in words, without that code.
  const madeUp = await check(appDeps, generateSessionToken());
  const neverIssued = !madeUp.accepted && madeUp.reason === "unknown";
  // A copy of the store (a throwaway one here) holds the tokens' SHA-256 hashes, not the tokens.
  const deps = withEndedMarkers({ store: new MemoryStore(() => nowMs), now: () => nowMs, policy: { idleTtlSeconds: 3600, absoluteTtlSeconds: 86_400, maxDevices: 5 } });
  const bob = await createSession(deps, BOB, "bob's phone");
  const hashAsCookie = await check(deps, bob.id);
  const mint: DrillRow[] = [
    {
      id: "session-mint-made-up", holder: "attacker", what: "A made-up session token: 32 random bytes, well-formed.",
      against: VALIDATE_SESSION, keys: "No key: this app's own store",
      ...(neverIssued
        ? { accepted: false, meaning: "Refused: the store has no session for it. This app never issued this token, and only a token it issued has its hash in the store: there is no key to mint one with." }
        : answered(madeUp, "Accepted.", "The store did not answer: the request gets a 503. There is no key to mint with: a token is valid only if the store holds its hash.")),
    },
    {
      id: "session-mint-store-copy", holder: "attacker", what: "A session id from a leaked copy of the store, sent as the cookie.",
      against: VALIDATE_SESSION, keys: "No key: the store the copy was made from",
      ...answered(hashAsCookie, "Accepted.", "The store holds SHA-256 hashes of the tokens: a copy of it yields no cookie."),
    },
  ];

  // Nothing to rotate. A stolen cookie ends in the store: alice signs her other devices out.
  const laptop = await createSession(deps, { id: "alice", role: "user" }, "alice's laptop");
  const phone = await createSession(deps, { id: "alice", role: "user" }, "alice's phone");
  await revokeOtherSessions(deps, "alice", laptop.id);
  const [stolen, stays, others] = [await check(deps, phone.token), await check(deps, laptop.token), await check(deps, bob.token)];
  const [against, keys] = [VALIDATE_SESSION, "No key: the store, after alice signs out her other devices from her laptop"];
  const rotation: DrillRow[] = [
    {
      id: "session-end-stolen", holder: "attacker", what: "A copy of alice's phone cookie.", against, keys,
      ...answered(stolen, "Still accepted.", "Refused at once: its record is gone from the store."),
    },
    {
      id: "session-end-laptop", holder: "user", what: "Alice, on her laptop.", against, keys,
      ...answered(stays, "Alice stays signed in where she is.", "Alice is signed out."),
    },
    {
      id: "session-end-others", holder: "user", what: "Bob, on his phone.", against, keys,
      ...answered(others, "Nobody else is signed out: there was no key to change.", "Bob is signed out."),
    },
  ];
  return { mint, rotation };
}

// --- Better Auth: a session row in the store, named by a cookie signed with BETTER_AUTH_SECRET ---

/**
 * Better Auth 1.7 signs the session cookie (`token.HMAC`) and the `compact` cookie cache copy
 * with one secret, and checks them with that secret only: its `secrets` list (BETTER_AUTH_SECRETS)
 * rotates encryption, not signing (tests/unit/better-auth/secret-rotation.test.ts). Its clock is
 * the real one (Better Auth takes no `now`).
 */
async function betterAuthLane() {
  const { leaked, replacement } = KEYS.betterAuth;
  // The drill's own session store, counting reads: Bob's session lives here, not in the app's store.
  let storeReads = 0;
  const memory = new MemoryStore();
  const store = new Proxy(memory, {
    get(target, property, receiver) {
      if (property === "get" || property === "sortedSetEntries") storeReads += 1;
      return Reflect.get(target, property, receiver) as unknown;
    },
  }) as KeyValueStore;
  const withSecret = (secret: string, cookieCacheSeconds: 0 | 300, secrets?: { version: number; value: string }[]) =>
    betterAuthApart({ secret, secrets, store, cookieCacheSeconds });
  /** Better Auth's verdict on these cookies; when it refuses, why: the signature (checked as it checks it) or the store. */
  const verdict = async (auth: BetterAuth, cookies: Record<string, string>, signingSecret: string) => {
    const headers = new Headers({ cookie: Object.entries(cookies).map(([name, value]) => `${name}=${value}`).join("; ") });
    const session = await auth.api.getSession({ headers });
    if (session) return { accepted: true as const, user: session.user as { id: string; role?: string } };
    const signed = await sessionCookieSignatureHolds(cookies[BETTER_AUTH_SESSION_COOKIE] ?? "", signingSecret);
    return { accepted: false as const, reason: signed ? "not-in-store" : "bad-signature" };
  };

  // Bob signed in before anyone knew: a session in the store, and its cookie signed with the
  // key that leaked. His cache copy is the one Better Auth itself issues on his next request.
  const bob = await (await withSecret(leaked, 0).$context).internalAdapter.createSession("bob");
  const bobSession = await signedSessionCookie(bob.token, leaked);
  const issued = await withSecret(leaked, 300).api.getSession({ headers: new Headers({ cookie: `${BETTER_AUTH_SESSION_COOKIE}=${bobSession}` }), returnHeaders: true });
  const bobCache = issued.headers.getSetCookie().map((line) => line.split(";")[0]).find((pair) => pair.startsWith(`${BETTER_AUTH_CACHE_COOKIE}=`))?.slice(BETTER_AUTH_CACHE_COOKIE.length + 1) ?? "";
  const user = { [BETTER_AUTH_SESSION_COOKIE]: bobSession };

  // 1. A made-up token; Bob's real token, as a copy of the store shows it; a cache copy for alice, admin.
  const madeUp = await verdict(withSecret(leaked, 0), { [BETTER_AUTH_SESSION_COOKIE]: await signedSessionCookie(generateSessionToken(), leaked) }, leaked);
  // The token as a copy of the store shows it: the session's JSON, under a key that is the token.
  const copied = memory.dump().flatMap(({ value }) => {
    try {
      return typeof value === "string" ? [(JSON.parse(value) as { session?: { token?: unknown; userId?: unknown } }).session] : [];
    } catch {
      return [];
    }
  }).find((session) => session?.userId === BOB.id && typeof session.token === "string");
  const fromStoreCopy = { [BETTER_AUTH_SESSION_COOKIE]: await signedSessionCookie(String(copied?.token ?? ""), leaked) };
  const storeCopy = await verdict(withSecret(leaked, 0), fromStoreCopy, leaked);
  const forgedToken = generateSessionToken();
  const template = compactCacheContent(bobCache);
  const thirtyDays = Date.now() + 30 * 24 * 60 * 60 * 1000;
  const attacker = {
    [BETTER_AUTH_SESSION_COOKIE]: await signedSessionCookie(forgedToken, leaked),
    [BETTER_AUTH_CACHE_COOKIE]: template
      ? await signedCompactCache({
        ...template,
        session: { ...template.session, token: forgedToken, userId: ALICE_AS_ADMIN.id, expiresAt: new Date(thirtyDays).toISOString() },
        user: { ...template.user, id: ALICE_AS_ADMIN.id, name: "Alice", username: "alice", displayUsername: "alice", email: "alice@users.demo.invalid", role: ALICE_AS_ADMIN.role },
      }, thirtyDays, leaked)
      : "",
  };
  const readsBefore = storeReads;
  const minted = await verdict(withSecret(leaked, 300), attacker, leaked);
  const mintReads = storeReads - readsBefore;
  // The app's own Better Auth, its cache on: refused on the session cookie's signature, before any store read.
  const underAppKey = await verdict(betterAuthWith(300, { setsCookies: false }), attacker, betterAuthConfig().secret);
  const [cacheOff, cacheOn] = ["The leaked secret as BETTER_AUTH_SECRET, the cookie cache off", "The leaked secret as BETTER_AUTH_SECRET, the cookie cache on (compact)"];
  const mint: DrillRow[] = [
    {
      id: "better-auth-mint-made-up", holder: "attacker", what: "A made-up session token, its cookie signed with the leaked secret as Better Auth signs it.",
      against: BETTER_AUTH_GET_SESSION, keys: cacheOff,
      ...answered(madeUp, "Accepted.", "The signature holds, so Better Auth asks the store, which has no such session: with the cache off, the secret alone mints nothing."),
    },
    {
      id: "better-auth-mint-store-copy", holder: "attacker", what: "Bob's session token, read from a leaked copy of the store, its cookie signed with the leaked secret.",
      against: BETTER_AUTH_GET_SESSION, keys: cacheOff,
      ...answered(storeCopy,
        ({ user }) => `Accepted as ${user.id}: Better Auth keeps session tokens in the store as they are (the session lane keeps hashes), so a copy of the store and the secret together open every live session. Unsigned, a token opens nothing.`,
        "Refused."),
    },
    {
      id: "better-auth-mint-admin-cache", holder: "attacker", what: "A cache copy for alice with the role admin, valid for 30 days, beside a made-up session token: both cookies signed with the leaked secret.",
      against: BETTER_AUTH_GET_SESSION, keys: cacheOn,
      ...answered(minted,
        ({ user }) => `Accepted as ${user.id} (${user.role}) with ${mintReads} store reads: a copy's expiry is its signer's to choose, so it works for as long as the secret does. Any user, any role.`,
        "Refused."),
    },
    {
      id: "better-auth-mint-app-key", holder: "attacker", what: "The same two cookies, sent to this app's own Better Auth (its cache on).",
      against: BETTER_AUTH_GET_SESSION, keys: "This app's own BETTER_AUTH_SECRET",
      ...answered(underAppKey, "Accepted.", "Refused on the session cookie's signature, before the cache copy or the store is read: the drill's secret is a throwaway one."),
    },
  ];

  // 2. Better Auth's own rotation list, then the leaked secret replaced.
  const list = [{ version: 2, value: replacement }, { version: 1, value: leaked }];
  const userListed = await verdict(withSecret(leaked, 300, list), user, replacement);
  const attackerListed = await verdict(withSecret(leaked, 300, list), attacker, replacement);
  const userRemoved = await verdict(withSecret(replacement, 300), user, replacement);
  const storeCopyRemoved = await verdict(withSecret(replacement, 0), fromStoreCopy, replacement);
  const attackerRemoved = await verdict(withSecret(replacement, 300), attacker, replacement);
  const again = await (await withSecret(replacement, 0).$context).internalAdapter.createSession("bob");
  const userAgain = await verdict(withSecret(replacement, 300), { [BETTER_AUTH_SESSION_COOKIE]: await signedSessionCookie(again.token, replacement) }, replacement);
  const keys = {
    listed: "Better Auth's own rotation: BETTER_AUTH_SECRETS=2:new,1:leaked",
    removed: "The leaked secret replaced: BETTER_AUTH_SECRET new",
  };
  const rotation: DrillRow[] = [
    {
      id: "better-auth-list-user", holder: "user", what: "Bob's session cookie, signed with the leaked secret before anyone knew.", against: BETTER_AUTH_GET_SESSION, keys: keys.listed,
      ...answered(userListed, "Bob stays signed in.", "Bob is signed out: Better Auth signs and checks its cookies with the list's first secret only; the older ones only decrypt (a jwe cache, stored OAuth tokens). No rotation keeps users signed in."),
    },
    {
      id: "better-auth-list-attacker", holder: "attacker", what: "The attacker's admin cache copy and its session cookie.", against: BETTER_AUTH_GET_SESSION, keys: keys.listed,
      ...answered(attackerListed, "Still accepted.", "Refused, by the same rule that signs Bob out."),
    },
    {
      id: "better-auth-remove-user", holder: "user", what: "Bob's session cookie.", against: BETTER_AUTH_GET_SESSION, keys: keys.removed,
      ...answered(userRemoved, "Bob stays signed in.", "Bob is signed out, like every Better Auth user, cookie cache or not. His session stays in the store until it expires; a cookie for it would now need the new secret."),
    },
    {
      id: "better-auth-remove-store-copy", holder: "attacker", what: "Bob's token from the store copy, signed with the leaked secret.", against: BETTER_AUTH_GET_SESSION, keys: keys.removed,
      ...answered(storeCopyRemoved, "Still accepted.", "Refused: a copy of the store is worth nothing without the secret in use."),
    },
    {
      id: "better-auth-remove-attacker", holder: "attacker", what: "The attacker's admin cache copy, weeks before the expiry it names.", against: BETTER_AUTH_GET_SESSION, keys: keys.removed,
      ...answered(attackerRemoved, "Still accepted.", "Refused at once: the signature is checked before the expiry."),
    },
    {
      id: "better-auth-remove-user-again", holder: "user", what: "Bob signs in again: a new session, its cookie signed with the new secret.", against: BETTER_AUTH_GET_SESSION, keys: keys.removed,
      ...answered(userAgain, "Bob is back in.", "Bob cannot sign in."),
    },
  ];
  return { lane: { mint, rotation }, made: { betterAuthUser: user, betterAuthAttacker: attacker } };
}

/** A checker's answer: accepted (with what it let in), or refused and, where it names one, why. */
type Answer = { accepted: true } | { accepted: false; reason?: string };

/** What a row says about an answer: a sentence, or one made from the answer (what was let in, or why not). */
type Said<A> = string | ((answer: A) => string);

/** A row's verdict, and what it means for the reader, said for either answer. A refusal keeps the checker's reason. */
function answered<T extends Answer>(result: T, ifAccepted: Said<Extract<T, { accepted: true }>>, ifRefused: Said<Extract<T, { accepted: false }>>): Pick<DrillRow, "accepted" | "reason" | "meaning"> {
  const say = <A>(said: Said<A>, answer: A) => (typeof said === "string" ? said : said(answer));
  return result.accepted
    ? { accepted: true, meaning: say(ifAccepted, result as Extract<T, { accepted: true }>) }
    : { accepted: false, reason: result.reason, meaning: say(ifRefused, result as Extract<T, { accepted: false }>) };
}
