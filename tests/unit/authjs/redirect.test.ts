import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { redirectPath, withRedirectPath } from "@/lib/authjs/redirect";

describe("Auth.js redirects as paths (lib/authjs/redirect.ts)", () => {
  it("keeps only the path, query and fragment of the URL Auth.js built, whatever its origin", () => {
    expect(redirectPath("http://evil.example/authjs/dashboard")).toBe("/authjs/dashboard");
    expect(redirectPath("https://evil.example:8443/authjs/login?error=CredentialsSignin&code=credentials#x")).toBe("/authjs/login?error=CredentialsSignin&code=credentials#x");
    expect(redirectPath("/authjs/login?reason=signed-out")).toBe("/authjs/login?reason=signed-out");
  });

  it("never answers a path a browser would read as another host", () => {
    expect(redirectPath("http://app.example//evil.example/x")).toBe("/evil.example/x");
    expect(redirectPath("http://app.example/\\evil.example/x")).toBe("/evil.example/x");
    expect(redirectPath("//evil.example/x")).toBe("/x");
  });

  it("answers a path on this origin for any text at all: other schemes, backslashes, a URL that does not parse", () => {
    expect(redirectPath("javascript:\\\\evil.example/x")).toBe("/");
    expect(redirectPath("http://h/a?callbackUrl=http%3A%2F%2F%5B")).toBe("/a?callbackUrl=%2F");
    const base = "https://app.example";
    const piece = fc.constantFrom("/", "\\", "//", "javascript:", "foo:", "http:", "https://evil.example", "%2F", "%5C", "?callbackUrl=", "#", ".", "..", "a", "\t", "\n", "@", ":");
    fc.assert(fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
      const path = redirectPath(pieces.join(""));
      expect(new URL(path, base).origin).toBe(base);
    }), { numRuns: 5000 });
  });

  it("makes the callbackUrl of Auth.js's sign-in page redirect a path too", () => {
    const url = `http://evil.example/authjs/login?callbackUrl=${encodeURIComponent("http://evil.example/authjs/dashboard?a=1")}`;
    expect(redirectPath(url)).toBe(`/authjs/login?callbackUrl=${encodeURIComponent("/authjs/dashboard?a=1")}`);
  });

  it("rewrites a response's Location, and leaves an answer without one as it is", () => {
    const redirected = withRedirectPath(Response.redirect("http://evil.example/authjs/dashboard", 302));
    expect(redirected.status).toBe(302);
    expect(redirected.headers.get("location")).toBe("/authjs/dashboard");
    const session = Response.json({ user: { name: "Bob" } });
    expect(withRedirectPath(session)).toBe(session);
  });
});
