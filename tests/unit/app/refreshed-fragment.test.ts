import { describe, expect, it } from "vitest";
import { afterRefreshUrl, refreshedFragment } from "@/app/jwt/routes";

describe("the transparent refresh's way back", () => {
  it("names the new token's jti in a fragment, so only that token's page says it was refreshed", () => {
    expect(afterRefreshUrl("/jwt/dashboard?tab=1", "abc_123")).toBe("/jwt/dashboard?tab=1#refreshed=abc_123");
    expect(refreshedFragment("abc_123")).toBe("#refreshed=abc_123");
  });

  it("keeps a fragment the page was asked with, and adds none without a jti", () => {
    expect(afterRefreshUrl("/jwt/dashboard#dpop", "abc_123")).toBe("/jwt/dashboard#dpop");
    expect(afterRefreshUrl("/jwt/dashboard", undefined)).toBe("/jwt/dashboard");
  });
});
