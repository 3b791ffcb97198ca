/**
 * `npx tsx bench/profile.ts`: where the server's CPU time goes on the plain-JWT path, and on
 * the session page on Redis (what a store round trip over HTTP costs the app server).
 *
 * For each scenario it starts its own `next start` (on the build that exists; it builds only
 * when there is none, and never rebuilds) under V8's sampling profiler, logs in once,
 * drives the page or API with autocannon, stops the server so the profile is written, and
 * sorts the samples taken during the measured load into functions and categories ("ours",
 * jose, Next.js, React, Node.js internals, WebCrypto, GC/idle/program). Prints the tables and
 * writes them to bench/profile.md.
 *
 *   npx tsx bench/profile.ts            # ~8 s of load per scenario after a 2 s warm-up
 *   npx tsx bench/profile.ts --quick    # 2 s of load per scenario
 *   npx tsx bench/profile.ts --keep-profiles   # keep the .cpuprofile files (open them in DevTools)
 *
 * How the profile is taken: Node.js 20 refuses `--cpu-prof` in NODE_OPTIONS ("not allowed in
 * NODE_OPTIONS"), so the server is not started through `npx`: this script runs
 * `node --cpu-prof --cpu-prof-dir=<tmp> node_modules/next/dist/bin/next start -p PORT`
 * itself (the same server `npx next start` runs: `next start` serves in its own process, the
 * Edge middleware included, in a `vm` sandbox). V8 writes the profile only when the process
 * exits normally, so the server is stopped with SIGINT to its process group: Next.js's own
 * handler closes the server and calls process.exit(130), and the profile is written on the
 * way out. The script waits for the process to exit and the file to parse before reading it.
 *
 * How frames are attributed: turbopack writes source maps next to every chunk in .next/ (and
 * Next.js ships maps for its precompiled runtimes), so each frame's position is mapped back to
 * its original file: `lib/…`, `app/…`, `middleware.ts`, `auth*.ts`… are "ours",
 * `node_modules/jose` is jose, react / react-dom / react-server-dom / scheduler (also when
 * precompiled inside next/dist/compiled) is React, the rest of `node_modules/next` and the
 * turbopack runtime is Next.js. Without a map, the chunk's name decides (a chunk named after
 * lib_/app_/middleware is ours). See `categoryOfSource` below.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, existsSync } from "node:fs";
import { SourceMap, type SourceMapPayload } from "node:module";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { randomBytes } from "node:crypto";
import { freePort, startProcess, waitFor, type Started } from "../scripts/lib/processes";
import { startRedisServer } from "../scripts/lib/redis-server";
import { startUpstashStandIn } from "../scripts/lib/upstash-standin";
import { BENCH_FIXTURES_ENV, LOAD_LIMITS, throwawaySecrets } from "./server-env";
import { loginJwt, loginSession } from "./logins";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(ROOT);

const quick = process.argv.includes("--quick");
const keepProfiles = process.argv.includes("--keep-profiles");
const LOAD_SECONDS = quick ? 2 : 8;
const WARMUP_SECONDS = quick ? 1 : 2;
const CONNECTIONS = 10;
/** Sampling interval in µs (V8's default is 1000). */
const SAMPLING_INTERVAL_US = 500;
const TOP = 15;
/** CI's port: never used here. */
const RESERVED_PORT = 3210;

function log(message: string) {
  console.error(`[profile] ${message}`);
}

// ---------------------------------------------------------------------------- server

// The same throwaway configuration as bench/run.ts.
const secrets = { ...throwawaySecrets(), ...LOAD_LIMITS };

/** Builds only if there is no build at all: the build in .next/ is shared with others' tests. */
async function ensureBuild() {
  if (existsSync(".next/BUILD_ID")) return;
  log("no .next/BUILD_ID: building once (npx next build)");
  const build = startProcess("npx", ["next", "build"], secrets, true);
  await new Promise((resolve) => build.process.once("exit", resolve));
  if (build.process.exitCode !== 0) throw new Error("next build failed");
}

async function portOtherThanCi(): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (port !== RESERVED_PORT) return port;
  }
}

interface ProfiledServer {
  base: string;
  started: Started;
  profileDir: string;
}

async function startProfiledServer(id: string, env: Record<string, string> = {}): Promise<ProfiledServer> {
  const port = await portOtherThanCi();
  const profileDir = mkdtempSync(join(tmpdir(), `jwt-profile-${id}-`));
  const started = startProcess(
    process.execPath,
    [
      "--cpu-prof",
      `--cpu-prof-dir=${profileDir}`,
      `--cpu-prof-interval=${SAMPLING_INTERVAL_US}`,
      join("node_modules", "next", "dist", "bin", "next"),
      "start",
      "-p",
      String(port),
    ],
    { ...secrets, ...BENCH_FIXTURES_ENV, ...env },
    Boolean(process.env.SERVER_LOGS),
    { captureOutput: true },
  );
  const base = `http://localhost:${port}`;
  try {
    await waitFor(`next start on port ${port}`, async () => {
      if (started.process.exitCode !== null) throw new Error(`the server exited (${started.process.exitCode}):\n${started.output()}`);
      return (await fetch(`${base}/`)).ok;
    });
  } catch (error) {
    await started.stop();
    throw error;
  }
  return { base, started, profileDir };
}

/**
 * Stops the server so that V8 writes its profile: SIGINT to the process group (Next.js closes
 * the server and calls process.exit), then waits for the exit and for a profile that parses.
 * `Started.stop()` would do for stopping, but it gives up after 10 s and SIGKILLs, which
 * writes nothing; here a missing profile is an error.
 */
async function stopAndCollectProfile(server: ProfiledServer): Promise<{ file: string; profile: CpuProfile }> {
  const child = server.started.process;
  const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    if (child.pid) process.kill(-child.pid, "SIGINT");
  } catch {
    // already gone
  }
  const timeout = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 30_000).unref());
  if ((await Promise.race([exited, timeout])) === "timeout") {
    await server.started.stop();
    throw new Error("the server did not exit within 30 s of SIGINT: no profile");
  }
  await server.started.stop(); // anything else left in the group
  let chosen: { file: string; profile: CpuProfile } | undefined;
  await waitFor(`a .cpuprofile in ${server.profileDir}`, async () => {
    const files = readdirSync(server.profileDir).filter((f) => f.endsWith(".cpuprofile"));
    // One per Node.js process or worker: take the largest with Next.js's server on it.
    const candidates = files
      .map((f) => join(server.profileDir, f))
      .sort((a, b) => statSync(b).size - statSync(a).size);
    for (const file of candidates) {
      const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
      if (profile.nodes.some((n) => n.callFrame.url.includes("next/dist/server"))) {
        chosen = { file, profile };
        return true;
      }
    }
    return false;
  }, 15_000, 200);
  return chosen!;
}

// ---------------------------------------------------------------------------- load

/** The plain-JWT cookie (no revocation checks). */
const loginPlainJwt = async (base: string) => (await loginJwt(base, [])).jwt;

interface Scenario {
  id: string;
  label: string;
  path: string;
  /** Signs in and returns the cookie to send. */
  login: (base: string) => Promise<string>;
  /** On Redis (a redis-server behind the Upstash stand-in, started for it). */
  redis?: boolean;
}

const SCENARIOS: Scenario[] = [
  { id: "jwt-api", label: "GET /api/jwt/me (plain JWT cookie, memory store)", path: "/api/jwt/me", login: loginPlainJwt },
  { id: "jwt-page", label: "GET /jwt/dashboard (plain JWT cookie, memory store)", path: "/jwt/dashboard", login: loginPlainJwt },
  // npm run bench: each HTTP store round trip costs the app server 2-3 ms of CPU; where?
  { id: "session-page-redis", label: "GET /session/dashboard (Redis, Edge lookup: two GETs)", path: "/session/dashboard", login: loginSession, redis: true },
];

interface LoadOutcome {
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  non2xx: number;
  errors: number;
  /** The measured load, on the same clock as the profile's timestamps (µs, CLOCK_MONOTONIC). */
  windowUs: [number, number];
}

const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

async function drive(url: string, cookie: string): Promise<LoadOutcome> {
  const options = { url, connections: CONNECTIONS, headers: { cookie } } as const;
  await autocannon({ ...options, duration: WARMUP_SECONDS });
  const from = monotonicUs();
  const result = await autocannon({ ...options, duration: LOAD_SECONDS });
  const to = monotonicUs();
  return {
    requests: result.requests.total,
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    non2xx: result.non2xx,
    errors: result.errors,
    windowUs: [from, to],
  };
}

// ---------------------------------------------------------------------------- profile model

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
  scriptId?: string;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const CATEGORIES = ["ours", "jose", "webcrypto", "next", "react", "other libraries", "node internals", "gc/idle/program"] as const;
type Category = (typeof CATEGORIES)[number];

interface Frame {
  /** The original function name when the source map leads to one, else V8's (minified) name. */
  name: string;
  /** Where it is: the original file (shortened) and 1-based line, or the generated one. */
  where: string;
  /** The aggregation key's file part (no line, except for anonymous functions). */
  file: string;
  /** Its own category, or null for native frames (no url): those take their caller's. */
  category: Category | null;
  url: string;
}

// ---------------------------------------------------------------------------- source maps

interface MapFile {
  map: SourceMap;
  contents: Map<string, string[] | null>;
  payload: RawMap;
}

interface RawSection {
  map: RawMap;
}
interface RawMap {
  sources?: string[];
  sourcesContent?: (string | null)[];
  sections?: RawSection[];
}

const mapCache = new Map<string, MapFile | null>();

function mapFor(url: string): MapFile | null {
  if (mapCache.has(url)) return mapCache.get(url)!;
  let found: MapFile | null = null;
  try {
    const file = fileURLToPath(url);
    let mapPath = `${file}.map`;
    if (!existsSync(mapPath)) {
      const tail = readFileSync(file, "utf8").slice(-400);
      const named = tail.match(/\/\/# sourceMappingURL=(\S+)\s*$/)?.[1];
      mapPath = named && !named.startsWith("data:") ? join(dirname(file), named) : "";
    }
    if (mapPath && existsSync(mapPath)) {
      const payload = JSON.parse(readFileSync(mapPath, "utf8")) as RawMap;
      found = { map: new SourceMap(payload as unknown as SourceMapPayload), contents: new Map(), payload };
    }
  } catch {
    found = null;
  }
  mapCache.set(url, found);
  return found;
}

function sourceLines(mapFile: MapFile, source: string): string[] | null {
  if (mapFile.contents.has(source)) return mapFile.contents.get(source)!;
  let lines: string[] | null = null;
  const maps = mapFile.payload.sections ? mapFile.payload.sections.map((s) => s.map) : [mapFile.payload];
  for (const m of maps) {
    const index = (m.sources ?? []).findIndex((s) => s === source || source.endsWith(s.replace(/^(\.\.\/)+/, "")));
    const content = index >= 0 ? m.sourcesContent?.[index] : undefined;
    if (content) {
      lines = content.split("\n");
      break;
    }
  }
  mapFile.contents.set(source, lines);
  return lines;
}

/** Shortens a source-map source or a file URL to a path from the project (or package) root. */
function shortSource(source: string): string {
  let s = decodeURIComponent(source)
    .replace(/^(turbopack|webpack):\/\/\/?/, "")
    .replace(/^\[project\]\//, "")
    .replace(/^file:\/\//, "");
  if (s.startsWith(ROOT)) s = relative(ROOT, s);
  s = s.replace(/^(\.\.\/)+/, "").replace(/^next\/(\.\/)?/, "node_modules/next/");
  s = s.replace(/^.*?node_modules\//, "node_modules/");
  return s;
}

/**
 * A package's own sources are named relative to its dist/ ("src/server/…" for next): put them
 * back under the package the generated file belongs to.
 */
function withPackage(source: string, generated: string): string {
  if (source.startsWith("node_modules/") || !generated.startsWith("node_modules/")) return source;
  const pkg = generated.match(/^node_modules\/(@[^/]+\/[^/]+|[^/]+)\//)?.[0];
  return pkg ? `${pkg}${source}` : source;
}

const KEYWORDS = new Set(["if", "for", "while", "switch", "catch", "return", "function", "async", "await", "new", "typeof", "super"]);

/**
 * The map's own name for the position, when it names a function there (`name(` or
 * `name = (`…) rather than, say, the first parameter of an arrow function.
 */
function mappedName(name: string | undefined, line: string, column: number): string | null {
  if (!name) return null;
  const at = line.slice(column);
  return at.startsWith(name) && /^\s*(\(|[=:]\s*(async\b|function\b|\())/.test(at.slice(name.length)) ? name : null;
}

/**
 * A function's original name from the original line (the map's `names` are mostly absent in
 * turbopack output): the declaration nearest the mapped column, within a few characters.
 */
function nameFromLine(line: string, column: number): string | null {
  const patterns = [
    /\bfunction\s*\*?\s*([A-Za-z_$][\w$]*)\s*\(/g,
    /\bclass\s+([A-Za-z_$][\w$]*)/g,
    /([A-Za-z_$][\w$.]*)\s*[=:]\s*(?:async\s*)?(?:function\b|\([^()]*\)\s*(?::[^=]+)?=>|[A-Za-z_$][\w$]*\s*=>)/g,
    /(?:^|[\s;{},])(?:static\s+|async\s+|get\s+|set\s+)*([A-Za-z_$][\w$]*)\s*\([^()]*\)\s*(?::[^{]+)?\{/g,
  ];
  let best: { name: string; distance: number } | null = null;
  for (const pattern of patterns) {
    for (const match of line.matchAll(pattern)) {
      const name = match[1];
      if (KEYWORDS.has(name)) continue;
      const distance = Math.abs((match.index ?? 0) - column);
      if (distance <= 40 && (!best || distance < best.distance)) best = { name, distance };
    }
  }
  return best?.name ?? null;
}

/** The category of an original source path (see the file comment). */
function categoryOfSource(path: string): Category {
  if (/(^|\/)node_modules\/jose\//.test(path)) return "jose";
  if (/(^|\/)(react|react-dom|react-server-dom-[\w-]+|scheduler)\//.test(path) || /react-dom|react-server-dom/.test(path)) return "react";
  if (/(^|\/)node_modules\/next\//.test(path) || /^\[(turbopack|next)\]|turbopack/.test(path) || path.startsWith(".next/")) return "next";
  if (!path.includes("node_modules/") && /^(lib|app|types)\/|^(middleware|auth|auth\.config|env|instrumentation)\.tsx?$/.test(path)) return "ours";
  return "other libraries";
}

/** Without a source map: a turbopack chunk's name says which module it was named after. */
function categoryOfChunk(path: string): Category {
  const name = path.split("/").pop() ?? path;
  if (/jose/.test(name)) return "jose";
  if (/react/.test(name)) return "react";
  if (path.startsWith(".next/") && /(^|_)(lib|app|middleware)_|middleware/.test(name) && !/node_modules/.test(name)) return "ours";
  return categoryOfSource(path);
}

const SPECIAL: Record<string, Category> = {
  "(idle)": "gc/idle/program",
  "(program)": "gc/idle/program",
  "(garbage collector)": "gc/idle/program",
  "(root)": "gc/idle/program",
};

const frameCache = new Map<string, Frame>();

function resolveFrame(cf: CallFrame): Frame {
  const key = `${cf.url}\u0000${cf.lineNumber}\u0000${cf.columnNumber}\u0000${cf.functionName}`;
  const cached = frameCache.get(key);
  if (cached) return cached;
  let frame: Frame;
  if (SPECIAL[cf.functionName] && !cf.url) {
    frame = { name: cf.functionName, where: "", file: "", category: SPECIAL[cf.functionName], url: "" };
  } else if (!cf.url) {
    frame = { name: `${cf.functionName || "(anonymous)"} [native]`, where: "", file: "(native)", category: null, url: "" };
  } else if (cf.url.startsWith("node:") || !cf.url.includes("/")) {
    const where = `${cf.url}:${cf.lineNumber + 1}`;
    frame = { name: cf.functionName || "(anonymous)", where, file: cf.functionName ? cf.url : where, category: "node internals", url: cf.url };
  } else {
    const generated = shortSource(cf.url);
    const mapFile = cf.url.startsWith("file:") ? mapFor(cf.url) : null;
    const entry = mapFile ? (mapFile.map.findEntry(cf.lineNumber, cf.columnNumber) as Partial<{ originalSource: string; originalLine: number; originalColumn: number; name: string }>) : {};
    if (entry.originalSource !== undefined && entry.originalLine !== undefined) {
      const source = withPackage(shortSource(entry.originalSource), generated);
      const line = sourceLines(mapFile!, entry.originalSource)?.[entry.originalLine] ?? "";
      const original = nameFromLine(line, entry.originalColumn ?? 0) ?? mappedName(entry.name, line, entry.originalColumn ?? 0);
      const name = original ?? (cf.functionName && cf.functionName.length > 3 ? cf.functionName : "(anonymous)");
      const where = `${source}:${entry.originalLine + 1}`;
      frame = { name, where, file: name === "(anonymous)" ? where : source, category: categoryOfSource(source), url: cf.url };
    } else {
      const where = `${generated}:${cf.lineNumber + 1}`;
      const name = cf.functionName || "(anonymous)";
      frame = { name, where, file: name === "(anonymous)" ? where : generated, category: categoryOfChunk(generated), url: cf.url };
    }
  }
  frameCache.set(key, frame);
  return frame;
}

// ---------------------------------------------------------------------------- analysis

interface SelfEntry {
  name: string;
  where: string;
  category: Category;
  ms: number;
  samples: number;
}

interface InclusiveEntry {
  label: string;
  ms: number;
}

interface Analysis {
  windowed: boolean;
  /** Wall-clock length of the samples counted. */
  wallMs: number;
  /** Samples × the sampling interval: the unit of every other figure. */
  totalMs: number;
  idleMs: number;
  nonIdleMs: number;
  samples: number;
  /** Gaps between samples over 5× the interval: the thread (or the sampler) was kept off the CPU. */
  longGaps: number;
  top: SelfEntry[];
  /** `ms`: self time; `owned`: with the Node.js internals (and natives) it called charged to it. */
  categories: { category: Category; ms: number; owned: number }[];
  inclusive: InclusiveEntry[];
}

interface InclusiveTarget {
  label: string;
  /** Whether a frame counts (then every sample with it on the stack counts, once)... */
  matches?: (frame: Frame, category: Category) => boolean;
  /** ...or a rule over the other targets' bits for the sample's stack. */
  derived?: (has: (label: string) => boolean) => boolean;
}

const ANY_OURS = "any frame of ours on the stack";
const ANY_JOSE = "any jose frame on the stack";
const ANY_WEBCRYPTO = "any WebCrypto frame on the stack";
const ANY_REACT = "any React frame on the stack";

const INCLUSIVE_TARGETS: InclusiveTarget[] = [
  { label: "middleware() (middleware.ts, Edge sandbox)", matches: (f) => f.name === "middleware" && f.where.startsWith("middleware.ts") },
  { label: "authenticateJwt() (app/jwt/gate.ts)", matches: (f) => f.name === "authenticateJwt" && f.where.startsWith("app/jwt/gate.ts") },
  { label: "verifyAccessToken() (lib/jwt.ts)", matches: (f) => f.name === "verifyAccessToken" && f.where.startsWith("lib/jwt.ts") },
  { label: "jose jwtVerify()", matches: (f, c) => c === "jose" && f.name === "jwtVerify" },
  { label: "jose verifySignature() (header, key, subtle.verify, payload)", matches: (f, c) => c === "jose" && f.name === "verifySignature" },
  { label: "jose parseJoseHeader() (header: base64url + JSON.parse)", matches: (f, c) => c === "jose" && f.name === "parseJoseHeader" },
  { label: "jose validateClaimsSet() (payload: JSON.parse + claims)", matches: (f, c) => c === "jose" && f.name === "validateClaimsSet" },
  { label: "jose base64url decoding", matches: (f, c) => c === "jose" && (/^(decodeBase64url|decodeBase64|decode)$/.test(f.name) || f.where.includes("util/base64url.js")) },
  { label: "crypto.subtle.verify() (node:internal/crypto/webcrypto)", matches: (f) => f.name === "verify" && f.url === "node:internal/crypto/webcrypto" },
  { label: ANY_OURS, matches: (_f, c) => c === "ours" },
  { label: ANY_JOSE, matches: (_f, c) => c === "jose" },
  { label: ANY_WEBCRYPTO, matches: (_f, c) => c === "webcrypto" },
  { label: "jose on the stack, WebCrypto not (jose's own JSON/base64/claims work)", derived: (has) => has(ANY_JOSE) && !has(ANY_WEBCRYPTO) },
  { label: ANY_REACT, matches: (_f, c) => c === "react" },
];

function analyse(profile: CpuProfile, windowUs: [number, number]): Analysis {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);

  // A node's category: its frame's; a native frame takes its caller's; Node's crypto helpers
  // count as WebCrypto when WebCrypto called them.
  const categoryOf = new Map<number, Category>();
  const nodeCategory = (id: number): Category => {
    const known = categoryOf.get(id);
    if (known) return known;
    const node = byId.get(id)!;
    const frame = resolveFrame(node.callFrame);
    const up = parent.get(id);
    const callerCategory = () => (up === undefined ? "node internals" : nodeCategory(up));
    let category: Category;
    if (frame.category === null) category = callerCategory() === "gc/idle/program" ? "node internals" : callerCategory();
    else if (frame.url === "node:internal/crypto/webcrypto") category = "webcrypto";
    else if (frame.url.startsWith("node:internal/crypto/") || frame.url === "node:crypto") category = callerCategory() === "webcrypto" ? "webcrypto" : "node internals";
    else category = frame.category;
    categoryOf.set(id, category);
    return category;
  };

  // Who a Node.js internal works for: the nearest caller that is not Node.js itself (e.g. the
  // undici Response that NextResponse.json builds is Next.js's, async_hooks' promise hook is
  // whoever made the promise). Frames with no such caller stay "node internals".
  const ownerOf = new Map<number, Category>();
  const nodeOwner = (id: number): Category => {
    const known = ownerOf.get(id);
    if (known) return known;
    const category = nodeCategory(id);
    const up = parent.get(id);
    let owner = category;
    if (category === "node internals" && up !== undefined) {
      const above = nodeOwner(up);
      owner = above === "gc/idle/program" ? "node internals" : above;
    }
    ownerOf.set(id, owner);
    return owner;
  };

  // Which inclusive targets a node's stack contains (bit set), memoised per node.
  const targetsOf = new Map<number, number>();
  const nodeTargets = (id: number): number => {
    const known = targetsOf.get(id);
    if (known !== undefined) return known;
    const frame = resolveFrame(byId.get(id)!.callFrame);
    const category = nodeCategory(id);
    let bits = 0;
    INCLUSIVE_TARGETS.forEach((t, i) => {
      if (t.matches?.(frame, category)) bits |= 1 << i;
    });
    const up = parent.get(id);
    if (up !== undefined) bits |= nodeTargets(up);
    targetsOf.set(id, bits);
    return bits;
  };
  const bitOf = (label: string) => 1 << INCLUSIVE_TARGETS.findIndex((t) => t.label === label);
  const withDerived = (bits: number) => {
    let all = bits;
    INCLUSIVE_TARGETS.forEach((t, i) => {
      if (t.derived?.((label) => (bits & bitOf(label)) !== 0)) all |= 1 << i;
    });
    return all;
  };

  // Only samples inside the measured load count (V8's timestamps and process.hrtime are both
  // CLOCK_MONOTONIC µs); if they do not line up, the whole profile is used.
  const times: number[] = [];
  let t = profile.startTime;
  for (const delta of profile.timeDeltas) times.push((t += delta));
  const [from, to] = windowUs;
  let inWindow = (i: number) => times[i] >= from && times[i] <= to;
  let windowed = true;
  if (profile.samples.filter((_, i) => inWindow(i)).length < 100) {
    log(`the load window (${from}–${to} µs) does not match the profile's clock (${profile.startTime}–${profile.endTime}): using the whole profile`);
    inWindow = () => true;
    windowed = false;
  }

  // Every sample weighs one sampling interval. Weighting by the gap since the previous sample
  // (what DevTools does) would give a frame the whole time the thread was preempted there:
  // on a busy 2-core machine a single sample can then "cost" hundreds of milliseconds.
  const weight = SAMPLING_INTERVAL_US / 1000;
  const self = new Map<string, SelfEntry>();
  const categories = new Map<Category, number>(CATEGORIES.map((c) => [c, 0]));
  const owned = new Map<Category, number>(CATEGORIES.map((c) => [c, 0]));
  const inclusive = INCLUSIVE_TARGETS.map(() => 0);
  let samples = 0;
  let idle = 0;
  let wallUs = 0;
  let longGaps = 0;
  profile.samples.forEach((id, i) => {
    if (!inWindow(i)) return;
    samples++;
    wallUs += profile.timeDeltas[i];
    if (profile.timeDeltas[i] > 5 * SAMPLING_INTERVAL_US) longGaps++;
    const frame = resolveFrame(byId.get(id)!.callFrame);
    if (frame.name === "(idle)") {
      idle++;
      return;
    }
    const category = nodeCategory(id);
    categories.set(category, categories.get(category)! + weight);
    const owner = nodeOwner(id);
    owned.set(owner, owned.get(owner)! + weight);
    // An anonymous function is named after its caller (e.g. the Promise executor in Node's
    // jobPromise, which is where job.run() hands a WebCrypto job to the thread pool).
    const caller = parent.get(id) === undefined ? undefined : resolveFrame(byId.get(parent.get(id)!)!.callFrame).name;
    const name = frame.name === "(anonymous)" && caller && !caller.startsWith("(") ? `(anonymous, in ${caller})` : frame.name;
    const key = `${name}\u0000${frame.file}\u0000${category}`;
    const entry = self.get(key) ?? { name, where: frame.where, category, ms: 0, samples: 0 };
    entry.ms += weight;
    entry.samples++;
    self.set(key, entry);
    const bits = withDerived(nodeTargets(id));
    INCLUSIVE_TARGETS.forEach((_, k) => {
      if (bits & (1 << k)) inclusive[k] += weight;
    });
  });

  return {
    windowed,
    wallMs: wallUs / 1000,
    totalMs: samples * weight,
    idleMs: idle * weight,
    nonIdleMs: (samples - idle) * weight,
    samples,
    longGaps,
    top: [...self.values()].sort((a, b) => b.ms - a.ms).slice(0, TOP),
    categories: CATEGORIES.map((category) => ({ category, ms: categories.get(category)!, owned: owned.get(category)! })).sort((a, b) => b.ms - a.ms),
    inclusive: INCLUSIVE_TARGETS.map((target, k) => ({ label: target.label, ms: inclusive[k] })),
  };
}

// ---------------------------------------------------------------------------- output

interface ScenarioResult {
  scenario: Scenario;
  load: LoadOutcome;
  analysis: Analysis;
  profileFile: string;
}

const pct = (ms: number, a: Analysis) => `${((100 * ms) / Math.max(a.nonIdleMs, 1e-9)).toFixed(1)}%`;
const perRequest = (ms: number, r: ScenarioResult) => `${((1000 * ms) / Math.max(r.load.requests, 1)).toFixed(0)}`;

function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
}

function scenarioMarkdown(r: ScenarioResult): string {
  const a = r.analysis;
  const code = (s: string) => `\`${s.replace(/\|/g, "\\|")}\``;
  return [
    `### ${r.scenario.label}`,
    "",
    `${r.load.requests} requests in ${LOAD_SECONDS} s (${r.load.requestsPerSecond.toFixed(0)} req/s, p50 ${r.load.p50Ms} ms, non-2xx ${r.load.non2xx}, errors ${r.load.errors}); ` +
      `${a.samples} samples${a.windowed ? " in the measured window" : " (whole profile: the window did not match)"} over ${a.wallMs.toFixed(0)} ms of wall time ` +
      `(${a.longGaps} gaps over ${(5 * SAMPLING_INTERVAL_US) / 1000} ms: time off the CPU): ${a.totalMs.toFixed(0)} sample-ms, of which idle ${a.idleMs.toFixed(0)}, ` +
      `non-idle ${a.nonIdleMs.toFixed(0)} (${perRequest(a.nonIdleMs, r)} µs per request).`,
    "",
    `Top ${TOP} by self time (% of non-idle):`,
    "",
    table(
      ["#", "function", "where", "category", "self sample-ms", "%", "samples"],
      a.top.map((e, i) => [String(i + 1), code(e.name), e.where ? code(e.where) : "", e.category, e.ms.toFixed(1), pct(e.ms, a), String(e.samples)]),
    ),
    "",
    "By category (self time):",
    "",
    table(
      ["category", "self sample-ms", "% of non-idle", "µs per request", "with the Node.js internals it called", "%"],
      a.categories.map((c) => [c.category, c.ms.toFixed(1), pct(c.ms, a), perRequest(c.ms, r), c.owned.toFixed(1), pct(c.owned, a)]),
    ),
    "",
    "Inclusive (samples with the function anywhere on the stack; synchronous stacks only, see the notes):",
    "",
    table(["function", "inclusive sample-ms", "% of non-idle", "µs per request"], a.inclusive.map((e) => [e.label, e.ms.toFixed(1), pct(e.ms, a), perRequest(e.ms, r)])),
    "",
  ].join("\n");
}

function terminal(r: ScenarioResult): string {
  const a = r.analysis;
  const pad = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s.padEnd(n));
  const lines = [
    "",
    `== ${r.scenario.label}`,
    `   ${r.load.requests} requests, ${r.load.requestsPerSecond.toFixed(0)} req/s, p50 ${r.load.p50Ms} ms, non-2xx ${r.load.non2xx}; ${a.samples} samples over ${a.wallMs.toFixed(0)} ms (${a.longGaps} long gaps); non-idle ${a.nonIdleMs.toFixed(0)} of ${a.totalMs.toFixed(0)} sample-ms (${perRequest(a.nonIdleMs, r)} µs/request)`,
    `   top ${TOP} self time:`,
    ...a.top.map((e, i) => `   ${String(i + 1).padStart(2)}. ${pad(e.name, 34)} ${pad(e.where, 58)} ${pad(e.category, 15)} ${e.ms.toFixed(1).padStart(8)} ms ${pct(e.ms, a).padStart(6)}`),
    "   by category:",
    `       ${pad("", 16)} ${"self".padStart(11)} ${"".padStart(6)}  ${"".padStart(12)}   with the Node.js internals it called`,
    ...a.categories.map(
      (c) => `       ${pad(c.category, 16)} ${c.ms.toFixed(1).padStart(8)} ms ${pct(c.ms, a).padStart(6)}  ${perRequest(c.ms, r).padStart(5)} µs/req   ${c.owned.toFixed(1).padStart(8)} ms ${pct(c.owned, a).padStart(6)}`,
    ),
    "   inclusive:",
    ...a.inclusive.map((e) => `       ${pad(e.label, 58)} ${e.ms.toFixed(1).padStart(8)} ms ${pct(e.ms, a).padStart(6)}  ${perRequest(e.ms, r).padStart(5)} µs/req`),
  ];
  return lines.join("\n");
}

function markdown(results: ScenarioResult[], startLoad: number[]): string {
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  const version = (name: string) => (JSON.parse(readFileSync(join("node_modules", name, "package.json"), "utf8")) as { version: string }).version;
  return [
    "# CPU profile of the JWT path, and of a store round trip (`npx tsx bench/profile.ts`)",
    "",
    `Run on ${new Date().toISOString()}${quick ? " (--quick)" : ""}: ${cpu}, ${cpus().length} cores, Node ${process.version}, ` +
      `next ${version("next")}, jose ${version("jose")}, react ${version("react")}. Load average at the start: ${startLoad.map((l) => l.toFixed(2)).join(", ")} ` +
      "(other work on the machine slows everything; the shares below are relative).",
    "",
    "Scenarios (one `next start` and one profile each, logged in as bob: plain JWT on the memory store, and a session on Redis behind the Upstash stand-in; " +
      `autocannon, ${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up then ${LOAD_SECONDS} s measured; only samples from the measured window count):`,
    "",
    ...results.map((r) => `- ${r.scenario.label}`),
    "",
    ...results.map(scenarioMarkdown),
    "## How to read this",
    "",
    `- Profiler: V8's sampler (\`node --cpu-prof --cpu-prof-interval=${SAMPLING_INTERVAL_US}\`) on the server's main thread. "sample-ms" = samples × ${SAMPLING_INTERVAL_US / 1000} ms: each sample counts once, not by the gap since the previous one, because on a busy machine that gap is mostly time the thread was preempted and would pile onto whatever frame it stopped in. "Non-idle" counts everything but \`(idle)\`, GC and \`(program)\` included; "µs per request" divides by the requests autocannon completed in the window, so it is CPU time per request only as far as the sampler kept pace.`,
    "- Frames are mapped through the source maps in `.next/` and `next/dist/compiled`: \"ours\" is code from `lib/`, `app/`, `middleware.ts`, `auth*.ts`, `env.ts`, `instrumentation.ts`; jose is `node_modules/jose` (bundled into the chunks); React is react, react-dom, react-server-dom and scheduler (precompiled inside Next.js's runtime); next is the rest of Next.js, its precompiled helpers and the turbopack runtime; other libraries are zod, Auth.js and the like. Native frames (no script) count for their caller's category; Node's `internal/crypto/*` helpers count as WebCrypto when WebCrypto called them. The last columns of the category table charge each Node.js internal to its nearest caller outside Node.js (undici's Request/Response built for Next.js, AsyncLocalStorage's promise hook, stream writes…); what has no such caller (the HTTP parser, timers, the microtask loop) stays with Node.js.",
    "- WebCrypto's HMAC itself runs on libuv's thread pool (`kCryptoJobAsync`), not on the main thread: what shows here is the main thread handing it over, i.e. the JavaScript checks (algorithm and key normalisation, WebIDL) and `job.run()` (the row `(anonymous, in jobPromise)`, native: it copies the inputs and queues the job). The WebCrypto category also holds `crypto.getRandomValues` (the middleware's CSP nonce); the `crypto.subtle.verify()` row is the HMAC check alone.",
    "- Inclusive times only see synchronous stacks: an async function's time after an `await` counts only while that function's own frame is on the stack again (its continuation), not for what its awaited callee does when it resumes. \"any … frame on the stack\" is the robust figure.",
    "- Each request crosses the JWT check twice: middleware.ts (Edge sandbox) and the route or page (Node.js). The session page on Redis looks its session up in both too: two GETs, each an HTTP round trip (`fetch`) to the stand-in; the JWT rows of its inclusive table are zero by construction.",
    "",
  ].join("\n");
}

// ---------------------------------------------------------------------------- main

async function profileScenario(scenario: Scenario, redisEnv: Record<string, string>): Promise<ScenarioResult> {
  log(`${scenario.label}: starting next start under --cpu-prof`);
  const server = await startProfiledServer(scenario.id, scenario.redis ? redisEnv : {});
  let load: LoadOutcome;
  try {
    const cookie = await scenario.login(server.base);
    const check = await fetch(`${server.base}${scenario.path}`, { headers: { cookie }, redirect: "manual" });
    if (check.status !== 200) throw new Error(`${scenario.path} answered HTTP ${check.status} with the login cookie`);
    await check.arrayBuffer();
    log(`${scenario.label}: ${WARMUP_SECONDS} s warm-up, ${LOAD_SECONDS} s measured`);
    load = await drive(`${server.base}${scenario.path}`, cookie);
    if (load.non2xx || load.errors) log(`warning: ${load.non2xx} non-2xx answers and ${load.errors} errors under load`);
  } catch (error) {
    await server.started.stop();
    throw error;
  }
  log(`${scenario.label}: ${load.requestsPerSecond.toFixed(0)} req/s; stopping the server (SIGINT) for its profile`);
  const { file, profile } = await stopAndCollectProfile(server);
  const analysis = analyse(profile, load.windowUs);
  if (!keepProfiles) rmSync(server.profileDir, { recursive: true, force: true });
  return { scenario, load, analysis, profileFile: file };
}

async function main() {
  const startLoad = loadavg();
  log(`${quick ? "quick run" : "full run"}: ${SCENARIOS.length} scenarios, ${WARMUP_SECONDS} s warm-up + ${LOAD_SECONDS} s load each`);
  await ensureBuild();
  const redis = await startRedisServer();
  const token = randomBytes(16).toString("base64url");
  const standIn = await startUpstashStandIn({ redisUrl: redis.url, token });
  const results: ScenarioResult[] = [];
  try {
    for (const scenario of SCENARIOS) results.push(await profileScenario(scenario, { UPSTASH_REDIS_REST_URL: standIn.url, UPSTASH_REDIS_REST_TOKEN: token }));
  } finally {
    await standIn.close();
    await redis.dispose();
  }
  for (const r of results) console.log(terminal(r));
  writeFileSync(join("bench", "profile.md"), markdown(results, startLoad));
  console.log(`\nwrote bench/profile.md${keepProfiles ? `; profiles: ${results.map((r) => r.profileFile).join(", ")}` : ""}`);
}

await main();
process.exit(0);
