import "server-only";
import type { KeyValueStore } from "../store";
import { ttlUntil } from "../time";
import { BETTER_AUTH_KEY_PREFIX } from "./auth";

/**
 * Sudo mode for Better Auth (lib/step-up.ts decides). A session is created by a password
 * check, so its `createdAt` is the first; a later check (the password entered again for a
 * sensitive action) is a marker in the store next to it, keyed by the session's id, gone
 * with the session's lifetime. Better Auth's own `freshAge` looks at `createdAt` only, and
 * only a new sign-in (a new session, another row in the device list) would move that.
 */
const passwordCheckedKey = (sessionId: string) => `${BETTER_AUTH_KEY_PREFIX}password-checked:${sessionId}`;

type SessionTimes = { id: string; createdAt: Date | string; expiresAt: Date | string };

/** When this session's password was last checked (epoch ms): its creation, or a later check. */
export async function betterAuthAuthTimeMs(store: KeyValueStore, session: SessionTimes): Promise<number> {
  const marked = Number(await store.get(passwordCheckedKey(session.id)));
  return Math.max(new Date(session.createdAt).getTime(), Number.isFinite(marked) ? marked : 0);
}

/** After the password was checked again for this session. */
export async function markBetterAuthPasswordChecked(store: KeyValueStore, session: SessionTimes, nowMs: number): Promise<void> {
  const ttlSeconds = ttlUntil(new Date(session.expiresAt).getTime(), nowMs);
  await store.write([{ op: "set", key: passwordCheckedKey(session.id), value: String(nowMs), ttlSeconds }]);
}
