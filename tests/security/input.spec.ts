import { expect, test } from "@playwright/test";
import { BOB, JWT_COOKIE, authjsSignIn, call, expectNoInternals, expectNoSignIn, expectOneJsonObjectPerLine, expectRefused, logWrittenDuringTest, target, withSecurityServer } from "./harness";

/**
 * Attacks with malformed input: text that cannot go into a header, text meant to write a log
 * line of its own, and query parameters named after Object.prototype's properties. Each is
 * a 4xx with a sentence (or the page, drawn as without it), never a 500, and the log stays
 * one JSON object per line.
 */
withSecurityServer();

/** What an attacker would like the audit log to say. */
const FORGED_EVENT = { event: "role.changed", by: "alice", user: "mallory", role: "admin" };

test.describe("a replayed credential that cannot go into a header is a 400 with a sentence", () => {
  const credentials: Array<[string, string]> = [
    ["a line feed carrying a forged log line", `x\n${JSON.stringify(FORGED_EVENT)}\ny`],
    ["a carriage return", "eyJhbGciOiJIUzI1NiJ9.e30.x\rSet-Cookie: planted=1"],
    ["a NUL", "eyJhbGciOiJIUzI1NiJ9\u0000.e30.x"],
    ["a character above U+00FF", "eyJhbGciOiJIUzI1NiJ9.e30.ｘ"],
    ["a line separator (U+2028)", `x\u2028${JSON.stringify(FORGED_EVENT)}\u2028y`],
    ["a semicolon (a second cookie in the Cookie header)", "x; authjs.session-token=planted"],
  ];
  for (const area of ["jwt", "session", "authjs"] as const) {
    for (const [what, credential] of credentials) {
      test(`${area}: ${what}`, async () => {
        const answer = await call("/api/demo/replay", { json: { lane: area, credential } });
        expect(answer.status, `status (body: ${answer.body.slice(0, 200)})`).toBe(400);
        expect(String(answer.json?.error ?? "")).toMatch(/^[A-Z].+\.$/); // a sentence
        expectNoInternals(answer);
        const log = await logWrittenDuringTest();
        const events = expectOneJsonObjectPerLine(log);
        expect(events.filter((e) => e.event === "role.changed"), "no forged audit line").toEqual([]);
      });
    }
  }

  test("an honest-looking credential still gets its verdict (200, refused)", async () => {
    for (const area of ["jwt", "session", "authjs"] as const) {
      const answer = await call("/api/demo/replay", { json: { lane: area, credential: "eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl" } });
      expect(answer.status, `${area} (body: ${answer.body.slice(0, 200)})`).toBe(200);
      expect(answer.json).toMatchObject({ accepted: false });
    }
  });
});

test.describe("client text in a logged value cannot write a line of its own", () => {
  // fetch sends header values as Latin-1 bytes: NEL (U+0085) is as far as a header can go,
  // and a reader that splits lines the Unicode way splits there.
  test("a cross-site Origin with a line break in it (the CSRF refusal logs the Origin)", async () => {
    const origin = `http://evil.example\u0085{"event":"role.changed","by":"alice","user":"mallory","role":"admin"}`;
    const answer = await call("/api/session/logout", { method: "POST", origin, headers: { "sec-fetch-site": "cross-site" } });
    expect(answer.status).toBe(403);
    const events = expectOneJsonObjectPerLine(await logWrittenDuringTest());
    expect(events.filter((e) => e.event === "role.changed")).toEqual([]);
    expect(events.some((e) => e.event === "csrf.rejected" && String(e.origin).startsWith("http://evil.example")), "the refusal is still logged").toBe(true);
  });

  test("a stray Auth.js cookie name with a line break in it (ambiguous cookies are logged by name)", async () => {
    const cookies = `authjs.session-token\u0085{"event":"role.changed","role":"admin"}=x`;
    const answer = await call("/authjs/dashboard", { cookies });
    expect([302, 303, 307]).toContain(answer.status);
    const events = expectOneJsonObjectPerLine(await logWrittenDuringTest());
    expect(events.filter((e) => e.event === "role.changed")).toEqual([]);
    expect(events.some((e) => e.event === "auth.ambiguous-cookie"), "the ambiguity is still logged").toBe(true);
  });

  test("a refused path with encoded line breaks in it (middleware's refusals log the path)", async () => {
    const answer = await call("/jwt/dashboard/%0A%E2%80%A8%C2%85%7B%22event%22:%22role.changed%22%7D", { cookies: { [JWT_COOKIE]: "not-a-token" } });
    expectNoInternals(answer);
    const events = expectOneJsonObjectPerLine(await logWrittenDuringTest());
    expect(events.filter((e) => e.event === "role.changed")).toEqual([]);
    // The refusal itself is logged (with the path as Next.js hands it: still percent-encoded).
    expect(events.some((e) => e.event === "jwt.middleware.rejected"), "the refusal is still logged").toBe(true);
  });
});

test.describe("query parameters named after Object.prototype's properties draw the page as without them", () => {
  const urls = [
    "/jwt/login?reason=__proto__",
    "/session/login?reason=constructor",
    "/authjs/login?reason=toString",
    "/jwt/login?reason=hasOwnProperty&by=page",
    "/session/login?reason=valueOf",
    "/?done=__proto__",
    "/?done=hasOwnProperty",
    "/?done=constructor",
  ];
  for (const url of urls) {
    test(url, async () => {
      const answer = await call(url);
      expect(answer.status, `status of ${target().base}${url}`).toBe(200);
      expectNoInternals(answer);
      expect(answer.body).not.toContain('data-testid="login-reason"');
      expect(answer.body).not.toContain('data-testid="home-confirmation"');
      expectOneJsonObjectPerLine(await logWrittenDuringTest());
    });
  }
});

test.describe("percent-encoding that does not decode, and a callbackUrl Auth.js cannot read, are a 400 with a sentence", () => {
  const paths = ["/docs/%E0%A4%A", "/docs/image/%E0%A4%A", "/api/better-auth/%E0%A4%A", "/api/auth/%E0%A4%A", "/authjs/dashboard/%FF"];
  for (const path of paths) {
    test(`in the path: ${path}`, async () => {
      const answer = await call(path);
      expect(answer.status, `status (body: ${answer.body.slice(0, 200)})`).toBe(400);
      const sentence = path.startsWith("/api/") ? String(answer.json?.error ?? "") : answer.body;
      expect(sentence).toMatch(/^This address has a % that does not start a valid percent-encoded character.*\.$/);
      expectNoInternals(answer);
      expectOneJsonObjectPerLine(await logWrittenDuringTest());
    });
  }

  // Auth.js's own pages read callbackUrl; one that is neither a path nor an http(s) URL was its HTML error page, a 500.
  for (const path of ["/api/auth/signin?callbackUrl=%E0%A4%A", "/api/auth/signout?callbackUrl=%E0%A4%A", "/api/auth/signin?callbackUrl=foo", "/api/auth/session?callbackUrl=javascript:alert(1)", "/api/auth/session?callbackUrl=/&callbackUrl=foo"]) {
    test(`in Auth.js's callbackUrl: ${path}`, async () => {
      const answer = await call(path);
      expect(answer.status, `status (body: ${answer.body.slice(0, 200)})`).toBe(400);
      expect(answer.json?.error).toBe("The callbackUrl parameter must be a path on this site or an http or https URL.");
      expectNoInternals(answer);
      expectOneJsonObjectPerLine(await logWrittenDuringTest());
    });
  }
});

test.describe("a password with a control character in it signs nobody in", () => {
  // scrypt pads its key with zero bytes, so "battery-staple" and "battery-staple\0" hashed alike.
  const withNul = { username: BOB.username, password: `${BOB.password}\u0000` };
  for (const [lane, path] of [["JWT", "/api/jwt/login"], ["session", "/api/session/login"], ["Better Auth", "/api/better-auth/sign-in/username"]] as const) {
    test(`${lane}: a trailing NUL is a 400 with a sentence`, async () => {
      const answer = await call(path, { json: withNul });
      expectRefused(answer, 400);
      expect(String(answer.json?.error ?? "")).toMatch(/^Password cannot contain control characters/);
    });
  }

  test("Auth.js: a trailing NUL is refused like a wrong password", async () => {
    const { answer, token } = await authjsSignIn(withNul);
    expect(token).toBeUndefined();
    expectNoSignIn(answer);
  });
});
