import type { NextAuthConfig, Session, User } from "next-auth";
import type { JWT } from "next-auth/jwt";
import { z } from "zod";
import { IS_PRODUCTION } from "@/lib/config";
import { authjsConfig } from "@/lib/authjs/config";
import { StoreUnavailableError, getStore, storeReachableFromEdge } from "@/lib/store";
import { currentRoleAndTokenVersion, currentTokenVersion, isTokenVersionCurrent } from "@/lib/token-version";
import { logAuthEvent } from "@/lib/log";
import { AUTHJS_ROUTES } from "@/app/authjs/routes";

/**
 * The Edge-safe half of the Auth.js setup: session strategy, pages and callbacks, with no
 * providers and nothing Node-only (no password hashing). middleware.ts builds its `auth()`
 * from this; auth.ts adds the Credentials provider for the Node.js routes.
 */

/** The only thing a client may change through `useSession().update()`. */
export const profileUpdateSchema = z.object({
  name: z.string().trim().min(1, "Enter a display name.").max(40, "Display name is too long (at most 40 characters)."),
});

/**
 * Whether this runtime can see the token-version store: Node.js always; the Edge runtime
 * only when the store is Redis over HTTP (the memory store lives in the Node process).
 */
function canCheckTokenVersion(): boolean {
  return process.env.NEXT_RUNTIME !== "edge" || storeReachableFromEdge();
}

/**
 * Whether the token's version is still current. An unreachable store is not a verdict on the
 * user: it comes back as "unavailable" so the gates can answer 503, rather than null (which
 * would make Auth.js clear the cookie and sign the user out because Redis blinked).
 */
async function tokenVersionVerdict(token: JWT): Promise<"current" | "stale" | "unavailable"> {
  try {
    const current = await currentTokenVersion(getStore(), token.id);
    return isTokenVersionCurrent(token.ver ?? 0, current) ? "current" : "stale";
  } catch (error) {
    if (StoreUnavailableError.is(error)) return "unavailable";
    throw error;
  }
}

/** Whether the sign-in began longer ago than the absolute cap (the callback then ends it, whatever the activity). */
export const signInTooOld = (token: JWT, nowMs = Date.now()) => nowMs - (token.authTime ?? 0) > authjsConfig().absoluteTtlSeconds * 1000;

// #region authjs-callbacks
export const callbacks = {
  /**
   * Runs at sign-in (with `user`), on `update()` (trigger "update"), and on every session
   * read. Returning null ends the session: Auth.js clears the cookie.
   */
  async jwt({ token, user, trigger, session }: { token: JWT; user?: User; trigger?: "signIn" | "signUp" | "update"; session?: unknown }): Promise<JWT | null> {
    if (user) {
      // Sign-in: copy what pages need into the token, the user's role and token version, and
      // the sign-in time (which, unlike `exp`, re-issuing the cookie never moves). The role
      // authorize() read is read again with the version, in one snapshot: a role change
      // between the two (it writes both at once) would otherwise give a token with the old
      // role and the new version, accepted until the absolute cap.
      const id = user.id as string;
      const { role, tokenVersion } = await currentRoleAndTokenVersion(getStore(), id, user.role);
      return { ...token, id, role, name: user.name ?? id, ver: tokenVersion, authTime: Date.now() };
    }
    // Auth.js re-issues the cookie on every session read, so without a hard cap a session
    // (or a stolen copy of it) could be kept alive for ever.
    if (signInTooOld(token)) return null;
    const version = canCheckTokenVersion() ? await tokenVersionVerdict(token) : "current";
    if (version === "stale") {
      logAuthEvent("authjs.token-version-rejected", { user: token.id });
      return null;
    }
    // The flag only travels while the store is down, so a normal cookie does not grow by it.
    const { storeUnavailable: _wasUnavailable, ...rest } = token;
    const checked: JWT = version === "unavailable" ? { ...rest, storeUnavailable: true } : rest;
    if (trigger === "update") {
      // The client sends whatever it likes; only a display name gets through. A `role` in
      // the update is ignored: roles come from the server at sign-in, never from the client.
      const update = profileUpdateSchema.safeParse(session);
      if (update.success) return { ...checked, name: update.data.name };
    }
    return checked;
  },

  /** What `auth()` / `useSession()` expose: id, role and name, typed (types/next-auth.d.ts). */
  async session({ session, token }: { session: Session; token: JWT }): Promise<Session> {
    return {
      ...session,
      user: { ...session.user, id: token.id, role: token.role, name: token.name },
      storeUnavailable: token.storeUnavailable === true,
      authTime: token.authTime, // when the password was checked: sensitive actions ask again when old (lib/step-up.ts)
    };
  },
};
// #endregion authjs-callbacks

/** Built per request (lazy init) so the secret and max age come from validated config. */
export function authConfig(): NextAuthConfig {
  const authjs = authjsConfig();
  return {
    secret: authjs.secrets, // the current secret first; previous ones (AUTH_SECRET_PREVIOUS) only decrypt
    // Self-hosted behind `next start`: Auth.js builds its URLs on the request's Host (or a
    // client-sent X-Forwarded-Host), so its redirects leave here only as paths (the route
    // handler and the server actions: lib/authjs/redirect.ts).
    trustHost: true,
    // In production Secure cookies with the `__Secure-` prefix, like the other lanes, whatever
    // the scheme the request arrived with: behind a TLS-terminating proxy Auth.js would see
    // http and drop both (it decides from the URL by default).
    useSecureCookies: IS_PRODUCTION,
    session: { strategy: "jwt", maxAge: authjs.sessionMaxAgeSeconds },
    pages: { signIn: AUTHJS_ROUTES.login },
    providers: [],
    callbacks: callbacks as NextAuthConfig["callbacks"],
    // One JSON line per failure, like the other lanes (Auth.js's default prints stack traces
    // with server paths for every forged cookie or failed sign-in).
    logger: {
      error: (error) => {
        const cause = (error.cause as { err?: unknown } | undefined)?.err;
        logAuthEvent("authjs.error", { type: (error as { type?: string }).type ?? error.name, cause: cause instanceof Error ? cause.name : undefined });
      },
      warn: (code) => logAuthEvent("authjs.warning", { code }),
    },
  };
}
