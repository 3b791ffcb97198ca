import { z } from "zod";
import { defineSection, positiveSeconds, secret, withShared } from "../config";

/** The Auth.js lane's variables: its own secret, and how long its cookie and a sign-in last. */
export const authjsSection = withShared(
  defineSection(
    z.object({ AUTH_SECRET: secret("AUTH_SECRET"), AUTHJS_SESSION_MAX_AGE_SECONDS: positiveSeconds(60 * 60) }),
    () => ({ AUTH_SECRET: process.env.AUTH_SECRET, AUTHJS_SESSION_MAX_AGE_SECONDS: process.env.AUTHJS_SESSION_MAX_AGE_SECONDS }),
  ),
  (e, shared) => ({
    secret: e.AUTH_SECRET,
    sessionMaxAgeSeconds: e.AUTHJS_SESSION_MAX_AGE_SECONDS,
    /** Auth.js re-issues its cookie on use: a sign-in ends this long after it began, whatever the activity. */
    absoluteTtlSeconds: shared.absoluteTtlSeconds,
  }),
);
export const authjsConfig = authjsSection.get;
