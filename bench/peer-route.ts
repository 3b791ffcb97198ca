/**
 * Peers per request (`npm run bench`): one route handler that does, for each request, the
 * read a lane does, by our code or by a peer library. The bench copies it into its scratch
 * build only (bench/node-runtime.ts: `app/bench/peers/[peer]/route.ts`), outside the
 * middleware matcher, so every figure pays the same Next.js request path and differs by one
 * call. The real app never ships it, nor the peers (they are devDependencies).
 *
 *   GET /bench/peers/setup              the cookie each peer reads (signed in once, here)
 *   GET /bench/peers/<peer>             200 {"user": "bob"}, or 401 if the read refused it
 *
 * <peer>: better-auth, better-auth-cookie-cache, iron-session, ours-session, ours-jwt.
 */
import { randomBytes } from "node:crypto";
import { unsealData, sealData } from "iron-session";
import { credentialCookieValue } from "../lib/cookies";
import { signAccessToken, verifyAccessToken } from "../lib/jwt";
import { createSession, validateSessionToken, type SessionDeps } from "../lib/session";
import { MemoryStore } from "../lib/store/memory";
import { BOB, signedInBetterAuth } from "./peers";
import { BENCH_SESSION_POLICY, benchJwtSettings } from "./settings";

export const PEER_ROUTES = ["better-auth", "better-auth-cookie-cache", "iron-session", "ours-session", "ours-jwt"] as const;
export type PeerRoute = (typeof PEER_ROUTES)[number];

const IRON_COOKIE = "iron";
const SESSION_COOKIE = "sid";
const JWT_COOKIE = "jwt";

async function setUp() {
  const [stored, cached] = await Promise.all([signedInBetterAuth(false), signedInBetterAuth(true)]);
  const ironPassword = randomBytes(32).toString("base64url");
  const ironSeal = await sealData({ userId: "bob", role: "user" }, { password: ironPassword });
  const sessionDeps: SessionDeps = { store: new MemoryStore(), now: Date.now, policy: BENCH_SESSION_POLICY };
  const session = await createSession(sessionDeps, { id: "bob", role: "user" }, "bench");
  const jwtSettings = benchJwtSettings();
  const jwt = await signAccessToken({ id: "bob", role: "user" }, jwtSettings);
  const cookies: Record<PeerRoute, string> = {
    "better-auth": stored.headers.get("cookie")!,
    "better-auth-cookie-cache": cached.headers.get("cookie")!,
    "iron-session": `${IRON_COOKIE}=${ironSeal}`,
    "ours-session": `${SESSION_COOKIE}=${session.token}`,
    "ours-jwt": `${JWT_COOKIE}=${jwt}`,
  };
  /** Each read: the user it found, or null. */
  const reads: Record<PeerRoute, (headers: Headers) => Promise<string | null>> = {
    "better-auth": async (headers) => ((await stored.auth.api.getSession({ headers }))?.user.email === BOB.email ? "bob" : null),
    "better-auth-cookie-cache": async (headers) => ((await cached.auth.api.getSession({ headers }))?.user.email === BOB.email ? "bob" : null),
    "iron-session": async (headers) => {
      const sealed = credentialCookieValue(headers, IRON_COOKIE);
      if (!sealed) return null;
      try {
        return (await unsealData<{ userId?: string }>(sealed, { password: ironPassword })).userId ?? null;
      } catch {
        return null; // a seal it cannot open
      }
    },
    // As Better Auth is set up here (bench/peers.ts): a read that never writes.
    "ours-session": async (headers) => {
      const result = await validateSessionToken(sessionDeps, credentialCookieValue(headers, SESSION_COOKIE), { touch: false });
      return result.ok ? result.record.userId : null;
    },
    // As /api/jwt/me does it: a token accepted before is remembered (lib/jwt.ts).
    "ours-jwt": async (headers) => {
      const result = await verifyAccessToken(credentialCookieValue(headers, JWT_COOKIE), jwtSettings);
      return result.ok ? result.claims.sub : null;
    },
  };
  return { cookies, reads };
}

let peers: ReturnType<typeof setUp> | null = null;

export async function GET(request: Request, { params }: { params: Promise<{ peer: string }> }): Promise<Response> {
  const { peer } = await params;
  peers ??= setUp();
  const { cookies, reads } = await peers;
  if (peer === "setup") return Response.json({ cookies });
  if (!(PEER_ROUTES as readonly string[]).includes(peer)) return Response.json({ error: `No peer named ${peer}.` }, { status: 404 });
  const user = await reads[peer as PeerRoute](request.headers);
  return user ? Response.json({ user }) : Response.json({ error: "Not signed in." }, { status: 401 });
}
