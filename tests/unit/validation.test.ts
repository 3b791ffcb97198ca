import { describe, expect, it } from "vitest";
import { credentialsSchema, fieldErrors } from "@/lib/validation";

describe("credentialsSchema", () => {
  it("accepts ordinary credentials, spaces and non-ASCII letters included", () => {
    expect(credentialsSchema.safeParse({ username: " bob ", password: "battery staple ünïcødé" })).toMatchObject({ success: true, data: { username: "bob" } });
  });

  // scrypt pads a password with zero bytes: "battery-staple" and "battery-staple\0" derive the same key.
  it.each(["battery-staple\u0000", "battery-staple\u0000\u0000", "\u0000battery-staple", "battery\nstaple", "battery\tstaple", "battery-staple\u001f", "battery-staple\u007f"])(
    "refuses a password with a control character: %j",
    (password) => {
      const parsed = credentialsSchema.safeParse({ username: "bob", password });
      expect(parsed.success).toBe(false);
      if (!parsed.success) expect(fieldErrors(parsed.error).password).toBe("Password cannot contain control characters (such as NUL or a line break).");
    },
  );

  it.each(["bob\u0000", "b\u0007ob", "bob\u007f"])("refuses a username with a control character: %j", (username) => {
    const parsed = credentialsSchema.safeParse({ username, password: "battery-staple" });
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(fieldErrors(parsed.error).username).toBe("Username cannot contain control characters.");
  });
});
