/**
 * Run before `next dev` (npm's predev hook): gives a fresh clone working secrets without
 * anyone writing a .env. Missing secrets are generated once into .env.local (git-ignored),
 * so they survive restarts and existing sessions/tokens stay valid across them.
 * Never used for production: there, env.ts (via next.config.ts) refuses to start without real secrets.
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, appendFileSync } from "node:fs";
import { join } from "node:path";
import { secretProblem, ConfigError } from "../lib/config";
import { thirdPartySection } from "../lib/third-party/config";
import { generateSigningJwk } from "./lib/signing-key";

/** What each generated variable gets, and how to tell whether a present value is fine. */
const GENERATED: Record<string, { make: () => string; problem: (value: string) => string | null }> = {
  JWT_SECRET: { make: () => randomBytes(32).toString("base64url"), problem: (v) => secretProblem("JWT_SECRET", v) },
  AUTH_SECRET: { make: () => randomBytes(32).toString("base64url"), problem: (v) => secretProblem("AUTH_SECRET", v) },
  BETTER_AUTH_SECRET: { make: () => randomBytes(32).toString("base64url"), problem: (v) => secretProblem("BETTER_AUTH_SECRET", v) },
  THIRD_PARTY_SIGNING_KEYS: {
    make: () => `'${JSON.stringify([generateSigningJwk()])}'`,
    problem: (v) => signingKeysProblem(v),
  },
};

function signingKeysProblem(value: string): string | null {
  try {
    thirdPartySection.parse({ THIRD_PARTY_SIGNING_KEYS: value });
    return null;
  } catch (error) {
    return error instanceof ConfigError ? error.problems.join(" ") : String(error);
  }
}
const envFile = join(process.cwd(), ".env.local");

function readDotenv(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  const out: Record<string, string> = {};
  for (const line of readFileSync(path, "utf8").split("\n")) {
    const match = /^\s*([A-Z0-9_]+)\s*=\s*(.*)\s*$/.exec(line);
    if (match) out[match[1]] = match[2].replace(/^(["'])(.*)\1$/, "$2");
  }
  return out;
}

const existing = { ...readDotenv(join(process.cwd(), ".env")), ...readDotenv(envFile) };
const added: string[] = [];
for (const [name, { make, problem }] of Object.entries(GENERATED)) {
  const current = process.env[name] ?? existing[name];
  if (current !== undefined && problem(current) === null) continue;
  if (current !== undefined) {
    console.error(`[ensure-dev-env] ${problem(current)}`);
    process.exit(1);
  }
  appendFileSync(envFile, `${existsSync(envFile) ? "" : "# Generated for development by scripts/ensure-dev-env.ts. Never commit.\n"}${name}=${make()}\n`);
  added.push(name);
}
if (added.length > 0) console.log(`[ensure-dev-env] generated ${added.join(", ")} into .env.local`);
