import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/third-party/profile/route";
import { mintThirdPartyToken, thirdPartySettingsFromConfig } from "@/lib/third-party/token";

const call = (authorization?: string) =>
  GET(new Request("http://localhost/api/third-party/profile", { headers: authorization ? { authorization } : {} }));

describe("the third party's API (app/api/third-party/profile)", () => {
  it("a 401 without a token challenges with Bearer alone (RFC 6750 §3.1: no error code)", async () => {
    const response = await call();
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="third-party"');
    expect(await response.json()).toEqual({ error: "Token refused by the third party.", reason: "missing" });
  });

  it("a refused token gets invalid_token and the server's description, never the client's text", async () => {
    const expired = await mintThirdPartyToken({ id: "bob", role: "user" }, thirdPartySettingsFromConfig(), Date.now() - 3600_000);
    const response = await call(`Bearer ${expired.token}`);
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="third-party", error="invalid_token", error_description="The token has expired."');
    const junk = await call('Bearer "injected",error="x"');
    expect(junk.headers.get("www-authenticate")).toBe('Bearer realm="third-party", error="invalid_token", error_description="The token is malformed or lacks a required claim."');
  });
});
