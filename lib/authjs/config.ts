import { z } from "zod";
import { defineSection, positiveSeconds, withShared } from "../config";
import { notReused, previousSecrets, rotatableSecret } from "../signing-keys";

/** The Auth.js lane's variables: its own secret, and how long its cookie and a sign-in last. */
export const authjsSection = withShared(
  defineSection(
    z.object({
      AUTH_SECRET: rotatableSecret("AUTH_SECRET"),
      // Key rotation: older secrets that only decrypt (Auth.js takes its secret as a list, newest first).
      AUTH_SECRET_PREVIOUS: previousSecrets("AUTH_SECRET_PREVIOUS"),
      AUTHJS_SESSION_MAX_AGE_SECONDS: positiveSeconds(60 * 60),
    }).refine(...notReused("AUTH_SECRET", "AUTH_SECRET_PREVIOUS")),
    () => ({
      AUTH_SECRET: process.env.AUTH_SECRET,
      AUTH_SECRET_PREVIOUS: process.env.AUTH_SECRET_PREVIOUS,
      AUTHJS_SESSION_MAX_AGE_SECONDS: process.env.AUTHJS_SESSION_MAX_AGE_SECONDS,
    }),
  ),
  (e, shared) => ({
    secret: e.AUTH_SECRET,
    /** What Auth.js is given: the first encrypts, every one decrypts. */
    secrets: [e.AUTH_SECRET, ...e.AUTH_SECRET_PREVIOUS],
    sessionMaxAgeSeconds: e.AUTHJS_SESSION_MAX_AGE_SECONDS,
    /** Auth.js re-issues its cookie on use: a sign-in ends this long after it began, whatever the activity. */
    absoluteTtlSeconds: shared.absoluteTtlSeconds,
  }),
);
export const authjsConfig = authjsSection.get;
