import { NextResponse } from "next/server";
import { z } from "zod";
import { authenticateJwt } from "@/app/jwt/gate";
import { authenticateSession } from "@/app/session/gate";
import { authenticateAuthjsCookie } from "@/app/authjs/gate";
import { decryptAuthjsCookie } from "@/lib/authjs/cookie";
import { authjsConfig } from "@/lib/authjs/config";
import { AUTHJS_SESSION_COOKIE } from "@/lib/authjs/session-cookie";
import { authenticateBetterAuth, cookieCacheChoice } from "@/app/better-auth/gate";
import { betterAuthWith } from "@/lib/better-auth/auth";
import { BETTER_AUTH_CACHE_COOKIE, BETTER_AUTH_SESSION_COOKIE } from "@/lib/better-auth/config";
import { cookieCacheExpiresAt } from "@/lib/better-auth/cookie-cache";
import { JWT_FAILURE_MESSAGES } from "@/lib/jwt";
import { sessionFailureMessagesHere } from "@/lib/session";
import { CROSS_ORIGIN_MESSAGE, NO_STORE, isCrossOriginWrite, jsonError, answerStoreOutage, parseJsonBody, storeUnavailableResponse } from "@/lib/http";

/**
 * A credential a client hands back to us (a pasted token or cookie value) before it goes into
 * an `Authorization` or `Cookie` header: RFC 6265's cookie-octets only, which covers every
 * token this app issues (base64url and dots). CR, LF or NUL would make the header throw (a
 * 500, with the raw value printed into the log); a character above U+00FF cannot be a header
 * byte; a `;` would add a cookie of the client's choosing next to the one being checked.
 */
const MAX_CREDENTIAL_LENGTH = 4096;
const COOKIE_OCTETS = /^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]+$/;

const credentialTextSchema = z
  .string({ error: "credential must be a string." })
  .trim()
  .min(1, "Paste a credential to replay.")
  .max(MAX_CREDENTIAL_LENGTH, `That credential is too long (at most ${MAX_CREDENTIAL_LENGTH} characters).`)
  .regex(COOKIE_OCTETS, "That is not a credential this app issues: tokens and cookies are printable ASCII with no spaces, quotes, commas, semicolons or backslashes.");

const replaySchema = z.object({
  lane: z.enum(["jwt", "session", "authjs", "better-auth"], { error: 'lane must be "jwt", "session", "authjs" or "better-auth".' }),
  // Checked before it goes into a header (Authorization, Cookie): a 400 with a sentence, never a 500.
  credential: credentialTextSchema,
});

/**
 * The "stolen credential" demo: checks a copied cookie value exactly as the lane's second
 * gate would (authenticateJwt / authenticateSession, store checks included) and says whether
 * it still works. It reveals nothing /api/jwt/me or /api/session/me would not.
 */
export async function POST(request: Request) {
  if (isCrossOriginWrite(request)) return jsonError(403, CROSS_ORIGIN_MESSAGE);
  const body = await parseJsonBody(request, replaySchema);
  if (!body.ok) return body.response;
  const { lane, credential } = body.data;
  // A store outage gives no verdict either way: 503.
  return answerStoreOutage(request, async () => {
    if (lane === "jwt") {
      const auth = await authenticateJwt(new Headers({ authorization: `Bearer ${credential}` }), undefined);
      if (!auth.ok) return NextResponse.json({ accepted: false, reason: auth.reason, message: JWT_FAILURE_MESSAGES[auth.reason] }, { headers: NO_STORE });
      return NextResponse.json(
        { accepted: true, user: auth.user, expiresAt: auth.claims.exp * 1000, checks: auth.claims.rev ?? [] },
        { headers: NO_STORE },
      );
    }
    if (lane === "authjs") {
      const session = await authenticateAuthjsCookie(credential, new URL(request.url).origin);
      if (session?.storeUnavailable) return storeUnavailableResponse(request);
      if (!session?.user) {
        return NextResponse.json({ accepted: false, reason: "invalid", message: "Auth.js refused the cookie: it was re-keyed, has expired, passed the absolute cap, or its token version is stale (sign out everywhere)." }, { headers: NO_STORE });
      }
      // `session.expires` is the sliding expiry: what the cookie Auth.js re-issues would carry.
      // The copy itself is not re-issued here; it works until its own exp (as issued), or the
      // absolute cap from sign-in if that comes first. It slides only if its holder keeps the
      // cookie a page load re-issues: by `slideSeconds` each time, never past the cap.
      const copy = await decryptAuthjsCookie({ name: AUTHJS_SESSION_COOKIE, value: credential });
      const { sessionMaxAgeSeconds, absoluteTtlSeconds } = authjsConfig();
      const capAt = (copy?.authTime ?? Date.now()) + absoluteTtlSeconds * 1000;
      const expiresAt = typeof copy?.exp === "number" ? Math.min(copy.exp * 1000, capAt) : Date.parse(session.expires);
      return NextResponse.json(
        { accepted: true, user: { id: session.user.id, role: session.user.role }, expiresAt, slides: { slideSeconds: sessionMaxAgeSeconds, absoluteCapSeconds: absoluteTtlSeconds } },
        { headers: NO_STORE },
      );
    }
    if (lane === "better-auth") return replayBetterAuth(request, credential);
    const auth = await authenticateSession(credential);
    if (!auth.ok) return NextResponse.json({ accepted: false, reason: auth.reason, message: sessionFailureMessagesHere()[auth.reason] }, { headers: NO_STORE });
    return NextResponse.json({ accepted: true, user: auth.user, expiresAt: auth.record.expiresAt }, { headers: NO_STORE });
  });
}

/**
 * Better Auth's credential is two cookies: the session cookie, and the cookie cache when it is
 * on, copied as `<session_token>|<session_data>`. Checked by Better Auth's own getSession, with
 * the cookie cache this browser chose: from the cache while it is young, else from the store.
 */
async function replayBetterAuth(request: Request, credential: string): Promise<Response> {
  const [token, cache] = credential.split("|");
  const cookie = [`${BETTER_AUTH_SESSION_COOKIE}=${token}`, ...(cache ? [`${BETTER_AUTH_CACHE_COOKIE}=${cache}`] : [])].join("; ");
  // An instance that sets no cookies, read-only: a refused copy must not clear the caller's own
  // cookies, and an accepted one must not slide the session it names.
  const session = await authenticateBetterAuth(betterAuthWith(await cookieCacheChoice(), { setsCookies: false }), new Headers({ cookie }), { readOnly: true });
  if (!session) {
    return NextResponse.json({ accepted: false, reason: "invalid", message: "Better Auth found no live session for the copy: it was signed out, and no young cookie cache vouched for it." }, { headers: NO_STORE });
  }
  // Accepted from the cookie cache (its copy of the session) until the cache expires.
  const cacheUntil = cache ? cookieCacheExpiresAt(cache) : null;
  const fromCache = cacheUntil !== null && cacheUntil > Date.now();
  return NextResponse.json(
    { accepted: true, user: { id: session.user.id, role: session.user.role }, expiresAt: fromCache ? cacheUntil : session.session.expiresAt.getTime(), from: fromCache ? "cookie-cache" : "store" },
    { headers: NO_STORE },
  );
}
