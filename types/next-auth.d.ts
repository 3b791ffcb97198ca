// Typed Auth.js session and token (module augmentation), so callbacks and pages never need `any`.
import type { DefaultSession } from "next-auth";
import type { Role } from "@/lib/users";

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
  }
}
