/**
 * What `npm test` needs besides node_modules: a Chromium for the browser tests, a
 * `redis-server` for the Redis suites and `nginx` for the production topology (TLS in front
 * of two instances: tests/e2e/deployed/). Found where it is, installed where it can be, and
 * otherwise one line that says which command to run: never a suite left out quietly.
 *
 * The decisions are a pure function of the machine's facts (planTool), so they are
 * unit-tested; provision() gathers the facts, runs the installs and prints what it does.
 * TEST_NO_INSTALL=1 forbids installing (the run stops instead, with the command to run).
 */
import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync } from "node:fs";
import { delimiter, join } from "node:path";

export type Tool = "chromium" | "redis-server" | "nginx";

export interface Facts {
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  /** Root, or a working `sudo` (for apt-get). */
  privileged: { root: boolean; sudo: boolean };
  /** The executable's path when it is on the PATH. */
  onPath(command: string): string | null;
  exists(path: string): boolean;
  /** Where Playwright keeps its own Chromium (it may not be downloaded). */
  playwrightChromium: string | null;
}

export type Plan =
  | { tool: Tool; found: string; how: string }
  /** Installs to try in order, each followed by another look. */
  | { tool: Tool; install: Array<{ label: string; command: string[] }> }
  | { tool: Tool; stop: string };

/** Debian's Chromium; PROVISION_DEBIAN_CHROMIUM moves it (tests point it elsewhere, as on a machine without it). */
export const debianChromium = (env: Facts["env"]) => env.PROVISION_DEBIAN_CHROMIUM ?? "/usr/bin/chromium";

const isDebian = (facts: Facts) => facts.platform === "linux" && facts.exists("/etc/debian_version") && facts.onPath("apt-get") !== null;

function aptInstall(facts: Facts, pkg: string) {
  const sudo = facts.privileged.root ? [] : ["sudo"];
  return { label: `apt-get install ${pkg}`, command: ["sh", "-c", `${sudo.join(" ")} apt-get update -qq && DEBIAN_FRONTEND=noninteractive ${sudo.join(" ")} apt-get install -y -qq ${pkg}`] };
}

/** The server binaries: where to point at your own, the Debian and Homebrew package, where Debian puts it. */
const SERVERS = {
  "redis-server": { variable: "REDIS_SERVER_BIN", debian: "redis-server", brew: "redis", sbin: null },
  // Debian installs nginx in /usr/sbin, which is not on an ordinary user's PATH.
  nginx: { variable: "NGINX_BIN", debian: "nginx", brew: "nginx", sbin: "/usr/sbin/nginx" },
} as const;

export const INSTRUCTIONS: Record<Tool, string> = {
  chromium:
    "npm test needs Chromium: install it with `sudo apt-get install chromium` (Debian/Ubuntu) or `npx playwright install chromium`, or set CHROMIUM_PATH to a Chromium binary.",
  "redis-server":
    "npm test needs redis-server: install it with `sudo apt-get install redis-server` (Debian/Ubuntu) or `brew install redis` (macOS), or set REDIS_SERVER_BIN to a redis-server binary.",
  nginx:
    "npm test needs nginx (the TLS proxy of the production-topology tests): install it with `sudo apt-get install nginx` (Debian/Ubuntu) or `brew install nginx` (macOS), or set NGINX_BIN to an nginx binary.",
};

export function planTool(tool: Tool, facts: Facts): Plan {
  const noInstall = facts.env.TEST_NO_INSTALL === "1";
  const canApt = isDebian(facts) && (facts.privileged.root || facts.privileged.sudo);
  if (tool === "chromium") {
    const fromEnv = facts.env.CHROMIUM_PATH;
    if (fromEnv) return facts.exists(fromEnv) ? { tool, found: fromEnv, how: "CHROMIUM_PATH" } : { tool, stop: `CHROMIUM_PATH is ${fromEnv}, which does not exist. ${INSTRUCTIONS.chromium}` };
    if (facts.exists(debianChromium(facts.env))) return { tool, found: debianChromium(facts.env), how: "Debian's package" };
    if (facts.playwrightChromium && facts.exists(facts.playwrightChromium)) return { tool, found: facts.playwrightChromium, how: "Playwright's download" };
    if (noInstall) return { tool, stop: `${INSTRUCTIONS.chromium} (TEST_NO_INSTALL=1: not installing it myself.)` };
    // Playwright's download first where it can reach its CDN; Debian's package where it cannot.
    const install = [{ label: "npx playwright install chromium", command: ["npx", "playwright", "install", "chromium"] }];
    if (canApt) install.push(aptInstall(facts, "chromium"));
    return { tool, install };
  }
  const server = SERVERS[tool];
  const bin = facts.env[server.variable];
  if (bin) {
    const found = facts.exists(bin) ? bin : facts.onPath(bin);
    return found ? { tool, found, how: server.variable } : { tool, stop: `${server.variable} is ${bin}, which cannot be found. ${INSTRUCTIONS[tool]}` };
  }
  const onPath = facts.onPath(tool);
  if (onPath) return { tool, found: onPath, how: "PATH" };
  if (server.sbin && facts.exists(server.sbin)) return { tool, found: server.sbin, how: "Debian's package" };
  if (noInstall) return { tool, stop: `${INSTRUCTIONS[tool]} (TEST_NO_INSTALL=1: not installing it myself.)` };
  if (canApt) return { tool, install: [aptInstall(facts, server.debian)] };
  if (facts.platform === "darwin" && facts.onPath("brew")) return { tool, install: [{ label: `brew install ${server.brew}`, command: ["brew", "install", server.brew] }] };
  return { tool, stop: INSTRUCTIONS[tool] };
}

/** The PATH lookup `which` does, without needing `which`. */
export function findOnPath(command: string, pathVariable = process.env.PATH ?? ""): string | null {
  if (command.includes("/")) return existsSync(command) ? command : null;
  for (const dir of pathVariable.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

async function playwrightChromiumPath(): Promise<string | null> {
  try {
    const { chromium } = await import("@playwright/test");
    return chromium.executablePath();
  } catch {
    return null;
  }
}

export async function machineFacts(env: Facts["env"] = process.env): Promise<Facts> {
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  const sudo = !root && findOnPath("sudo") !== null && spawnSync("sudo", ["-n", "true"], { stdio: "ignore" }).status === 0;
  return {
    env,
    platform: process.platform,
    privileged: { root, sudo },
    onPath: (command) => findOnPath(command, env.PATH ?? ""),
    exists: existsSync,
    playwrightChromium: await playwrightChromiumPath(),
  };
}

/**
 * Makes sure of every tool, printing a line for each. Returns null when the run can go on
 * (CHROMIUM_PATH / REDIS_SERVER_BIN / NGINX_BIN are set for the test processes), or the one line that
 * says what to run.
 */
export async function provision(log: (line: string) => void = console.log): Promise<string | null> {
  for (const tool of ["chromium", "redis-server", "nginx"] as const) {
    let plan = planTool(tool, await machineFacts());
    if ("install" in plan) {
      for (const step of plan.install) {
        log(`provision: ${tool} not found; installing it with \`${step.label}\``);
        const result = spawnSync(step.command[0], step.command.slice(1), { stdio: "inherit" });
        plan = planTool(tool, await machineFacts());
        if ("found" in plan) break;
        log(`provision: \`${step.label}\` ${result.status === 0 ? "ran, but" : "failed, and"} ${tool} is still missing`);
      }
      if ("install" in plan) plan = { tool, stop: INSTRUCTIONS[tool] };
    }
    if ("stop" in plan) return plan.stop;
    log(`provision: ${tool}: ${plan.found} (${plan.how})`);
    process.env[tool === "chromium" ? "CHROMIUM_PATH" : SERVERS[tool].variable] = plan.found;
  }
  return null;
}
