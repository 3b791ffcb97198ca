/** Signing in to a server the bench started (bench/request-scenarios.ts, bench/profile.ts): bob's cookies. */

/** The `name=value` of the first Set-Cookie whose name matches (and has a value). */
export function cookieFrom(response: Response, name: RegExp): string {
  for (const header of response.headers.getSetCookie()) {
    const pair = header.split(";")[0];
    if (name.test(pair.split("=")[0]) && pair.split("=")[1]) return pair;
  }
  throw new Error(`no cookie matching ${name} in the response (HTTP ${response.status})`);
}

export const json = (body: unknown) => ({ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
export const BOB = { username: "bob", password: "battery-staple" };

/** The JWT lane with these revocation checks: the access-token cookie, and every cookie set. */
export async function loginJwt(base: string, checks: string[]) {
  const response = await fetch(`${base}/api/jwt/login`, json({ ...BOB, checks }));
  const cookies = response.headers.getSetCookie().map((c) => c.split(";")[0]);
  return { jwt: cookieFrom(response, /^__Host-jwt$/), all: cookies };
}

export async function loginSession(base: string) {
  return cookieFrom(await fetch(`${base}/api/session/login`, json(BOB)), /^__Host-sid$/);
}

/** Auth.js's credentials sign-in, ready to send: its CSRF cookie and the form body. */
export async function authjsLoginRequest(base: string) {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  return {
    cookie: cookieFrom(csrf, /authjs\.csrf-token$/),
    body: new URLSearchParams({ csrfToken, ...BOB }).toString(),
  };
}

export async function loginAuthjs(base: string) {
  const request = await authjsLoginRequest(base);
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: request.cookie },
    body: request.body,
    redirect: "manual",
  });
  return cookieFrom(response, /authjs\.session-token$/);
}

/** Better Auth's session cookie name under `next start` (production: `__Host-`, lib/better-auth/config.ts). */
const BETTER_AUTH_SESSION = /^__Host-better-auth\.session_token$/;
/** The demo switch's cookie (lib/better-auth/config.ts COOKIE_CACHE_PREFERENCE): the cookie cache on, 5 minutes. */
export const BETTER_AUTH_CACHE_ON = "__Host-better-auth-demo-cookie-cache=300";

/** The Better Auth lane's JSON sign-in (behind the shared login limiter): its session cookie. */
export async function loginBetterAuth(base: string) {
  return cookieFrom(await fetch(`${base}/api/better-auth/sign-in/username`, json(BOB)), BETTER_AUTH_SESSION);
}

/**
 * The cookies of a Better Auth request answered from its cookie cache: the session cookie, the
 * switch set to 5 minutes, and a cache cookie issued just now (by getSession, read from the
 * store once), so a run never outlives it and falls back to the store.
 */
export async function betterAuthWithCookieCache(base: string, sessionCookie: string) {
  const cookie = `${sessionCookie}; ${BETTER_AUTH_CACHE_ON}`;
  const response = await fetch(`${base}/api/better-auth/get-session`, { headers: { cookie } });
  return `${cookie}; ${cookieFrom(response, /^__Host-better-auth\.session_data$/)}`;
}
