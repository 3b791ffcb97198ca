import { z } from "zod";
import { DEFAULTS, defineSection, positiveSeconds, secret } from "../config";

/** The Auth.js lane's variables: its own secret, and how long its cookie and a sign-in last. */
export const authjsSection = defineSection(
  z.object({
    AUTH_SECRET: secret("AUTH_SECRET"),
    AUTHJS_SESSION_MAX_AGE_SECONDS: positiveSeconds(60 * 60),
    SESSION_ABSOLUTE_TTL_SECONDS: positiveSeconds(DEFAULTS.SESSION_ABSOLUTE_TTL_SECONDS),
  }).transform((e) => ({
    secret: e.AUTH_SECRET,
    sessionMaxAgeSeconds: e.AUTHJS_SESSION_MAX_AGE_SECONDS,
    /** Auth.js re-issues its cookie on use: a sign-in ends this long after it began, whatever the activity. */
    absoluteTtlSeconds: e.SESSION_ABSOLUTE_TTL_SECONDS,
  })),
  () => ({
    AUTH_SECRET: process.env.AUTH_SECRET,
    AUTHJS_SESSION_MAX_AGE_SECONDS: process.env.AUTHJS_SESSION_MAX_AGE_SECONDS,
    SESSION_ABSOLUTE_TTL_SECONDS: process.env.SESSION_ABSOLUTE_TTL_SECONDS,
  }),
);
export const authjsConfig = authjsSection.get;
