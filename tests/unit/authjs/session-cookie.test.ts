import { describe, expect, it } from "vitest";
import { ambiguousAuthjsCookieNames, withoutReissuedSessionCookie } from "@/lib/authjs/session-cookie";
import { isBackgroundFetch, isSpeculativePrefetch } from "@/lib/fetch-metadata";

describe("Auth.js session cookie parts to drop (lib/authjs/session-cookie.ts)", () => {
  it("stray look-alikes and parts that contradict each other; other cookies are not its business", () => {
    expect(ambiguousAuthjsCookieNames("jwt=a; jwt=b; sid=b; authjs.session-token=c")).toEqual([]);
    // A stray look-alike is dropped on its own: the real cookie still counts.
    expect(ambiguousAuthjsCookieNames("authjs.session-token=real; authjs.session-tokenZ=x")).toEqual(["authjs.session-tokenZ"]);
    expect(ambiguousAuthjsCookieNames("authjs.session-token.0=a; authjs.session-token.1=b")).toEqual([]);
    expect(ambiguousAuthjsCookieNames("authjs.session-token.0=a; authjs.session-token.x=b")).toEqual(["authjs.session-token.x"]);
    // Parts that contradict each other: all of them go.
    expect(ambiguousAuthjsCookieNames("authjs.session-token=a; authjs.session-token=b")).toEqual(["authjs.session-token"]);
    expect(ambiguousAuthjsCookieNames("authjs.session-token=a; authjs.session-token.0=b").sort()).toEqual(["authjs.session-token", "authjs.session-token.0"]);
    expect(ambiguousAuthjsCookieNames("__Secure-authjs.session-token=a; __Secure-authjs.session-tokenB=b")).toEqual(["__Secure-authjs.session-tokenB"]);
  });
});

describe("Auth.js's callback-url cookie", () => {
  it("is dropped when Auth.js would refuse it (it fails the whole request on it), and kept when it is a path or an http(s) URL", () => {
    for (const name of ["__Secure-authjs.callback-url", "authjs.callback-url"]) {
      for (const planted of ["foo", "javascript:alert(1)", "%E0%A4%A", "data:text/html,x"]) {
        expect(ambiguousAuthjsCookieNames(`authjs.session-token=a; ${name}=${planted}`), `${name}=${planted}`).toEqual([name]);
      }
      for (const fine of ["%2Fauthjs%2Fdashboard", "/authjs", "https://app.example/authjs", ""]) {
        expect(ambiguousAuthjsCookieNames(`${name}=${fine}`), `${name}=${fine}`).toEqual([]);
      }
    }
  });
});

describe("a background fetch does not re-issue the Auth.js session cookie", () => {
  it("tells a fetch or a prefetch from a page load (and curl, with no fetch metadata, from neither)", () => {
    expect(isBackgroundFetch(new Headers({ "sec-fetch-dest": "empty" }))).toBe(true);
    expect(isBackgroundFetch(new Headers({ "sec-purpose": "prefetch" }))).toBe(true);
    expect(isBackgroundFetch(new Headers({ "sec-fetch-dest": "document", "sec-fetch-mode": "navigate" }))).toBe(false);
    expect(isBackgroundFetch(new Headers())).toBe(false);
  });

  it("a speculative prefetch is one the browser names (either header, any case); a client-side fetch is not one", () => {
    expect(isSpeculativePrefetch(new Headers({ "sec-purpose": "prefetch;prerender" }))).toBe(true);
    expect(isSpeculativePrefetch(new Headers({ purpose: "Prefetch" }))).toBe(true);
    expect(isSpeculativePrefetch(new Headers({ "sec-fetch-dest": "empty" }))).toBe(false);
    expect(isSpeculativePrefetch(new Headers())).toBe(false);
  });

  it("drops only the session cookie's Set-Cookie lines, whole or chunked, and keeps the others", () => {
    const response = new Response(null);
    for (const cookie of ["authjs.session-token=abc; Path=/", "__Secure-authjs.session-token.0=def; Path=/", "__Host-auth-refusal=x; Path=/", "authjs.csrf-token=y; Path=/"]) response.headers.append("set-cookie", cookie);
    expect(withoutReissuedSessionCookie(response).headers.getSetCookie()).toEqual(["__Host-auth-refusal=x; Path=/", "authjs.csrf-token=y; Path=/"]);
  });

  it("drops the clearing of the session cookie (an empty value), whole or chunked, as well as a re-issue; other cookies stay", () => {
    const response = new Response(null);
    const lines = [
      "authjs.session-token=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax",
      "authjs.session-token.1=; Path=/; Max-Age=0",
      "__Secure-authjs.session-token=abc; Path=/",
      "authjs.csrf-token=; Path=/",
    ];
    for (const cookie of lines) response.headers.append("set-cookie", cookie);
    expect(withoutReissuedSessionCookie(response).headers.getSetCookie()).toEqual(["authjs.csrf-token=; Path=/"]);
  });
});
