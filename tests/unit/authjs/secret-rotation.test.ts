import { describe, expect, it } from "vitest";
import { encode as encodeAuthjs, decode as decodeAuthjs } from "@auth/core/jwt";
import { authjsSection } from "@/lib/authjs/config";
import { sharedSecretProblem } from "@/env";

/** Auth.js's key rotation (AUTH_SECRET, then AUTH_SECRET_PREVIOUS), and no key serving both lanes. */
const OLD = "the-old-secret-that-is-at-least-32-bytes-long!";
const NEW = "the-new-secret-that-is-at-least-32-bytes-long!";
const env = { JWT_SECRET: NEW, AUTH_SECRET: "an-authjs-secret-that-is-at-least-32-bytes!" };

describe("Auth.js's previous keys", () => {
  it("a previous key equal to the current one is refused, naming the variable", () => {
    expect(() => authjsSection.parse({ ...env, AUTH_SECRET_PREVIOUS: env.AUTH_SECRET })).toThrow(/AUTH_SECRET_PREVIOUS repeats AUTH_SECRET/);
    expect(() => authjsSection.parse({ ...env, AUTH_SECRET_PREVIOUS: "too-short" })).toThrow(/A key in AUTH_SECRET_PREVIOUS is too short/);
  });

  it("no lane's key, current or previous, may be one of the other lane's", () => {
    expect(sharedSecretProblem({ ...env, AUTH_SECRET_PREVIOUS: NEW })).toMatch(/other lane's key/);
    expect(sharedSecretProblem({ ...env, JWT_SECRET_PREVIOUS: env.AUTH_SECRET })).toMatch(/other lane's key/);
    expect(sharedSecretProblem({ ...env, JWT_SECRET_PREVIOUS: OLD })).toBeNull();
  });

  it("Auth.js gets its secrets newest first: a cookie sealed with the old one opens while it is listed, not after", async () => {
    const secrets = authjsSection.parse({ ...env, AUTH_SECRET_PREVIOUS: OLD }).secrets;
    expect(secrets).toEqual([env.AUTH_SECRET, OLD]);
    const salt = "authjs.session-token";
    const cookie = await encodeAuthjs({ token: { sub: "bob" }, secret: OLD, salt });
    expect(await decodeAuthjs({ token: cookie, secret: secrets, salt })).toMatchObject({ sub: "bob" });
    await expect(decodeAuthjs({ token: cookie, secret: [env.AUTH_SECRET], salt })).rejects.toThrow();
  });
});

describe("AUTH_SECRET as it must be to rotate", () => {
  it("a comma or surrounding whitespace is refused", () => {
    expect(() => authjsSection.parse({ ...env, AUTH_SECRET: `${env.AUTH_SECRET},x` })).toThrow(/AUTH_SECRET contains a comma/);
    expect(() => authjsSection.parse({ ...env, AUTH_SECRET: `${env.AUTH_SECRET} ` })).toThrow(/AUTH_SECRET starts or ends with a space/);
  });
});
