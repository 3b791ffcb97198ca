import { z } from "zod";
import { SECONDS_PER_DAY, defineSection, positiveSeconds, secret, sharedSection } from "../config";
import { cookieName } from "../cookies";

/**
 * The variables Better Auth reads its base URL from when none is passed (BASE_URL unless "/").
 * This app passes none on purpose (lib/better-auth/auth.ts): it answers on any hostname, and its
 * Origin rule is the Host each request came to. Set, one would be trusted as an origin on every
 * request and fix Better Auth's links to one host, unchecked: refused, by name.
 */
const BASE_URL_VARIABLES = ["BETTER_AUTH_URL", "NEXT_PUBLIC_BETTER_AUTH_URL", "PUBLIC_BETTER_AUTH_URL", "NUXT_PUBLIC_BETTER_AUTH_URL", "NUXT_PUBLIC_AUTH_URL", "BASE_URL"] as const;
const refusedBaseUrl = (name: (typeof BASE_URL_VARIABLES)[number]) =>
  z.string().optional().refine(
    (value) => !value || (name === "BASE_URL" && value === "/"),
    `${name} is set. Better Auth would take it as its base URL: it would trust that origin on every request, besides the host the request came to, and build its links from it, though this app answers on any hostname and needs no base URL. Remove ${name}.`,
  );

/**
 * The Better Auth lane's variables, and the names it gives its cookies. Edge-safe: middleware
 * reads the cookie names from here.
 */
export const betterAuthSection = defineSection(
  z.object({
    // Better Auth's own variable name; it signs the session cookie and the cookie cache. Changing
    // it signs every user of the lane out: Better Auth 1.7 checks signatures with one secret
    // (docs/deploying.md, "Rotating the signing keys").
    BETTER_AUTH_SECRET: secret("BETTER_AUTH_SECRET"),
    // Better Auth's rotation list ("2:new,1:old"), refused: Better Auth reads it from the
    // environment over the secret this app passes, unchecked, and it rotates encryption only (the
    // older entries decrypt; cookies are still signed and checked with the first alone), which
    // this lane does not use. Set to the empty string, it is as unset.
    BETTER_AUTH_SECRETS: z.string().optional().refine((value) => !value, "BETTER_AUTH_SECRETS is set. This app signs Better Auth's cookies with BETTER_AUTH_SECRET alone; Better Auth would take the first entry of BETTER_AUTH_SECRETS instead, unchecked, and its older entries would keep nobody signed in (they only decrypt). Remove BETTER_AUTH_SECRETS and set BETTER_AUTH_SECRET (see docs/deploying.md, rotating the signing keys)."),
    BETTER_AUTH_SESSION_MAX_AGE_SECONDS: positiveSeconds(7 * SECONDS_PER_DAY),
    ...Object.fromEntries(BASE_URL_VARIABLES.map((name) => [name, refusedBaseUrl(name)])),
  }),
  () => ({
    BETTER_AUTH_SECRET: process.env.BETTER_AUTH_SECRET,
    BETTER_AUTH_SECRETS: process.env.BETTER_AUTH_SECRETS,
    BETTER_AUTH_SESSION_MAX_AGE_SECONDS: process.env.BETTER_AUTH_SESSION_MAX_AGE_SECONDS,
    ...Object.fromEntries(BASE_URL_VARIABLES.map((name) => [name, process.env[name]])),
  }),
);
/** `maxDevices`: live sessions per user at most, the session lane's limit (its `maxDevices`, from sharedSection in lib/config.ts). */
export const betterAuthConfig = () => {
  const e = betterAuthSection.get();
  return { secret: e.BETTER_AUTH_SECRET, sessionMaxAgeSeconds: e.BETTER_AUTH_SESSION_MAX_AGE_SECONDS, maxDevices: sharedSection.get().maxDevices };
};

/**
 * What Better Auth starts each of its cookie names with (its `advanced.cookiePrefix`): the
 * session cookie is `<prefix>.session_token` (the session's id, signed), the cookie cache
 * `<prefix>.session_data`. In production `__Host-better-auth`, so every cookie Better Auth sets
 * carries the `__Host-` prefix the other lanes' cookies carry (lib/cookies.ts): the browser takes
 * it only Secure, with `Path=/` and no `Domain`, so a sibling subdomain or a plain-http page
 * cannot plant one. Better Auth 1.7 itself only knows `__Secure-` (lib/better-auth/auth.ts).
 */
export const BETTER_AUTH_COOKIE_PREFIX = cookieName("better-auth");
export const BETTER_AUTH_SESSION_COOKIE = `${BETTER_AUTH_COOKIE_PREFIX}.session_token`;
export const BETTER_AUTH_CACHE_COOKIE = `${BETTER_AUTH_COOKIE_PREFIX}.session_data`;

// #region cookie-cache-choice
/**
 * The cookie cache, a demo switch: off, or on with a `maxAge` (seconds). Better Auth's
 * default is off; when on, its default maxAge is 5 minutes. The browser's choice is kept in a
 * plain (non-credential) cookie; the age a cache cookie may reach is signed into it when it is
 * issued, so choosing a longer one later cannot stretch a copy already made.
 */
export const COOKIE_CACHE_CHOICES = [0, 10, 30, 300] as const;
export type CookieCacheSeconds = (typeof COOKIE_CACHE_CHOICES)[number];
/** `__Host-` in production like every cookie of the app: a sibling subdomain cannot choose the cache for this browser. */
export const COOKIE_CACHE_PREFERENCE = cookieName("better-auth-demo-cookie-cache");

export function parseCookieCacheChoice(value: string | undefined | null): CookieCacheSeconds {
  const seconds = Number(value);
  return (COOKIE_CACHE_CHOICES as readonly number[]).includes(seconds) ? (seconds as CookieCacheSeconds) : 0;
}

/** The choice a browser's cookies carry (a request's `cookies`, or `cookies()` in a page or action). */
export const cookieCacheChoiceIn = (jar: { get(name: string): { value: string } | undefined }): CookieCacheSeconds =>
  parseCookieCacheChoice(jar.get(COOKIE_CACHE_PREFERENCE)?.value);
// #endregion cookie-cache-choice
