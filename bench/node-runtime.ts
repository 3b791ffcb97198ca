/**
 * Edge vs Node.js for `npm run bench`: a scratch copy of the app whose middleware runs on the
 * Node.js runtime (`export const config = { runtime: "nodejs", … }`), built next to the real
 * one, so the same scenarios can be run against both. The copy also serves the peers per
 * request (bench/peer-route.ts), which the real build must not ship. The copy lives under .test-output/
 * (ignored by git, ESLint and TypeScript) and takes the repository's node_modules by plain
 * resolution: it has no lockfile of its own, so Next.js takes the repository as its root.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { startProcess } from "../scripts/lib/processes";

export const NODE_RUNTIME_COPY = resolve(".test-output/bench-node-runtime");

/** What is not copied: dependencies, builds, git, test output, and the lockfile (see above). */
const SKIP = new Set(["node_modules", ".next", ".git", ".test-output", "test-results", "playwright-report", "coverage", "package-lock.json", "tsconfig.tsbuildinfo"]);

/** The middleware's config with the Node.js runtime added: the one line that differs. */
export function withNodeRuntime(middlewareSource: string): string {
  const patched = middlewareSource.replace(/export const config = \{\n/, 'export const config = {\n  runtime: "nodejs",\n');
  if (patched === middlewareSource) throw new Error("middleware.ts: no `export const config = {` to add the Node.js runtime to");
  return patched;
}

/** Where the copy serves bench/peer-route.ts (outside the middleware matcher, as all of /bench/ but the passthrough). */
export const PEER_ROUTE_FILE = "app/bench/peers/[peer]/route.ts";

/**
 * Adds the peers-per-request route to a copy. Only the copy gets it: the real build never
 * ships the peer libraries (devDependencies). Nothing else in the copy imports it, so the
 * Edge-vs-Node.js comparison still differs by the middleware's one line.
 */
export function addPeerRoute(copy: string) {
  const file = join(copy, PEER_ROUTE_FILE);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, 'export { GET } from "../../../../bench/peer-route";\n');
}

/** Copies the app, switches its middleware to Node.js, and builds it; returns the copy's directory. */
export async function buildNodeRuntimeCopy(env: Record<string, string>, log: (message: string) => void): Promise<string> {
  rmSync(NODE_RUNTIME_COPY, { recursive: true, force: true });
  mkdirSync(NODE_RUNTIME_COPY, { recursive: true });
  for (const entry of readdirSync(".")) {
    if (!SKIP.has(entry)) cpSync(entry, join(NODE_RUNTIME_COPY, entry), { recursive: true });
  }
  const middleware = join(NODE_RUNTIME_COPY, "middleware.ts");
  writeFileSync(middleware, withNodeRuntime(readFileSync(middleware, "utf8")));
  addPeerRoute(NODE_RUNTIME_COPY);
  log("building the copy with middleware on the Node.js runtime (next build)");
  const build = startProcess("npx", ["next", "build"], env, Boolean(process.env.SERVER_LOGS), { cwd: NODE_RUNTIME_COPY });
  const code = await new Promise<number | null>((done) => build.process.once("exit", done));
  if (code !== 0 || !existsSync(join(NODE_RUNTIME_COPY, ".next/BUILD_ID"))) throw new Error(`next build of the Node.js-runtime copy failed (exit ${code}); rerun with SERVER_LOGS=1`);
  return NODE_RUNTIME_COPY;
}

export function removeNodeRuntimeCopy() {
  rmSync(NODE_RUNTIME_COPY, { recursive: true, force: true });
}
