import { describe, expect, it } from "vitest";
import { ambiguousAuthjsCookieNames } from "@/lib/authjs/session-cookie";

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
