/**
 * Run before `next dev` (npm's predev hook): gives a fresh clone working secrets without
 * anyone writing a .env. Missing secrets are generated once into .env.local (git-ignored),
 * so they survive restarts and existing sessions/tokens stay valid across them.
 * Never used for production: there, env.ts (via next.config.ts) refuses to start without real secrets.
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, appendFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import nextEnv from "@next/env";
import { secretProblem, ConfigError } from "../lib/config";
import { thirdPartySection } from "../lib/third-party/config";
import { generateSigningJwk } from "./lib/signing-key";

// A CommonJS bundle whose names Node cannot list for an ES import: taken from its default export.
const { loadEnvConfig, resetEnv } = nextEnv;

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

/**
 * Whether the line that sets `name` holds a `$` that Next.js expands (one not escaped as `\$`).
 * Read from the file's text: @next/env hands over only values already expanded.
 */
function expandsInto(contents: string, name: string): boolean {
  const line = contents.split(/\r?\n/).find((text) => new RegExp(`^\\s*(?:export\\s+)?${name}\\s*=`).test(text));
  return line !== undefined && /(^|[^\\])\$/.test(line.slice(line.indexOf("=") + 1));
}

/** A present value this script will not work around; the message says what to change. */
export class DevEnvError extends Error {}

/**
 * Generates each missing secret into `dir`/.env.local and returns their names. What is present
 * is read as `next dev` reads it (@next/env: the shell's environment, then .env.development.local,
 * .env.local, .env.development, .env, with `export` lines and `$` expansion), so a value the app
 * would see is never shadowed by a second one. Throws DevEnvError for a present value that is
 * weak, or that holds a `$` (Next.js would expand it into another, shorter secret).
 */
export function ensureDevEnv(dir: string): string[] {
  const quiet = { info: () => {}, error: (...args: unknown[]) => console.error("[ensure-dev-env]", ...args) };
  resetEnv(); // what the shell set, without what an earlier call loaded from files
  const shell = { ...process.env };
  const { combinedEnv, loadedEnvFiles } = loadEnvConfig(dir, true, quiet, true);
  const envFile = join(dir, ".env.local");
  const added: string[] = [];
  for (const [name, { make, problem }] of Object.entries(GENERATED)) {
    const current = combinedEnv[name];
    if (current !== undefined && shell[name] === undefined) {
      // As written in the file Next.js takes it from (the first that names it), before expansion.
      const file = loadedEnvFiles.find((loaded) => loaded.env[name] !== undefined);
      if (file && expandsInto(file.contents, name)) {
        throw new DevEnvError(`${name} in ${file.path} contains "$", which Next.js expands (it would use another, shorter value). Choose a value without "$", e.g. \`openssl rand -base64 32\`.`);
      }
    }
    if (current !== undefined) {
      const why = problem(current);
      if (why === null) continue;
      throw new DevEnvError(why);
    }
    const before = existsSync(envFile) ? readFileSync(envFile, "utf8") : null;
    const lead = before === null ? "# Generated for development by scripts/ensure-dev-env.ts. Never commit.\n" : before === "" || before.endsWith("\n") ? "" : "\n";
    appendFileSync(envFile, `${lead}${name}=${make()}\n`);
    added.push(name);
  }
  return added;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const added = ensureDevEnv(process.cwd());
    if (added.length > 0) console.log(`[ensure-dev-env] generated ${added.join(", ")} into .env.local`);
  } catch (error) {
    if (!(error instanceof DevEnvError)) throw error;
    console.error(`[ensure-dev-env] ${error.message}`);
    process.exit(1);
  }
}
