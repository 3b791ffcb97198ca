/**
 * Peer figures for the bench: the per-request read each lane does, done instead by a
 * library a reader might pick rather than writing it by hand. Every figure names the
 * figure of ours it is compared with.
 *
 *   better-auth-session               Better Auth getSession, memory adapter, no cookie cache
 *   better-auth-session-cookie-cache  the same, answered from Better Auth's cookie cache
 *   iron-session-unseal               iron-session unsealData (the whole session is the cookie)
 *
 * No network: Better Auth's telemetry is off, rate limiting is off, the store is memory.
 * Two differences from ours that the figures do not show: Better Auth stores the session
 * token itself (ours stores its SHA-256, so a store leak yields no live sessions), and its
 * memory adapter finds a row by scanning an array (here it holds one session).
 *
 *   npx tsx bench/peers.ts --selftest   # prints the figures, 200 ms a task
 */
import { randomBytes } from "node:crypto";
import { pathToFileURL } from "node:url";
import { isDeepStrictEqual } from "node:util";
import { betterAuth, type BetterAuthOptions } from "better-auth";
import { memoryAdapter } from "better-auth/adapters/memory";
import { sealData, unsealData } from "iron-session";
import { median, timeInRounds } from "./rounds";

export interface PeerFigure {
  id: string;
  label: string;
  microsPerOp: number;
  comparedWith: string;
}

const SESSION_LANE = "our session validate (memory store)";
const JWT_LANE = "lib/jwt.ts verify (stateless lane)";

export const BOB = { name: "Bob", email: "bob@example.com", password: "correct horse battery staple" };
const BETTER_AUTH_SESSION_SECONDS = 7 * 24 * 60 * 60;
/** Better Auth's default: a cached session cookie is trusted for 5 minutes, then re-read. */
const COOKIE_CACHE_SECONDS = 5 * 60;
/** The adapter methods that only read; anything else counts as a write. */
const ADAPTER_READS = new Set(["findOne", "findMany", "count"]);

type Adapter = ReturnType<ReturnType<typeof memoryAdapter>>;

/**
 * Wraps Better Auth's database adapter so every call it makes is recorded by method name.
 * This is how the bench knows what a getSession really did: one read without the cookie
 * cache, no call at all with it, and never a write (a read that slid the session's expiry
 * would be a write, and ours is measured with `touch: false`).
 */
function recordingAdapterCalls(adapter: Adapter, calls: string[]): Adapter {
  return new Proxy(adapter, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        calls.push(String(key));
        return value.apply(target, args);
      };
    },
  });
}

/** One Better Auth instance on a fresh memory adapter, with Bob signed up and signed in. */
export async function signedInBetterAuth(cookieCache: boolean) {
  const adapterCalls: string[] = [];
  // The tables Better Auth needs, empty; the memory adapter keeps rows in these arrays.
  const db = { user: [], session: [], account: [], verification: [] };
  const auth = betterAuth({
    secret: randomBytes(32).toString("base64url"),
    baseURL: "http://localhost:3000",
    database: (options: BetterAuthOptions) => recordingAdapterCalls(memoryAdapter(db)(options), adapterCalls),
    // No session from sign-up: the store then holds the one session sign-in creates.
    emailAndPassword: { enabled: true, autoSignIn: false },
    session: {
      expiresIn: BETTER_AUTH_SESSION_SECONDS,
      // Better Auth slides a session on read once it is updateAge old (default: a day),
      // writing to the store. As old as the session itself means a read never writes,
      // the same work as ours with `touch: false`.
      updateAge: BETTER_AUTH_SESSION_SECONDS,
      cookieCache: { enabled: cookieCache, maxAge: COOKIE_CACHE_SECONDS },
    },
    rateLimit: { enabled: false },
    // Off by default unless BETTER_AUTH_TELEMETRY is set; said here so no run phones home.
    telemetry: { enabled: false },
  });

  // scrypt at sign-up and sign-in: slow, and done once, before anything is timed.
  await auth.api.signUpEmail({ body: BOB });
  const { headers: signInHeaders } = await auth.api.signInEmail({ body: { email: BOB.email, password: BOB.password }, returnHeaders: true });
  // Send back every cookie sign-in set: the signed session token and, with the cache on,
  // the session_data cookie that lets getSession answer without the store.
  const setCookies = signInHeaders.getSetCookie();
  const cookie = setCookies.map((line) => line.split(";")[0]).join("; ");
  if (cookieCache && !setCookies.some((line) => line.includes(".session_data="))) throw new Error("Better Auth sign-in set no cookie cache cookie");
  return { auth, headers: new Headers({ cookie }), adapterCalls };
}

export async function peerMicroBenchmarks(options: { timeMs: number; warmupMs: number; rounds: number }): Promise<PeerFigure[]> {
  const stored = await signedInBetterAuth(false);
  const cached = await signedInBetterAuth(true);

  const ironPassword = randomBytes(32).toString("base64url"); // 43 characters; Iron needs ≥ 32
  const ironSession = { userId: "bob", role: "user" };
  const sealed = await sealData(ironSession, { password: ironPassword });

  /** One getSession; the adapter calls it made, and whether it answered for Bob. */
  const getSessionOnce = async (peer: typeof stored) => {
    peer.adapterCalls.length = 0;
    const session = await peer.auth.api.getSession({ headers: peer.headers });
    return { forBob: session?.user.email === BOB.email, calls: [...peer.adapterCalls] };
  };

  // Each task checks its own answer once, so a broken one cannot post a fast time. The
  // Better Auth checks also pin which path was taken: the store read, or the cache.
  const checks: Array<[string, () => Promise<boolean>]> = [
    [
      "better-auth-session",
      async () => {
        const { forBob, calls } = await getSessionOnce(stored);
        return forBob && calls.length > 0 && calls.every((method) => ADAPTER_READS.has(method));
      },
    ],
    [
      "better-auth-session-cookie-cache",
      async () => {
        const { forBob, calls } = await getSessionOnce(cached);
        return forBob && calls.length === 0;
      },
    ],
    ["iron-session-unseal", async () => isDeepStrictEqual(await unsealData(sealed, { password: ironPassword }), ironSession)],
  ];
  for (const [name, check] of checks) if (!(await check())) throw new Error(`peer micro-benchmark ${name} gave a wrong answer`);

  stored.adapterCalls.length = 0;
  cached.adapterCalls.length = 0;
  const rounds = await timeInRounds([
    ["better-auth-session", async () => {
      await stored.auth.api.getSession({ headers: stored.headers });
    }],
    ["better-auth-session-cookie-cache", async () => {
      await cached.auth.api.getSession({ headers: cached.headers });
    }],
    ["iron-session-unseal", async () => {
      await unsealData(sealed, { password: ironPassword });
    }],
  ], options);

  // The checks above saw one call each; these hold for every timed call, warm-up included.
  if (cached.adapterCalls.length > 0) throw new Error(`Better Auth's cookie cache reached the adapter while timed: ${summarise(cached.adapterCalls)}`);
  const writes = stored.adapterCalls.filter((method) => !ADAPTER_READS.has(method));
  if (writes.length > 0) throw new Error(`Better Auth's getSession wrote to the store while timed: ${summarise(writes)}`);

  const figures: Array<Omit<PeerFigure, "microsPerOp">> = [
    { id: "better-auth-session", label: "Better Auth getSession: signed cookie + memory adapter lookup, no cookie cache", comparedWith: SESSION_LANE },
    { id: "better-auth-session-cookie-cache", label: "Better Auth getSession answered from its cookie cache (no adapter call)", comparedWith: SESSION_LANE },
    { id: "iron-session-unseal", label: "iron-session unsealData (Iron: HMAC-SHA256 + AES-256-CBC)", comparedWith: JWT_LANE },
  ];
  return figures.map((figure) => ({ ...figure, microsPerOp: median(rounds.get(figure.id)!), roundsMicros: rounds.get(figure.id)! }));
}

function summarise(calls: string[]) {
  const counts = new Map<string, number>();
  for (const method of calls) counts.set(method, (counts.get(method) ?? 0) + 1);
  return [...counts].map(([method, n]) => `${method} ×${n}`).join(", ");
}

// Only when run as a script, so bench/run.ts can import this file.
if (process.argv.includes("--selftest") && import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  for (const figure of await peerMicroBenchmarks({ timeMs: 200, warmupMs: 50, rounds: 3 })) {
    console.log(`${figure.id.padEnd(34)} ${figure.microsPerOp.toFixed(1).padStart(8)} µs  ${figure.label} (vs ${figure.comparedWith})`);
  }
}
