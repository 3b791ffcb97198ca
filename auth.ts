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
 * Lets the Auth.js route handler (app/api/auth/[...nextauth]/route.ts) answer a rate-limited
 * POST with 429 and Retry-After, and a store outage with 503, instead of Auth.js's redirect
 * to its error page.
 */
export const rateLimitNotices = new AsyncLocalStorage<RateLimitNotice>();
export interface RateLimitNotice {
  retryAfterSeconds?: number;
  /** The limiter's store did not answer: 503, as on the other lanes. */
  storeUnavailable?: boolean;
}

export const { handlers, auth, signIn, signOut, unstable_update } = NextAuth(() => ({
  ...authConfig(),
  providers: [
    Credentials({
      credentials: { username: { label: "Username" }, password: { label: "Password", type: "password" } },
      // #region authjs-authorize
      async authorize(input, request) {
        const parsed = credentialsSchema.safeParse(input);
        if (!parsed.success) return null;
        const check = await checkCredentials(parsed.data, request.headers).catch((error: unknown) => {
          const notice = rateLimitNotices.getStore();
          if (notice && StoreUnavailableError.is(error)) notice.storeUnavailable = true;
          throw error;
        }); // the same rate-limited check as /jwt and /session
        if (!check.ok && check.reason === "rate-limited") {
          const notice = rateLimitNotices.getStore();
          if (notice) notice.retryAfterSeconds = check.retryAfterSeconds;
          throw new LoginRateLimited(check.retryAfterSeconds);
        }
        if (!check.ok) throw new LoginIncorrect(check.attemptsLeft, check.retryAfterSeconds);
        return { id: check.user.id, name: check.user.displayName, role: check.user.role };
      },
      // #endregion authjs-authorize
    }),
  ],
}));
