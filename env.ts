import { ConfigError, type ConfigSection, type RawEnv } from "./lib/config";
import { storeSection } from "./lib/store";
import { loginLimitsSection } from "./lib/security/login";
import { tokenVersionSection } from "./lib/token-version";
import { sessionSection } from "./lib/session";
import { jwtSection } from "./lib/jwt";
import { authjsSection } from "./lib/authjs/config";
import { betterAuthSection } from "./lib/better-auth/config";
import { thirdPartySection } from "./lib/third-party/config";
import { demoSection } from "./app/demo/reset";
import { benchFixturesSection } from "./app/bench/fixtures-enabled";
import { stepUpSection } from "./lib/step-up";

/**
 * The whole app's configuration: every section of every lane this app serves, checked
 * together when the server starts (next.config.ts), so a missing or weak secret stops
 * `next start` with a message naming the variable. Each lane reads its own section on first
 * use (lib/jwt.ts, lib/session.ts, …); this file is where they meet.
 */
const SECTIONS = {
  store: storeSection,
  loginLimits: loginLimitsSection,
  tokenVersion: tokenVersionSection,
  stepUp: stepUpSection,
  session: sessionSection,
  jwt: jwtSection,
  authjs: authjsSection,
  betterAuth: betterAuthSection,
  thirdParty: thirdPartySection,
  demo: demoSection,
  benchFixtures: benchFixturesSection,
};
type Sections = typeof SECTIONS;
export type SectionName = keyof Sections;
type Output<S> = S extends ConfigSection<infer T> ? T : never;
export type AppConfig = { [K in SectionName]: Output<Sections[K]> };

/**
 * Secrets that must differ: one leaked or cracked key must not open the other lane too, nor
 * may a key retired from one lane (its *_PREVIOUS list) be the other's.
 */
export function sharedSecretProblem(env: RawEnv): string | null {
  if (env.JWT_SECRET && env.JWT_SECRET === env.AUTH_SECRET) {
    return "JWT_SECRET and AUTH_SECRET are the same value. Give AUTH_SECRET its own random value, e.g. `openssl rand -base64 32`.";
  }
  const other = ["JWT_SECRET", "JWT_SECRET_PREVIOUS", "AUTH_SECRET", "AUTH_SECRET_PREVIOUS"].find((name) =>
    env.BETTER_AUTH_SECRET && (env[name] ?? "").split(",").map((key) => key.trim()).includes(env.BETTER_AUTH_SECRET.trim()));
  if (other) return `BETTER_AUTH_SECRET is the same value as a key in ${other}. Give BETTER_AUTH_SECRET its own random value, e.g. \`openssl rand -base64 32\`.`;
  const keys = (name: string) => [env[name], ...(env[`${name}_PREVIOUS`] ?? "").split(",")].map((key) => key?.trim()).filter(Boolean);
  const authKeys = keys("AUTH_SECRET");
  if (!keys("JWT_SECRET").some((key) => authKeys.includes(key))) return null;
  return "A key in JWT_SECRET_PREVIOUS or AUTH_SECRET_PREVIOUS is the other lane's key. Give each lane its own random values, e.g. `openssl rand -base64 32`.";
}

/**
 * Parses the sections named (all of them by default); throws one ConfigError listing every
 * problem once, each naming its variable.
 */
export function parseConfig(env: RawEnv): AppConfig;
export function parseConfig<K extends SectionName>(env: RawEnv, names: readonly K[]): Pick<AppConfig, K>;
export function parseConfig(env: RawEnv, names: readonly SectionName[] = Object.keys(SECTIONS) as SectionName[]): Partial<AppConfig> {
  const problems = new Set<string>();
  const config: Partial<AppConfig> = {};
  for (const name of names) {
    try {
      Object.assign(config, { [name]: SECTIONS[name].parse(env) });
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      for (const problem of error.problems) problems.add(problem);
    }
  }
  if (names.includes("jwt") && names.includes("authjs")) {
    const problem = sharedSecretProblem(env);
    if (problem) problems.add(problem);
  }
  if (problems.size > 0) throw new ConfigError([...problems]);
  return config;
}

/**
 * The startup check, run by next.config.ts (`next start`) and by instrumentation.ts (any Node.js
 * server, the standalone server.js too, which never loads next.config.ts): a bad configuration
 * prints every problem once and stops the process before it serves. (A register() that threw
 * would not: Next.js logs it and serves anyway, failing each request.)
 */
export function exitOnConfigProblems(env: RawEnv): void {
  try {
    parseConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`\n${error.message}\n`);
    process.exit(1);
  }
}
