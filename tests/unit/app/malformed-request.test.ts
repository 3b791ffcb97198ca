import { describe, expect, it } from "vitest";
import { MALFORMED_MESSAGES, isHostAndPort, malformation, malformedRequestResponse } from "@/app/malformed-request";

const request = (headers: Record<string, string>, pathname = "/") => ({ headers: new Headers(headers), nextUrl: { pathname } });

describe("isHostAndPort", () => {
  it.each(["app.example", "app.example:8443", "localhost:3000", "127.0.0.1", "[::1]", "[::1]:3000", "my_service:80", "app.example.", "app.example.:8443", "APP.example:1", "app.example:65535"])(
    "accepts %s",
    (value) => expect(isHostAndPort(value)).toBe(true),
  );
  it.each(["", "a b", "a.example, b.example", "app.example:99999", "app.example:0", "::1", "app.example:", "http://app.example", "app.example/x", "-app.example", "a..example", "app.example..", ".app.example", "app.example:8o", "x".repeat(300)])(
    "refuses %j",
    (value) => expect(isHostAndPort(value)).toBe(false),
  );
});

describe("malformation", () => {
  it("passes a request a proxy forwarded honestly", () => {
    expect(malformation(request({ host: "127.0.0.1:3000", "x-forwarded-host": "app.example", "x-forwarded-proto": "https" }, "/authjs/dashboard"))).toBeNull();
    expect(malformation(request({ "next-action": "60b994dde382ef3b4a66665e0ccef450753a6c5559" }, "/authjs/login"))).toBeNull();
    expect(malformation(request({}, "/docs/%E2%9C%93"))).toBeNull();
    // A scheme's case does not matter: a proxy that writes HTTPS is honest too.
    expect(malformation(request({ "x-forwarded-proto": "HTTPS" }, "/"))).toBeNull();
  });
  it.each([
    [{ "x-forwarded-host": "a b" }, "/", "x-forwarded-host"],
    [{ host: "a b" }, "/", "host"],
    [{ "x-forwarded-proto": "https, http" }, "/", "x-forwarded-proto"],
    [{ "x-forwarded-proto": "HTTPS, http" }, "/", "x-forwarded-proto"],
    [{ "next-action": "garbage" }, "/", "next-action"],
    [{}, "/docs/%E0%A4%A", "path"],
  ] as const)("names what is wrong in %j %s", (headers, pathname, what) => {
    expect(malformation(request(headers, pathname))).toBe(what);
  });
});

describe("malformedRequestResponse", () => {
  it("answers JSON under /api, a page to a browser navigating, and text otherwise, never the value sent", async () => {
    const api = malformedRequestResponse(request({ "x-forwarded-host": "a b" }, "/api/authjs/me"), "x-forwarded-host");
    expect(api.status).toBe(400);
    expect(await api.json()).toEqual({ error: MALFORMED_MESSAGES["x-forwarded-host"], reason: "malformed-request" });
    const page = malformedRequestResponse(request({ "sec-fetch-mode": "navigate" }), "x-forwarded-proto");
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await page.text()).toContain(MALFORMED_MESSAGES["x-forwarded-proto"]);
    const text = malformedRequestResponse(request({}), "next-action");
    expect(await text.text()).toBe(MALFORMED_MESSAGES["next-action"]);
  });
});
