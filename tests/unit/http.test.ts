import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { isCrossOriginWrite, parseJsonBody, safeNextPath, storeUnavailableResponse, MAX_JSON_BODY_BYTES } from "@/lib/http";
import { loginUrl } from "@/app/lane";
import { credentialsSchema } from "@/lib/validation";

const post = (headers: Record<string, string>, body = "{}") =>
  new Request("http://app.test/api/x", { method: "POST", headers: { host: "app.test", ...headers }, body });

describe("safeNextPath", () => {
  it.each([
    ["/jwt/admin", "/jwt/admin"],
    ["/session/dashboard?tab=1#top", "/session/dashboard?tab=1#top"],
    ["/a/../jwt/admin", "/jwt/admin"],
  ])("keeps the same-site path %s", (input, expected) => {
    expect(safeNextPath(input, "/fallback")).toBe(expected);
  });

  it.each([
    "//evil.example/x",
    "/\\evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "evil.example",
    "/jwt\n/admin",
    "/%2F%2Fevil.example",
    "/.//evil.example",
    "/a/..//evil.example",
    "/%2f%5cevil.example",
    "/%5C%5Cevil.example",
    "https:evil.example",
    "/api/jwt/logout",
    "/api",
    "/%E0%A4%A",
    "",
    null,
  ])("falls back for %j", (input) => {
    expect(safeNextPath(input, "/fallback")).toBe("/fallback");
  });

  it("login URLs carry next and, when there is one, the reason", () => {
    expect(loginUrl("/jwt/login", "/jwt/admin", "expired")).toBe("/jwt/login?next=%2Fjwt%2Fadmin&reason=expired");
    expect(loginUrl("/jwt/login", "/jwt/admin", "missing")).toBe("/jwt/login?next=%2Fjwt%2Fadmin");
  });
});

describe("isCrossOriginWrite", () => {
  it("refuses a write from another origin or from the opaque null origin", () => {
    expect(isCrossOriginWrite(post({ origin: "https://evil.example" }))).toBe(true);
    expect(isCrossOriginWrite(post({ origin: "null" }))).toBe(true);
    expect(isCrossOriginWrite(post({ origin: "http://app.test:8080" }))).toBe(true);
  });

  it("refuses a write without Origin that the browser marks Sec-Fetch-Site: cross-site", () => {
    expect(isCrossOriginWrite(post({ "sec-fetch-site": "cross-site" }))).toBe(true);
    expect(isCrossOriginWrite(post({ "sec-fetch-site": "same-origin" }))).toBe(false);
  });

  it("does not check Bearer-only calls (no cookie), but does check a request carrying both", () => {
    expect(isCrossOriginWrite(post({ origin: "https://evil.example", authorization: "Bearer abc" }))).toBe(false);
    expect(isCrossOriginWrite(post({ origin: "https://evil.example", authorization: "Bearer abc", cookie: "sid=x" }))).toBe(true);
  });

  it("accepts a same-origin write, a write without Origin, and any read", () => {
    expect(isCrossOriginWrite(post({ origin: "http://app.test" }))).toBe(false);
    expect(isCrossOriginWrite(post({}))).toBe(false);
    expect(isCrossOriginWrite(new Request("http://app.test/", { headers: { origin: "https://evil.example" } }))).toBe(false);
  });
});

describe("parseJsonBody", () => {
  async function statusAndError(body: string) {
    const result = await parseJsonBody(post({ "content-type": "application/json" }, body), credentialsSchema);
    if (result.ok) return { status: 200, error: "" };
    return { status: result.response.status, error: ((await result.response.json()) as { error: string }).error };
  }

  it("malformed JSON is a 400 that says so", async () => {
    expect(await statusAndError('{"username":')).toEqual({ status: 400, error: "Request body must be valid JSON." });
  });

  it("wrong types are a 400 naming the field", async () => {
    expect(await statusAndError('{"username":42,"password":"x"}')).toEqual({ status: 400, error: "username must be a string." });
  });

  it("empty and oversized fields are a 400 with a plain message", async () => {
    expect((await statusAndError('{"username":" ","password":"x"}')).error).toBe("Enter your username.");
    expect(await statusAndError(JSON.stringify({ username: "a".repeat(65), password: "x" }))).toEqual({
      status: 400,
      error: "Username is too long (at most 64 characters).",
    });
  });

  it("a body over the limit is a 413", async () => {
    expect((await statusAndError(JSON.stringify({ username: "a", password: "p".repeat(MAX_JSON_BODY_BYTES) }))).status).toBe(413);
  });

  it("a chunked body with no Content-Length is cut off at the limit, not read whole", async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new TextEncoder().encode("x".repeat(1024)));
      },
    });
    const request = new Request("http://app.test/api/x", { method: "POST", body: endless, duplex: "half" } as RequestInit);
    const result = await parseJsonBody(request, credentialsSchema);
    expect(result.ok === false && result.response.status).toBe(413);
    expect(pulled).toBeLessThan(10);
  });

  it("a valid body is parsed and trimmed", async () => {
    const result = await parseJsonBody(post({}, '{"username":" alice ","password":"pw"}'), credentialsSchema);
    expect(result).toEqual({ ok: true, data: { username: "alice", password: "pw" } });
  });
});

describe("properties (fast-check)", () => {
  it("safeNextPath never throws, and whatever it returns is a same-site page path", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.webUrl(), fc.webPath(), fc.string({ unit: "binary" })), (input) => {
        const result = safeNextPath(input, "/jwt/dashboard");
        expect(result.startsWith("/")).toBe(true);
        expect(result.startsWith("//")).toBe(false);
        expect(result.includes("\\")).toBe(false);
        expect(/^\/api(\/|$)/.test(result)).toBe(false);
        expect(new URL(result, "http://x.invalid").origin).toBe("http://x.invalid");
      }),
      { numRuns: 2000 },
    );
  }, 30_000); // thousands of generated inputs: more than the default 5 s when the machine is busy

  it("the body parser answers every input with a 4xx or data, never an exception", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.json(), fc.string({ unit: "binary", maxLength: 6000 })), async (body) => {
        const result = await parseJsonBody(post({}, body), credentialsSchema);
        if (!result.ok) expect([400, 413]).toContain(result.response.status);
      }),
      { numRuns: 500 },
    );
  });
});

describe("storeUnavailableResponse: the page for a browser navigating, JSON for everything else", () => {
  const answer = (headers: Record<string, string>) => storeUnavailableResponse({ headers: new Headers(headers) });
  it("a navigation gets the page", async () => {
    for (const headers of [{ "sec-fetch-mode": "navigate" }, { accept: "text/html,application/xhtml+xml,*/*;q=0.8" }] as Record<string, string>[]) {
      const response = answer(headers);
      expect(response.status).toBe(503);
      expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
      const page = await response.text();
      expect(page).toContain("503 — session store unavailable");
      // Never "you have not been signed out": a sign-out the store did not answer may have landed.
      expect(page).toContain("A sign-out sent just now may not have been recorded");
      expect(page).not.toMatch(/not<\/strong> been signed out/);
      expect(page).toContain('<meta name="color-scheme" content="light dark">'); // readable in a dark browser (black on black without it)
    }
  });
  it("a fetch that merely accepts HTML, or accepts anything, gets JSON", async () => {
    for (const headers of [{ accept: "application/json, text/html;q=0.1" }, { accept: "*/*" }, {}, { "sec-fetch-mode": "cors", accept: "*/*" }] as Record<string, string>[]) {
      const response = answer(headers);
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("5");
      expect(await response.json()).toMatchObject({ reason: "unavailable" });
    }
  });
});
