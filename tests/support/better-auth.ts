import type { KeyValueStore } from "@/lib/store";
import type { BetterAuth } from "@/lib/better-auth/auth";
import { apiErrorStatus, refusedSignIn } from "@/lib/better-auth/errors";
import { withLoginLimiter } from "@/lib/better-auth/sign-in";

/**
 * A browser, for tests that call Better Auth's API directly (tests/unit/better-auth/): it keeps
 * the cookies Better Auth's answers set, drops the ones they expire, and sends the rest back.
 */
export class TestBrowser {
  private readonly jar = new Map<string, string>();

  constructor(private readonly userAgent = "TestBrowser/1.0") {}

  headers(): Headers {
    return new Headers({ cookie: [...this.jar].map(([name, value]) => `${name}=${value}`).join("; "), "user-agent": this.userAgent });
  }

  cookie(name: string): string | undefined {
    return this.jar.get(name);
  }

  /** Applies an answer's Set-Cookie lines, as a browser does. */
  take(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";");
      const at = pair.indexOf("=");
      const [name, value] = [pair.slice(0, at).trim(), pair.slice(at + 1).trim()];
      if (value === "" || attributes.some((a) => /^\s*max-age=0\s*$/i.test(a))) this.jar.delete(name);
      else this.jar.set(name, value);
    }
  }

  /** Another browser holding a copy of these cookies (a thief's). */
  copy(): TestBrowser {
    const thief = new TestBrowser("Thief/1.0");
    for (const [name, value] of this.jar) thief.jar.set(name, value);
    return thief;
  }
}

/**
 * Signs `browser` in the way the lane's login action does (app/better-auth/actions.ts): Better
 * Auth's username sign-in, behind the shared login limiter; a refusal (refusedSignIn) is a wrong password.
 */
export function signIn(auth: BetterAuth, browser: TestBrowser, username: string, password: string) {
  return withLoginLimiter(username, browser.headers(), async () => {
    try {
      const answer = await auth.api.signInUsername({ body: { username, password }, headers: browser.headers(), returnHeaders: true });
      browser.take(answer.headers);
      return true;
    } catch (error) {
      if (refusedSignIn(apiErrorStatus(error))) return false;
      throw error;
    }
  }, (signedIn) => signedIn);
}

/** Better Auth's getSession for `browser`, taking the cookies it sets (a cache re-issued, or cleared). */
export async function getSession(auth: BetterAuth, browser: TestBrowser) {
  const answer = await auth.api.getSession({ headers: browser.headers(), returnHeaders: true });
  browser.take(answer.headers);
  return answer.response;
}

/** A store that notes each call (method and first key) before passing it on: round trips, counted. */
export function recordingStore(inner: KeyValueStore): { store: KeyValueStore; calls: string[] } {
  const calls: string[] = [];
  const store = new Proxy(inner, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        const first = args[0];
        const key = typeof first === "string" ? first : Array.isArray(first) ? (first[0] as { key?: string } | undefined)?.key ?? "" : (first as { key?: string } | undefined)?.key ?? "";
        calls.push(`${String(property)} ${key}`);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store, calls };
}
