import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { INSTRUCTIONS, planTool, type Facts } from "@/scripts/lib/provision";

/** A machine described by what it has: files that exist, commands on the PATH, privileges. */
function machine({ files = [] as string[], commands = [] as string[], env = {} as Facts["env"], platform = "linux" as NodeJS.Platform, root = false, sudo = false, playwright = null as string | null } = {}): Facts {
  return {
    env,
    platform,
    privileged: { root, sudo },
    onPath: (command) => (commands.includes(command) ? `/usr/bin/${command}` : null),
    exists: (path) => files.includes(path),
    playwrightChromium: playwright,
  };
}
const debian = { files: ["/etc/debian_version"], commands: ["apt-get"] };

describe("provisioning the test run (scripts/lib/provision.ts)", () => {
  it("Chromium: CHROMIUM_PATH first, then Debian's, then Playwright's own", () => {
    expect(planTool("chromium", machine({ env: { CHROMIUM_PATH: "/opt/c" }, files: ["/opt/c", "/usr/bin/chromium"] }))).toMatchObject({ found: "/opt/c", how: "CHROMIUM_PATH" });
    expect(planTool("chromium", machine({ files: ["/usr/bin/chromium"] }))).toMatchObject({ found: "/usr/bin/chromium" });
    expect(planTool("chromium", machine({ files: ["/pw/chrome"], playwright: "/pw/chrome" }))).toMatchObject({ found: "/pw/chrome", how: "Playwright's download" });
    expect(planTool("chromium", machine({ env: { CHROMIUM_PATH: "/nope" } }))).toMatchObject({ stop: expect.stringContaining("CHROMIUM_PATH is /nope") });
  });

  it("Chromium missing: Playwright's download, then apt-get when root or sudo on Debian", () => {
    const asRoot = planTool("chromium", machine({ ...debian, root: true }));
    expect("install" in asRoot && asRoot.install.map((s) => s.label)).toEqual(["npx playwright install chromium", "apt-get install chromium"]);
    const withSudo = planTool("chromium", machine({ ...debian, sudo: true }));
    expect("install" in withSudo && withSudo.install[1].command.join(" ")).toContain("sudo apt-get install -y -qq chromium");
    const unprivileged = planTool("chromium", machine(debian));
    expect("install" in unprivileged && unprivileged.install.map((s) => s.label)).toEqual(["npx playwright install chromium"]);
  });

  it("redis-server: REDIS_SERVER_BIN or the PATH; else apt-get on Debian, brew on macOS; else one line to run", () => {
    expect(planTool("redis-server", machine({ commands: ["redis-server"] }))).toMatchObject({ found: "/usr/bin/redis-server" });
    expect(planTool("redis-server", machine({ env: { REDIS_SERVER_BIN: "/opt/redis" }, files: ["/opt/redis"] }))).toMatchObject({ found: "/opt/redis" });
    expect(planTool("redis-server", machine({ ...debian, root: true }))).toMatchObject({ install: [{ label: "apt-get install redis-server" }] });
    expect(planTool("redis-server", machine({ platform: "darwin", commands: ["brew"] }))).toMatchObject({ install: [{ label: "brew install redis" }] });
    expect(planTool("redis-server", machine(debian))).toEqual({ tool: "redis-server", stop: INSTRUCTIONS["redis-server"] });
    expect(planTool("redis-server", machine({ platform: "win32" }))).toEqual({ tool: "redis-server", stop: INSTRUCTIONS["redis-server"] });
  });

  it("nginx: NGINX_BIN, the PATH, or Debian's /usr/sbin/nginx (not on a user's PATH); else apt-get, brew, or one line to run", () => {
    expect(planTool("nginx", machine({ env: { NGINX_BIN: "/opt/nginx" }, files: ["/opt/nginx"] }))).toMatchObject({ found: "/opt/nginx", how: "NGINX_BIN" });
    expect(planTool("nginx", machine({ env: { NGINX_BIN: "/nope" } }))).toMatchObject({ stop: expect.stringContaining("NGINX_BIN is /nope") });
    expect(planTool("nginx", machine({ commands: ["nginx"] }))).toMatchObject({ found: "/usr/bin/nginx", how: "PATH" });
    expect(planTool("nginx", machine({ files: ["/usr/sbin/nginx"] }))).toMatchObject({ found: "/usr/sbin/nginx" });
    expect(planTool("nginx", machine({ ...debian, root: true }))).toMatchObject({ install: [{ label: "apt-get install nginx" }] });
    expect(planTool("nginx", machine({ platform: "darwin", commands: ["brew"] }))).toMatchObject({ install: [{ label: "brew install nginx" }] });
    expect(planTool("nginx", machine(debian))).toEqual({ tool: "nginx", stop: INSTRUCTIONS.nginx });
  });

  it("TEST_NO_INSTALL=1 never installs: it stops with the command to run", () => {
    for (const tool of ["chromium", "redis-server", "nginx"] as const) {
      const plan = planTool(tool, machine({ ...debian, root: true, env: { TEST_NO_INSTALL: "1" } }));
      expect(plan).toMatchObject({ stop: expect.stringContaining(INSTRUCTIONS[tool]) });
    }
  });

  it("`npm test` on a machine without Chromium or redis-server, installing forbidden, stops at once with one line", () => {
    // A PATH with node alone: no redis-server, no chromium, no apt-get; Debian's and Playwright's paths point nowhere.
    const bin = mkdtempSync(join(tmpdir(), "provision-path-"));
    symlinkSync(process.execPath, join(bin, "node"));
    const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/test-all.ts"], {
      encoding: "utf8",
      env: {
        NODE_ENV: "test",
        PATH: bin,
        HOME: process.env.HOME ?? tmpdir(),
        TEST_NO_INSTALL: "1",
        PROVISION_DEBIAN_CHROMIUM: join(bin, "no-chromium-here"),
        PLAYWRIGHT_BROWSERS_PATH: join(bin, "no-browsers-here"),
      },
    });
    expect(run.status).toBe(1);
    const lines = run.stdout.trim().split("\n");
    expect(lines).toEqual([expect.stringMatching(/^npm test needs Chromium: install it with `sudo apt-get install chromium`.*TEST_NO_INSTALL=1/), "0 passed, 1 failed"]);
    expect(run.stdout).not.toContain("tsc"); // at once: no install attempted, no suite started
  }, 60_000); // loading tsx in a child process: allowed time, not a speed target
});
