import { z } from "zod";
// Relative imports: env.ts (loaded by next.config.ts, outside the app's bundler) imports this file.
import { IS_PRODUCTION, defineSection } from "../../lib/config";
import { getStore } from "../../lib/store";
import { logAuthEvent } from "../../lib/log";

/**
 * "Reset demo": wipes the store, so every lockout, role change, token version, session,
 * refresh family and denylist entry is gone, and the demo users can sign in again at once.
 * On in development; in production only with DEMO_RESET_ENABLED=true (a public demo that
 * anyone may reset). It empties the whole store: point it only at a store of its own.
 */
export const demoSection = defineSection(
  z.object({
    DEMO_RESET_ENABLED: z.enum(["true", "false"], { error: 'DEMO_RESET_ENABLED must be "true" or "false".' }).optional(),
  }).transform((e) => ({ resetEnabled: e.DEMO_RESET_ENABLED === undefined ? !IS_PRODUCTION : e.DEMO_RESET_ENABLED === "true" })),
  () => ({ DEMO_RESET_ENABLED: process.env.DEMO_RESET_ENABLED || undefined }),
);

export const demoResetEnabled = () => demoSection.get().resetEnabled;

/** What the reset clears, in words the page shows after it. */
export const RESET_DONE_MESSAGE =
  "Demo reset: every sign-in, lockout, role change, token version, refresh family and denylist entry is gone. Sign in again in any lane.";

export async function resetDemo(): Promise<void> {
  await getStore().clear();
  logAuthEvent("demo.reset", {});
}
