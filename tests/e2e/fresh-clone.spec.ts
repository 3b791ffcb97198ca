import { expect, test } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { BOB, HOOK_TIMEOUT, signIn, type LoginArea } from "./helpers";
import { freePort, startProcess, waitFor, type Started } from "../../scripts/lib/processes";

/**
 * The first promise of the README: `npm install && npm run dev` on a fresh machine, with no
 * .env and no Redis, and every lane signs in. Played on a copy of the repository's files
 * (what a clone holds: tracked and new files, never .env or .env.local) with this checkout's
 * node_modules, in a folder with no project above it, and none of the app's variables in
 * the environment.
 */
test.describe.configure({ mode: "serial", timeout: 240_000 });

const ROOT = process.cwd();
/** Every variable the app reads that a developer's shell might carry: the clone must not see them. */
const APP_VARIABLES = [
  "NODE_ENV", "JWT_SECRET", "JWT_SECRET_PREVIOUS", "AUTH_SECRET", "AUTH_SECRET_PREVIOUS", "BETTER_AUTH_SECRET",
  "THIRD_PARTY_SIGNING_KEYS", "UPSTASH_REDIS_REST_URL", "UPSTASH_REDIS_REST_TOKEN", "REDIS_URL", "TRUSTED_PROXY_HEADER",
  "DEMO_RESET_ENABLED", "BENCH_FIXTURES",
];
const GENERATED = ["JWT_SECRET", "AUTH_SECRET", "BETTER_AUTH_SECRET", "THIRD_PARTY_SIGNING_KEYS"];

let clone = "";
let server: Started;
let origin = "";

/** node_modules as `npm install` leaves it: hard links where the disk allows (seconds), a copy where it does not. */
function copyNodeModules(to: string) {
  try {
    execFileSync("cp", ["-al", join(ROOT, "node_modules"), to]);
  } catch {
    rmSync(join(to, "node_modules"), { recursive: true, force: true });
    cpSync(join(ROOT, "node_modules"), join(to, "node_modules"), { recursive: true, verbatimSymlinks: true });
  }
}

test.beforeAll(async () => {
  test.setTimeout(HOOK_TIMEOUT);
  clone = mkdtempSync(join(tmpdir(), "fresh-clone-"));
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" })
    .split("\0")
    .filter((file) => file !== "" && existsSync(join(ROOT, file)))
    .filter((file) => file === ".env.example" || !/(^|\/)\.env(\..*)?$/.test(file));
  // Copies, not links: next dev may rewrite a file of the project (tsconfig.json, say).
  for (const file of files) {
    mkdirSync(dirname(join(clone, file)), { recursive: true });
    copyFileSync(join(ROOT, file), join(clone, file));
  }
  copyNodeModules(clone);
  expect(existsSync(join(clone, ".env")) || existsSync(join(clone, ".env.local"))).toBe(false);

  const port = await freePort();
  origin = `http://localhost:${port}`;
  const unset = APP_VARIABLES.flatMap((name) => ["-u", name]);
  server = startProcess("env", [...unset, "npm", "run", "dev", "--", "-p", String(port)], {}, Boolean(process.env.SERVER_LOGS), { cwd: clone, captureOutput: true });
  await waitFor("npm run dev to answer", async () => (await fetch(`${origin}/`)).ok, HOOK_TIMEOUT - 30_000, 250);
});

test.afterAll(async () => {
  await server?.stop();
  if (clone) rmSync(clone, { recursive: true, force: true });
});

test("npm run dev generates every secret into .env.local, once", () => {
  const written = readFileSync(join(clone, ".env.local"), "utf8");
  for (const name of GENERATED) expect(written.match(new RegExp(`^${name}=.+$`, "gm")), name).toHaveLength(1);
  expect(server.output()).toContain(`generated ${GENERATED.join(", ")} into .env.local`);
});

const LANES: Array<{ lane: LoginArea; signedIn: string }> = [
  { lane: "jwt", signedIn: "/jwt/dashboard" },
  { lane: "session", signedIn: "/session/dashboard" },
  { lane: "authjs", signedIn: "/authjs/dashboard" },
  { lane: "better-auth", signedIn: "/better-auth/dashboard" },
];

for (const { lane, signedIn } of LANES) {
  test(`${lane}: bob signs in on the fresh clone's dev server, on the memory store`, async ({ page }) => {
    await page.goto(`${origin}/${lane}/login`);
    await signIn(page, lane, BOB);
    await expect(page).toHaveURL(new RegExp(`${signedIn}$`));
    await expect(page.getByText("bob").first()).toBeVisible();
  });
}

test("the dev server says nothing went wrong, and the home page names the memory store", async ({ page }) => {
  await page.goto(`${origin}/`);
  await expect(page.getByText(/memory/i).first()).toBeVisible();
  const log = server.output();
  expect(log).not.toMatch(/\b(Error|ConfigError|Unhandled|ECONNREFUSED)\b/);
});
