import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseEnv } from "node:util";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DevEnvError, ensureDevEnv } from "@/scripts/ensure-dev-env";

const GENERATED = ["JWT_SECRET", "AUTH_SECRET", "BETTER_AUTH_SECRET", "THIRD_PARTY_SIGNING_KEYS"];
const USERS_SECRET = "Pq7Wn2Zr5Kt9Xv3Bm6Ly1Hd8Sg4Fc0Je";

describe("scripts/ensure-dev-env.ts (npm run dev's first step)", () => {
  let dir: string;
  const envLocal = () => readFileSync(join(dir, ".env.local"), "utf8");

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "ensure-dev-env-"));
    vi.stubEnv("NODE_ENV", "development"); // as under `npm run dev` (Next.js reads no .env.local under "test")
    for (const name of GENERATED) vi.stubEnv(name, undefined);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    rmSync(dir, { recursive: true, force: true });
  });

  it("a fresh clone gets every secret once, in .env.local; a second run adds nothing", () => {
    expect(ensureDevEnv(dir)).toEqual(GENERATED);
    const written = envLocal();
    expect(Object.keys(parseEnv(written)).sort()).toEqual([...GENERATED].sort());
    expect(ensureDevEnv(dir)).toEqual([]);
    expect(envLocal()).toBe(written);
  });

  it("a .env.local without a final newline keeps its last line: the generated ones start on a line of their own", () => {
    writeFileSync(join(dir, ".env.local"), `REDIS_URL=redis://127.0.0.1:6379\nAUTH_SECRET=${USERS_SECRET}`);
    expect(ensureDevEnv(dir)).toEqual(["JWT_SECRET", "BETTER_AUTH_SECRET", "THIRD_PARTY_SIGNING_KEYS"]);
    const env = parseEnv(envLocal());
    expect(env.AUTH_SECRET).toBe(USERS_SECRET);
    expect(env.REDIS_URL).toBe("redis://127.0.0.1:6379");
    expect(ensureDevEnv(dir)).toEqual([]);
  });

  it("reads what Next.js reads: `export` lines, .env.development and .env count, and nothing is added after them", () => {
    writeFileSync(join(dir, ".env.local"), `export JWT_SECRET=${USERS_SECRET}\n`);
    writeFileSync(join(dir, ".env.development"), `AUTH_SECRET=${USERS_SECRET.split("").reverse().join("")}\n`);
    writeFileSync(join(dir, ".env"), `BETTER_AUTH_SECRET=Vb4Nc8Mx2Kq6Wz0Rt5Yp9Lh3Gs7Dj1Fa\n`);
    expect(ensureDevEnv(dir)).toEqual(["THIRD_PARTY_SIGNING_KEYS"]);
    expect(envLocal().match(/JWT_SECRET=/g)).toHaveLength(1);
  });

  it("a secret with a $ in a file (Next.js would expand it into another value) is refused, naming it and the file, and nothing is written", () => {
    const before = `JWT_SECRET=Pq7Wn2Zr5Kt9$Xv3Bm6Ly1Hd8Sg4Fc0JeAAAAAAAAAAAA\n`;
    writeFileSync(join(dir, ".env.local"), before);
    expect(() => ensureDevEnv(dir)).toThrow(DevEnvError);
    expect(() => ensureDevEnv(dir)).toThrow(/^JWT_SECRET in \.env\.local contains "\$", which Next\.js expands/);
    expect(envLocal()).toBe(before);
  });

  it("a $ escaped as \\$ (which Next.js keeps as it is) is no reason to refuse", () => {
    writeFileSync(join(dir, ".env.local"), `JWT_SECRET=Pq7Wn2Zr5Kt9\\$Xv3Bm6Ly1Hd8Sg4Fc0JeAAAAAAAAAAAA\n`);
    expect(() => ensureDevEnv(dir)).not.toThrow();
  });

  it("a weak secret already set is refused with its problem, not replaced", () => {
    writeFileSync(join(dir, ".env.local"), "JWT_SECRET=short\n");
    expect(() => ensureDevEnv(dir)).toThrow(/JWT_SECRET is too short/);
  });
});
