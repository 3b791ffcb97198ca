import { describe, expect, it } from "vitest";
import { credentialCookieValue, parseCookieHeader, readCredentialCookie } from "@/lib/cookies";

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
});
