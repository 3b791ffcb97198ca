import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { authConfig } from "./auth.config";
import { authenticate } from "@/lib/users";
import { credentialsSchema } from "@/lib/validation";

/**
 * The Auth.js (next-auth v5) lane: the same demo users as /jwt and /session, a JWT session
 * strategy (an encrypted JWE cookie), and the Edge-safe callbacks from auth.config.ts.
 * Node.js only (scrypt); middleware uses auth.config.ts directly.
 */
export const { handlers, auth, signIn, signOut, unstable_update } = NextAuth(() => ({
  ...authConfig(),
  providers: [
    Credentials({
      credentials: { username: { label: "Username" }, password: { label: "Password", type: "password" } },
      // #region authjs-authorize
      async authorize(input) {
        const parsed = credentialsSchema.safeParse(input);
        if (!parsed.success) return null;
        const user = await authenticate(parsed.data.username, parsed.data.password);
        return user ? { id: user.id, name: user.displayName, role: user.role } : null;
      },
      // #endregion authjs-authorize
    }),
  ],
}));
