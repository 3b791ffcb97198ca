/**
 * Run before `next dev` (npm's predev hook): gives a fresh clone working secrets without
 * anyone writing a .env. Missing secrets are generated once into .env.local (git-ignored),
 * so they survive restarts and existing sessions/tokens stay valid across them.
 * Never used for production: there, lib/config.ts refuses to start without real secrets.
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, appendFileSync } from "node:fs";
import { join } from "node:path";
import { secretProblem } from "../lib/config";

const GENERATED_SECRETS = ["JWT_SECRET", "AUTH_SECRET"] as const;
const envFile = join(process.cwd(), ".env.local");

function readDotenv(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  const out: Record<string, string> = {};
  for (const line of readFileSync(path, "utf8").split("\n")) {
    const match = /^\s*([A-Z0-9_]+)\s*=\s*(.*)\s*$/.exec(line);
    if (match) out[match[1]] = match[2].replace(/^["']|["']$/g, "");
  }
  return out;
}

const existing = { ...readDotenv(join(process.cwd(), ".env")), ...readDotenv(envFile) };
const added: string[] = [];
for (const name of GENERATED_SECRETS) {
  const current = process.env[name] ?? existing[name];
  if (current !== undefined && secretProblem(name, current) === null) continue;
  if (current !== undefined) {
    console.error(`[ensure-dev-env] ${secretProblem(name, current)}`);
    process.exit(1);
  }
  appendFileSync(envFile, `${existsSync(envFile) ? "" : "# Generated for development by scripts/ensure-dev-env.ts. Never commit.\n"}${name}=${randomBytes(32).toString("base64url")}\n`);
  added.push(name);
}
if (added.length > 0) console.log(`[ensure-dev-env] generated ${added.join(", ")} into .env.local`);
