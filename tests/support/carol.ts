import type { KeyValueStore } from "@/lib/store";

/** Carol's id: not her username, as in a copy whose users have UUID ids. */
export const CAROL_ID = "5b0e8a52-3c1d-4f7e-9a61-2d4c8e0f1a37";

/**
 * The demo directory as a copy with UUID ids has it: one more entry, Carol, whose id is not her
 * username (bob's password hash, so she signs in with "battery-staple"). Everyone else as is.
 * For `vi.mock("@/lib/users", (importOriginal) => withCarol(importOriginal))`.
 */
export async function withCarol(importOriginal: () => Promise<typeof import("@/lib/users")>) {
  const users = await importOriginal();
  const carol = { ...users.findStoredUser("bob")!, id: CAROL_ID, username: "carol", displayName: "Carol" };
  return {
    ...users,
    findStoredUser: (username: string) => (username.trim().toLowerCase() === carol.username ? carol : users.findStoredUser(username)),
    findUserById: async (id: string, store?: KeyValueStore) => (id === carol.id ? users.withCurrentRole(carol, store) : users.findUserById(id, store)),
  };
}
