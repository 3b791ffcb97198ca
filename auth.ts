import { AsyncLocalStorage } from "node:async_hooks";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { authConfig } from "./auth.config";
import { checkCredentials } from "@/lib/security/login";
import { StoreUnavailableError } from "@/lib/store";
import { credentialsSchema } from "@/lib/validation";

/**
 * The Auth.js (next-auth v5) lane: the same demo users as /jwt and /session, a JWT session
 * strategy (an encrypted JWE cookie), and the Edge-safe callbacks from auth.config.ts.
 * Node.js only (scrypt); middleware uses auth.config.ts directly.
 */
/**
 * authorize() refused because of the login rate limiter. Auth.js passes a CredentialsSignin's
 * `code` on (`?code=rate_limited`) and rethrows it to a server action's signIn().
 */
export class LoginRateLimited extends CredentialsSignin {
  code = "rate_limited";
  constructor(readonly retryAfterSeconds: number) {
    super();
  }
}

/**
 * authorize() refused a wrong password (or an unknown user: the same answer), with the
 * limiter's count of attempts left (and at 0, the lock's wait: the lock is on). Its code is Auth.js's own for a refused sign-in
 * ("credentials"), so the HTTP endpoint answers exactly as for a null from authorize().
 */
export class LoginIncorrect extends CredentialsSignin {
  code = "credentials";
  constructor(readonly attemptsLeft: number, readonly retryAfterSeconds?: number) {
    super();
  }
}

/**
 * Why a sign-in failed, read the same way wherever its error surfaces: the server action's
 * signIn() throws it, and the HTTP endpoint hands it to the logger (caughtByAuthjs, below).
 * Auth.js wraps what authorize() and the callbacks throw (CallbackRouteError, the original as its
 * cause's `err`) and passes its own refusals (CredentialsSignin: LoginRateLimited) as they are.
 */
export function isStoreOutage(error: unknown): boolean {
  const cause = (error as { cause?: { err?: unknown } } | null)?.cause?.err;
  return StoreUnavailableError.is(error) || StoreUnavailableError.is(cause);
}

/** The wait in seconds when the login rate limiter refused the sign-in (LoginRateLimited), else null. */
export function rateLimitWait(error: unknown): number | null {
  const e = error as { code?: unknown; retryAfterSeconds?: unknown } | null;
  return e?.code === "rate_limited" && typeof e.retryAfterSeconds === "number" ? e.retryAfterSeconds : null;
}

/**
 * The error Auth.js caught while answering the route handler (app/api/auth/[...nextauth]/route.ts).
 * Auth.js answers every failure with a redirect to its error page and hands the error only to
 * its logger; kept here, the route reads it as the server action reads the one signIn() throws
 * (isStoreOutage, rateLimitWait): a rate-limited sign-in answers 429 with Retry-After, and a
 * store outage anywhere in the sign-in 503, like the other lanes.
 */
export const caughtByAuthjs = new AsyncLocalStorage<{ error?: unknown }>();

export const { handlers, auth, signIn, signOut, unstable_update } = NextAuth(() => {
  const config = authConfig();
  const keepForRoute = (error: Error) => {
    const caught = caughtByAuthjs.getStore();
    if (caught) caught.error = error;
    config.logger?.error?.(error);
  };
  return {
    ...config,
    logger: { ...config.logger, error: keepForRoute },
    providers: [
      Credentials({
        credentials: { username: { label: "Username" }, password: { label: "Password", type: "password" } },
        // #region authjs-authorize
        async authorize(input, request) {
          const parsed = credentialsSchema.safeParse(input);
          if (!parsed.success) return null;
          const check = await checkCredentials(parsed.data, request.headers); // the same rate-limited check as /jwt and /session
          if (!check.ok && check.reason === "rate-limited") throw new LoginRateLimited(check.retryAfterSeconds);
          if (!check.ok) throw new LoginIncorrect(check.attemptsLeft, check.retryAfterSeconds);
          return { id: check.user.id, name: check.user.displayName, role: check.user.role };
        },
        // #endregion authjs-authorize
      }),
    ],
  };
});
