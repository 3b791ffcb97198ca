// Typed Auth.js session and token (module augmentation), so callbacks and pages never need `any`.
import type { DefaultSession } from "next-auth";
import type { Role } from "@/lib/validation";

declare module "next-auth" {
  /** What `authorize()` returns for a demo user. */
  interface User {
    role: Role;
  }
  /** What `auth()` and `useSession()` give pages. */
  interface Session {
    user: {
      id: string;
      role: Role;
      name: string;
    } & DefaultSession["user"];
    /** The token-version check could not reach the store: the gates answer 503. */
    storeUnavailable?: boolean;
    /** When the password was checked (epoch ms; the token's authTime). */
    authTime?: number;
  }
}

declare module "@auth/core/jwt" {
  /** The claims inside Auth.js's encrypted session cookie. */
  interface JWT {
    id: string;
    role: Role;
    name: string;
    /** The user's token version at sign-in (lib/token-version.ts). */
    ver: number;
    /** Sign-in time (epoch ms); sessions end SESSION_ABSOLUTE_TTL_SECONDS after it. */
    authTime: number;
    /** Set while the token-version check cannot reach the store. */
    storeUnavailable?: boolean;
  }
}
