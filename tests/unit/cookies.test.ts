import { describe, expect, it } from "vitest";
import { ambiguousCookieNames, credentialCookieValue, parseCookieHeader, readCredentialCookie } from "@/lib/cookies";

describe("reading credential cookies (lib/cookies.ts)", () => {
  it("keeps duplicates and order, and percent-decodes values as Next.js does", () => {
    expect(parseCookieHeader("a=1; b=x%20y;a=2; junk; =v")).toEqual([["a", "1"], ["b", "x y"], ["a", "2"]]);
    expect(parseCookieHeader(null)).toEqual([]);
  });

  it("a credential cookie sent once is read; sent twice it is ambiguous, whichever comes last", () => {
    expect(readCredentialCookie("sid=a; theme=dark", "sid")).toEqual({ status: "present", value: "a" });
    expect(readCredentialCookie("theme=dark", "sid")).toEqual({ status: "missing" });
    expect(readCredentialCookie("sid=a; sid=b", "sid")).toEqual({ status: "ambiguous" });
    expect(readCredentialCookie("sid=a; sid=a", "sid")).toEqual({ status: "ambiguous" });
    expect(credentialCookieValue(new Headers({ cookie: "jwt=a; jwt=b" }), "jwt")).toBeUndefined();
    expect(credentialCookieValue(new Headers({ cookie: "jwt=a" }), "jwt")).toBe("a");
  });

  it("names to drop: duplicated credentials, stray Auth.js look-alikes, ambiguous Auth.js parts", () => {
    const credentials = ["jwt", "sid"];
    expect(ambiguousCookieNames("jwt=a; sid=b; authjs.session-token=c", credentials)).toEqual([]);
    expect(ambiguousCookieNames("jwt=a; jwt=b; sid=c", credentials)).toEqual(["jwt"]);
    // A stray look-alike is dropped on its own: the real cookie still counts.
    expect(ambiguousCookieNames("authjs.session-token=real; authjs.session-tokenZ=x", credentials)).toEqual(["authjs.session-tokenZ"]);
    expect(ambiguousCookieNames("authjs.session-token.0=a; authjs.session-token.1=b", credentials)).toEqual([]);
    expect(ambiguousCookieNames("authjs.session-token.0=a; authjs.session-token.x=b", credentials)).toEqual(["authjs.session-token.x"]);
    // Parts that contradict each other: all of them go.
    expect(ambiguousCookieNames("authjs.session-token=a; authjs.session-token=b", credentials)).toEqual(["authjs.session-token"]);
    expect(ambiguousCookieNames("authjs.session-token=a; authjs.session-token.0=b", credentials).sort()).toEqual(["authjs.session-token", "authjs.session-token.0"]);
    expect(ambiguousCookieNames("__Secure-authjs.session-token=a; __Secure-authjs.session-tokenB=b", credentials)).toEqual(["__Secure-authjs.session-tokenB"]);
  });
});
