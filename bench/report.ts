/** Rendering the benchmark's results: the terminal table, results.md and the SVG chart. */

export interface LoadFigure {
  id: string;
  label: string;
  lane: string;
  /** Where middleware ran: the real build (edge) or the scratch copy (nodejs); null: not at all. */
  runtime: "edge" | "nodejs" | null;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  /** HTTP requests to the store (Redis: the stand-in's requests; memory: calls counted). */
  storeRoundTripsPerRequest: number | null;
  /** Store commands (Redis: counted by the stand-in, a pipeline counts each; memory: calls). */
  storeCommandsPerRequest: number | null;
  /** Of those, GET commands (Redis only): the session lookups. */
  storeGetsPerRequest: number | null;
  /** The scenario this one is set against: its server's passthrough (the guard's cost), or the baseline. */
  reference: string | null;
  ratioP50: number | null;
  ratioThroughput: number | null;
  note?: string;
}

/**
 * One scenario set against its reference in rounds: reference, scenario, reference, … Each
 * run of the scenario is divided by the mean of the two reference runs around it; the ratio
 * reported is the median over the rounds, the ones it came from are kept.
 */
export interface PairedFigure {
  id: string;
  label: string;
  reference: string;
  referenceLabel: string;
  rounds: number;
  /** Medians over the runs. */
  requestsPerSecond: number;
  p50Ms: number;
  referenceRequestsPerSecond: number;
  referenceP50Ms: number;
  ratiosP50: number[];
  ratiosThroughput: number[];
  ratioP50: number;
  ratioThroughput: number;
  /** Non-2xx answers and errors over every run of the pair (0 in a sound run). */
  failedRequests: number;
  /** CPU time per request, by process (medians over the runs); null where not measured. */
  cpuMsPerRequest: CpuPerRequest;
  referenceCpuMsPerRequest: CpuPerRequest;
  note?: string;
}

/**
 * CPU time (ms) one request cost each process, from /proc (bench/cpu.ts): the app server
 * (next start and its children), redis-server, and the bench's own process (autocannon, and
 * on Redis the Upstash stand-in). All of them share the machine's cores.
 */
export interface CpuPerRequest {
  server: number | null;
  redis: number | null;
  bench: number | null;
}

export interface MicroFigure {
  id: string;
  label: string;
  microsPerOp: number;
  ratioToFloor: number | null;
}

export interface PeerFigure {
  id: string;
  label: string;
  microsPerOp: number;
  /** Which of our operations it is set against, and ours / theirs. */
  ours: string;
  oursMicrosPerOp: number;
  ratio: number;
}

/** The same request to both builds, measured in pairs (see PairedFigure): medians. */
export interface RuntimeFigure {
  scenario: string;
  edge: { requestsPerSecond: number; p50Ms: number };
  nodejs: { requestsPerSecond: number; p50Ms: number };
  /** Node.js / Edge throughput, each round, and their median. */
  ratiosThroughput: number[];
  ratioThroughput: number;
}

export interface FloodFigure {
  id: string;
  label: string;
  count: number;
  seconds: number;
  /** After a full GC, before and after the flood (the server's own process). */
  rssGrowthBytes: number;
  heapGrowthBytes: number;
  storeKeysGrowth: number;
  answers: Record<string, number>;
}

export interface ScaleFigure {
  sessionsStored: number;
  listMs: number;
  evictAtLoginMs: number;
  seedsKeysScanMs: number;
}

export interface CookieFigure {
  lane: string;
  cookies: string;
  browserBytes: number;
  serverBytesPerSession: number | null;
}

export interface Target {
  name: string;
  figure: string;
  met: boolean;
}

export interface Results {
  date: string;
  quick: boolean;
  machine: Record<string, string | number>;
  versions: Record<string, string>;
  load: LoadFigure[];
  paired: PairedFigure[];
  runtimes: RuntimeFigure[];
  micro: MicroFigure[];
  peers: PeerFigure[];
  floods: FloodFigure[];
  scale: ScaleFigure[];
  cookies: CookieFigure[];
  targets: Target[];
  /** Process ids the run started (servers, redis-server): the harness test checks they are gone. */
  startedPids: number[];
}

/**
 * The targets (#18's, and the earlier ones), each judged on the figure its name states. A
 * figure that is missing is MISSED, never MET.
 */
export function targetsFor(r: Omit<Results, "targets">): Target[] {
  const figure = (id: string) => r.load.find((f) => f.id === id)!;
  const microOf = (id: string) => r.micro.find((m) => m.id === id)!;
  const peerOf = (id: string) => r.peers.find((p) => p.id === id)!;
  const x = (n: number | null) => `${(n ?? NaN).toFixed(2)}×`;
  const atMost = (n: number | null, limit: number) => n !== null && Number.isFinite(n) && n <= limit;
  const atLeast = (n: number | null, limit: number) => n !== null && Number.isFinite(n) && n >= limit;
  const exactly = (n: number | null, value: number) => n !== null && Math.abs(n - value) < 0.01;
  // Ratios are judged on the paired runs (median of the rounds); counts on the load runs.
  const pairedOf = (id: string) => r.paired?.find((p) => p.id === id);
  const ratio = (id: string, key: "ratioP50" | "ratioThroughput") => pairedOf(id)?.[key] ?? null;
  const rounds = (id: string, key: "ratiosP50" | "ratiosThroughput") => {
    const p = pairedOf(id);
    return p ? `${x(p[key === "ratiosP50" ? "ratioP50" : "ratioThroughput"])} (median of ${p[key].map((n) => n.toFixed(2)).join(", ")})` : "not measured";
  };
  const jwtPage = figure("jwt-page");
  const [sessionRedis, sessionRedisEdge] = [figure("session-page-redis"), figure("session-page-redis-edge")];
  const first = r.scale[0];
  const last = r.scale[r.scale.length - 1];
  const flat = (a: number, b: number) => b / a;
  const us = (n: number) => `${n.toFixed(1)} µs`;
  // The lookups (GET), and every command (the rest are sliding-expiry writes, ≤ 1 a minute per session).
  const lookups = (f: LoadFigure) => `${(f.storeGetsPerRequest ?? NaN).toFixed(2)} GET, ${(f.storeCommandsPerRequest ?? NaN).toFixed(2)} commands in all`;
  const refusedFlood = r.floods.find((f) => f.id === "refused-sign-ins")!;
  const apiPair = pairedOf("jwt-api-cookie");
  const [libJwt, iron, jwe] = [microOf("lib-jwt").microsPerOp, peerOf("iron-session-unseal").microsPerOp, microOf("authjs").microsPerOp];
  const [ourSession, betterAuth] = [microOf("session-memory").microsPerOp, peerOf("better-auth-session").microsPerOp];
  return [
    { name: "JWT guard vs passthrough (plain JWT): p50 ≤ 1.10×", figure: rounds("jwt-page", "ratiosP50"), met: atMost(ratio("jwt-page", "ratioP50"), 1.1) },
    { name: "JWT guard vs passthrough (plain JWT): throughput ≥ 0.90×", figure: rounds("jwt-page", "ratiosThroughput"), met: atLeast(ratio("jwt-page", "ratioThroughput"), 0.9) },
    { name: "JWT guard vs passthrough (jti + version checks on Redis): p50 ≤ 1.10×", figure: rounds("jwt-page-checked-redis", "ratiosP50"), met: atMost(ratio("jwt-page-checked-redis", "ratioP50"), 1.1) },
    { name: "JWT guard vs passthrough (jti + version checks on Redis): throughput ≥ 0.90×", figure: rounds("jwt-page-checked-redis", "ratiosThroughput"), met: atLeast(ratio("jwt-page-checked-redis", "ratioThroughput"), 0.9) },
    {
      name: "/api/jwt/me (plain JWT) throughput ≥ 0.95× /api/session/me (memory)",
      figure: apiPair ? `${rounds("jwt-api-cookie", "ratiosThroughput")}; ${apiPair.requestsPerSecond.toFixed(0)} vs ${apiPair.referenceRequestsPerSecond.toFixed(0)} req/s` : "not measured",
      met: atLeast(ratio("jwt-api-cookie", "ratioThroughput"), 0.95),
    },
    { name: "session lookup: 1 store command per request without the Edge lookup (Redis, stand-in)", figure: lookups(sessionRedis), met: exactly(sessionRedis.storeGetsPerRequest, 1) && atMost(sessionRedis.storeCommandsPerRequest, 1.01) },
    { name: "session lookup: 2 store commands per request with the Edge lookup (Redis, stand-in)", figure: lookups(sessionRedisEdge), met: exactly(sessionRedisEdge.storeGetsPerRequest, 2) && atMost(sessionRedisEdge.storeCommandsPerRequest, 2.01) },
    { name: "Redis session page p50 ≤ 1.25× passthrough (without the Edge lookup)", figure: rounds("session-page-redis", "ratiosP50"), met: atMost(ratio("session-page-redis", "ratioP50"), 1.25) },
    { name: "Redis session page p50 ≤ 1.25× passthrough (with the Edge lookup, the default)", figure: rounds("session-page-redis-edge", "ratiosP50"), met: atMost(ratio("session-page-redis-edge", "ratioP50"), 1.25) },
    { name: "stateless, per operation: lib/jwt.ts verify < iron-session unseal < Auth.js JWE decode", figure: `${us(libJwt)} < ${us(iron)} < ${us(jwe)}`, met: libJwt < iron && iron < jwe },
    { name: "stateful, per operation: our session validate < Better Auth getSession (no cookie cache)", figure: `${us(ourSession)} < ${us(betterAuth)}`, met: ourSession < betterAuth },
    { name: `floods: ≤ 2 MB RSS growth for ${refusedFlood.count.toLocaleString("en")} refused sign-ins`, figure: `${(refusedFlood.rssGrowthBytes / 2 ** 20).toFixed(2)} MB (heap: ${(refusedFlood.heapGrowthBytes / 2 ** 20).toFixed(2)} MB)`, met: refusedFlood.rssGrowthBytes <= 2 * 2 ** 20 },
    { name: "lib/jwt.ts verify (in full) ≤ 50 µs", figure: us(libJwt), met: libJwt <= 50 },
    { name: "lib/jwt.ts verify (in full) within 10× the HMAC floor", figure: x(microOf("lib-jwt").ratioToFloor), met: atMost(microOf("lib-jwt").ratioToFloor, 10) },
    { name: "lib/jwt.ts verify of a token seen before within 10× the HMAC floor", figure: x(microOf("lib-jwt-seen").ratioToFloor), met: atMost(microOf("lib-jwt-seen").ratioToFloor, 10) },
    { name: "lib/jwt.ts faster than jose with raw-byte keys", figure: `${us(libJwt)} vs ${us(microOf("jose-raw").microsPerOp)}`, met: libJwt < microOf("jose-raw").microsPerOp },
    { name: "hand-written JWT lane faster than Auth.js (JWE decrypt + key derivation)", figure: `${jwtPage.requestsPerSecond.toFixed(0)} vs ${figure("authjs-page").requestsPerSecond.toFixed(0)} req/s`, met: jwtPage.requestsPerSecond > figure("authjs-page").requestsPerSecond },
    { name: `device list flat from ${first.sessionsStored.toLocaleString("en")} to ${last.sessionsStored.toLocaleString("en")} sessions (≤ 1.5×)`, figure: `${flat(first.listMs, last.listMs).toFixed(2)}× (KEYS: ${flat(first.seedsKeysScanMs, last.seedsKeysScanMs).toFixed(1)}×)`, met: flat(first.listMs, last.listMs) <= 1.5 },
    { name: "login with eviction flat (≤ 1.5×)", figure: `${flat(first.evictAtLoginMs, last.evictAtLoginMs).toFixed(2)}×`, met: flat(first.evictAtLoginMs, last.evictAtLoginMs) <= 1.5 },
  ];
}

const fmt = (n: number | null, digits = 2) => (n === null || !Number.isFinite(n) ? "—" : n.toFixed(digits));
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(2)} MB`;

function table(headers: string[], rows: (string | number)[][]): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells: (string | number)[]) => cells.map((c, i) => String(c).padEnd(widths[i])).join("  ");
  return [line(headers), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)];
}

function mdTable(headers: string[], rows: (string | number)[][]): string[] {
  return [`| ${headers.join(" | ")} |`, `|${headers.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)];
}

function sections(r: Results, render: (headers: string[], rows: (string | number)[][]) => string[], heading: (t: string) => string): string[] {
  const labelOf = (id: string | null) => (id === null ? "—" : (r.load.find((f) => f.id === id)?.label ?? id));
  const perRequest = (f: LoadFigure) =>
    f.storeCommandsPerRequest === null
      ? (f.note ?? "—")
      : `${fmt(f.storeCommandsPerRequest)} / ${fmt(f.storeRoundTripsPerRequest)}${f.storeGetsPerRequest !== null && f.storeGetsPerRequest > 0 ? ` (GET ${fmt(f.storeGetsPerRequest)})` : ""}`;
  return [
    heading("Requests (autocannon against next start)"),
    ...render(
      ["scenario", "req/s", "p50 ms", "p99 ms", "set against", "× p50", "× req/s", "store commands / round trips per request", "non-2xx"],
      r.load.map((f) => [f.label, fmt(f.requestsPerSecond, 0), fmt(f.p50Ms, 1), fmt(f.p99Ms, 1), labelOf(f.reference), fmt(f.ratioP50), fmt(f.ratioThroughput), perRequest(f), f.non2xx]),
    ),
    "",
    heading("Paired ratios: reference, scenario, reference, … (the targets' ratios; peers per request)"),
    ...render(
      ["scenario", "set against", "rounds", "req/s", "reference req/s", "× req/s (each round)", "× req/s", "p50 ms", "reference p50 ms", "× p50 (each round)", "× p50", "failed"],
      (r.paired ?? []).map((p) => [
        p.note ? `${p.label} (${p.note})` : p.label,
        p.referenceLabel,
        p.rounds,
        fmt(p.requestsPerSecond, 0),
        fmt(p.referenceRequestsPerSecond, 0),
        p.ratiosThroughput.map((n) => fmt(n)).join(", "),
        fmt(p.ratioThroughput),
        fmt(p.p50Ms, 1),
        fmt(p.referenceP50Ms, 1),
        p.ratiosP50.map((n) => fmt(n)).join(", "),
        fmt(p.ratioP50),
        p.failedRequests,
      ]),
    ),
    "",
    heading("CPU time per request, by process (the paired runs, medians; ms: scenario / its reference)"),
    ...render(
      ["scenario", "set against", "app server (next start)", "bench process (autocannon; on Redis + the stand-in)", "redis-server", "all three"],
      (r.paired ?? []).map((p) => {
        const pair = (key: keyof CpuPerRequest) => `${fmt(p.cpuMsPerRequest?.[key] ?? null)} / ${fmt(p.referenceCpuMsPerRequest?.[key] ?? null)}`;
        const total = (c: CpuPerRequest | undefined) => (c && c.server !== null && c.bench !== null ? c.server + c.bench + (c.redis ?? 0) : null);
        return [p.label, p.referenceLabel, pair("server"), pair("bench"), pair("redis"), `${fmt(total(p.cpuMsPerRequest))} / ${fmt(total(p.referenceCpuMsPerRequest))}`];
      }),
    ),
    "",
    heading("Middleware on the Edge runtime vs on Node.js (the same app, built twice; measured in pairs, medians)"),
    ...render(
      ["scenario", "Edge req/s", "Node.js req/s", "Node.js / Edge req/s (each round)", "Node.js / Edge req/s", "Edge p50 ms", "Node.js p50 ms"],
      r.runtimes.map((x) => [x.scenario, fmt(x.edge.requestsPerSecond, 0), fmt(x.nodejs.requestsPerSecond, 0), (x.ratiosThroughput ?? []).map((n) => fmt(n)).join(", "), fmt(x.ratioThroughput ?? x.nodejs.requestsPerSecond / x.edge.requestsPerSecond), fmt(x.edge.p50Ms, 1), fmt(x.nodejs.p50Ms, 1)]),
    ),
    "",
    heading("Per operation (tinybench, in the bench process)"),
    ...render(["operation", "µs/op", "× HMAC floor"], r.micro.map((m) => [m.label, fmt(m.microsPerOp, 1), fmt(m.ratioToFloor, 1)])),
    "",
    heading("Peers, per operation (tinybench, in the bench process)"),
    ...render(["peer operation", "µs/op", "set against (ours)", "ours µs/op", "ours / peer"], r.peers.map((p) => [p.label, fmt(p.microsPerOp, 1), p.ours, fmt(p.oursMicrosPerOp, 1), fmt(p.ratio)])),
    "",
    heading("Floods (memory store, default limits)"),
    ...render(
      ["flood", "requests", "seconds", "RSS growth", "heap growth", "store keys added", "answers"],
      r.floods.map((f) => [f.label, f.count, fmt(f.seconds, 1), mb(f.rssGrowthBytes), mb(f.heapGrowthBytes), f.storeKeysGrowth, Object.entries(f.answers).map(([status, n]) => `${status}: ${n}`).join(", ")]),
    ),
    "",
    heading("Per-user session operations vs stored sessions (Redis)"),
    ...render(
      ["sessions stored", "list a user's sessions ms", "login with eviction ms", "seeds' KEYS scan ms"],
      r.scale.map((s) => [s.sessionsStored.toLocaleString("en"), fmt(s.listMs), fmt(s.evictAtLoginMs), fmt(s.seedsKeysScanMs)]),
    ),
    "",
    heading("Cookie bytes"),
    ...render(["lane", "cookies", "browser bytes", "server bytes per session"], r.cookies.map((c) => [c.lane, c.cookies, c.browserBytes, c.serverBytesPerSession ?? "not measured (refresh record + family)"])),
    "",
    heading("Targets"),
    ...render(["target", "figure", ""], r.targets.map((t) => [t.name, t.figure, t.met ? "MET" : "MISSED"])),
  ];
}

export function renderTerminal(r: Results): string {
  return [
    `jwt-vs-session benchmark${r.quick ? " (--quick: short runs, figures are rough)" : ""}, ${r.date}`,
    `${r.machine.cpu} ×${r.machine.cores}, ${r.machine.memoryGiB} GiB, Node ${r.machine.node}`,
    "",
    ...sections(r, table, (t) => `== ${t}`),
  ].join("\n");
}

export function renderMarkdown(r: Results): string {
  return [
    `Run on ${r.date}${r.quick ? " (--quick)" : ""}: ${r.machine.cpu} ×${r.machine.cores}, ${r.machine.memoryGiB} GiB, Node ${r.machine.node}, ` +
      Object.entries(r.versions).map(([name, version]) => `${name} ${version}`).join(", ") + ".",
    "",
    ...sections(r, mdTable, (t) => `#### ${t}\n`),
    "",
  ].join("\n");
}

/** A horizontal bar chart of p50 latency per scenario, the fixtures (baseline, passthrough) included. */
export function renderChart(r: Results): string {
  const rows = r.load.filter((f) => !f.id.startsWith("login-"));
  const max = Math.max(...rows.map((f) => f.p50Ms), 0.001);
  const barHeight = 22;
  const labelWidth = 330;
  const chartWidth = 420;
  const height = rows.length * (barHeight + 8) + 40;
  const bars = rows.map((f, i) => {
    const y = 30 + i * (barHeight + 8);
    const width = Math.max(1, (f.p50Ms / max) * chartWidth);
    const colour = f.lane === "baseline" ? "#64748b" : f.lane === "jwt" ? "#7c3aed" : f.lane === "session" ? "#0f766e" : "#b45309";
    return [
      `<text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end" font-size="12">${escapeXml(f.label)}</text>`,
      `<rect x="${labelWidth}" y="${y}" width="${width.toFixed(1)}" height="${barHeight}" fill="${colour}"/>`,
      `<text x="${labelWidth + width + 6}" y="${y + 15}" font-size="12">${f.p50Ms.toFixed(1)} ms</text>`,
    ].join("");
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${labelWidth + chartWidth + 80}" height="${height}" font-family="system-ui, sans-serif">`,
    `<text x="8" y="18" font-size="14" font-weight="bold">p50 latency per request (lower is better), ${escapeXml(r.date.slice(0, 10))}</text>`,
    ...bars,
    "</svg>",
    "",
  ].join("\n");
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
