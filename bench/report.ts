/** Rendering the benchmark's results: the terminal table, results.md and the SVG chart. */
import type { CpuPerRequest, LoadFigure, Results } from "./results";
import { describeDpopCost, dpopCost } from "./dpop-cost";

export type { Results } from "./results";

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
    heading("DPoP against Bearer (bench/dpop.ts)"),
    ...(() => {
      const dpop = describeDpopCost(dpopCost(r.micro, r.paired));
      return render(["", "DPoP-checked vs Bearer"], [["per operation (tinybench)", dpop.perOperation], ["per request (/api/jwt/me, paired)", dpop.perRequest]]);
    })(),
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
      ["sessions stored", "list a user's sessions ms", "login with eviction ms", "the articles' KEYS scan ms"],
      r.scale.map((s) => [s.sessionsStored.toLocaleString("en"), fmt(s.listMs), fmt(s.evictAtLoginMs), fmt(s.seedsKeysScanMs)]),
    ),
    "",
    heading("Cookie bytes"),
    ...render(["lane", "cookies", "browser bytes", "server bytes per session"], r.cookies.map((c) => [c.lane, c.cookies, c.browserBytes, c.serverBytesPerSession ?? `not measured${c.serverNotMeasured ? ` (${c.serverNotMeasured})` : ""}`])),
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

/** A generous width of one character of the chart's 12 px system-ui labels, in px. */
export const CHART_CHAR_PX = 6.6;

/**
 * The chart's colours: the app's palette (app/globals.css), light and dark. The chart draws its
 * own background (the card's colour), so it reads wherever it is shown: in a page of either
 * scheme, and opened on its own, where the browser's sheet behind it is white.
 */
export const CHART_PALETTE = {
  light: { background: "#ffffff", text: "#1b1f24", baseline: "#64748b", jwt: "#7c3aed", session: "#0f766e", authjs: "#b45309", "better-auth": "#be185d" },
  dark: { background: "#161b22", text: "#e6e9ee", baseline: "#a5afbb", jwt: "#a78bfa", session: "#2dd4bf", authjs: "#fbbf24", "better-auth": "#f472b6" },
} as const;

type ChartBar = Exclude<keyof (typeof CHART_PALETTE)["light"], "background" | "text">;

function chartBar(lane: string): ChartBar {
  return lane === "baseline" || lane === "jwt" || lane === "session" || lane === "better-auth" ? lane : "authjs";
}

/** The chart's style sheet: the light colours, then the dark ones where the viewer prefers dark. */
function chartStyle(): string {
  const rules = (palette: (typeof CHART_PALETTE)["light" | "dark"]) =>
    [
      // The root's background fills the window too where the chart is opened on its own.
      `:root{background:${palette.background}}`,
      `.background{fill:${palette.background}}`,
      `text{fill:${palette.text}}`,
      ...(["baseline", "jwt", "session", "authjs", "better-auth"] as const).map((bar) => `.${bar}{fill:${palette[bar]}}`),
    ].join("");
  return `<style>${rules(CHART_PALETTE.light)}@media (prefers-color-scheme: dark){${rules(CHART_PALETTE.dark)}}</style>`;
}

/** A horizontal bar chart of p50 latency per scenario, the fixtures (baseline, passthrough) included. */
export function renderChart(r: Results): string {
  const rows = r.load.filter((f) => !f.id.startsWith("login-"));
  const max = Math.max(...rows.map((f) => f.p50Ms), 0.001);
  const barHeight = 22;
  // Labels are right-aligned before their bar: room for the longest (about 6.6 px a character at 12 px).
  const labelWidth = Math.max(200, Math.ceil(Math.max(...rows.map((f) => f.label.length)) * CHART_CHAR_PX) + 16);
  const chartWidth = 420;
  const height = rows.length * (barHeight + 8) + 40;
  const bars = rows.map((f, i) => {
    const y = 30 + i * (barHeight + 8);
    const width = Math.max(1, (f.p50Ms / max) * chartWidth);
    const bar = chartBar(f.lane);
    return [
      `<text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end" font-size="12">${escapeXml(f.label)}</text>`,
      `<rect x="${labelWidth}" y="${y}" width="${width.toFixed(1)}" height="${barHeight}" class="${bar}" fill="${CHART_PALETTE.light[bar]}"/>`,
      `<text x="${labelWidth + width + 6}" y="${y + 15}" font-size="12">${f.p50Ms.toFixed(1)} ms</text>`,
    ].join("");
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${labelWidth + chartWidth + 80}" height="${height}" font-family="system-ui, sans-serif">`,
    chartStyle(),
    `<rect class="background" width="100%" height="100%" fill="${CHART_PALETTE.light.background}"/>`,
    `<text x="8" y="18" font-size="14" font-weight="bold">p50 latency per request (lower is better), ${escapeXml(r.date.slice(0, 10))}</text>`,
    ...bars,
    "</svg>",
    "",
  ].join("\n");
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
