/**
 * `npm run bench`: what each strategy costs, measured side by side in one run.
 *
 * Builds the app if there is no build, and a scratch copy with middleware on the Node.js
 * runtime (bench/node-runtime.ts); starts its own production servers and its own
 * redis-server + Upstash stand-in (bench/servers.ts); measures, in this order:
 *
 *   bench/request-scenarios.ts  every page and API under load, and the paired ratios (requests.ts, pairs.ts)
 *   bench/per-operation.ts      single operations, ours and the peers' (peers.ts)
 *   bench/floods.ts             memory under floods of refused sign-ins and refresh rotations
 *   bench/scale.ts              per-user session operations with up to a million sessions stored
 *   bench/cookie-bytes.ts       what each lane's cookies weigh
 *
 * then judges the targets (bench/targets.ts), stops everything it started, and prints one
 * table (bench/report.ts). Writes results.json, results.md and chart.svg to bench/ (or
 * --out DIR); a full run into bench/ also regenerates the figures in docs/benchmarks.md.
 *
 *   npm run bench                 # the full run (tens of minutes on 2 cores)
 *   npm run bench -- --quick      # seconds: the CI smoke test
 *   npm run bench -- --rerender   # the MET/MISSED verdicts again from bench/results.json
 *
 * Load: autocannon. Per-operation timings: tinybench. Figures are printed, never asserted.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { BENCHMARKS_DOC, renderBenchFigures } from "./benchmarks-doc";
import { cookieBytes } from "./cookie-bytes";
import { floods } from "./floods";
import { buildNodeRuntimeCopy, removeNodeRuntimeCopy } from "./node-runtime";
import { log, quick } from "./options";
import { measurePerOperation } from "./per-operation";
import { renderChart, renderMarkdown, renderTerminal } from "./report";
import { measureRequests } from "./request-scenarios";
import type { Results } from "./results";
import { scaleBenchmarks } from "./scale";
import { secrets, startRedisWithStandIn, startedPids, stopEverything } from "./servers";
import { targetsFor } from "./targets";

const outIndex = process.argv.indexOf("--out");
const outDir = outIndex > 0 ? process.argv[outIndex + 1] : "bench";

function packageVersion(name: string): string {
  return (JSON.parse(readFileSync(join("node_modules", name, "package.json"), "utf8")) as { version: string }).version;
}

async function main(): Promise<Results> {
  log(quick ? "quick run" : "full run (several minutes)");
  // Builds first, while nothing is being measured.
  if (!existsSync(".next/BUILD_ID")) {
    log("building the app (next build)");
    execFileSync("npx", ["next", "build"], { stdio: "ignore", env: { ...process.env, ...secrets, NEXT_TELEMETRY_DISABLED: "1" } });
  }
  const nodeCopy = await buildNodeRuntimeCopy(secrets, log);

  const { redis, standIn } = await startRedisWithStandIn();
  const { load, paired, runtimes, signedIn } = await measureRequests(nodeCopy, standIn, redis.url);
  removeNodeRuntimeCopy();
  const { micro, peers } = await measurePerOperation(standIn, redis.url);
  log("floods");
  const floodFigures = await floods();
  log("scale");
  const scale = await scaleBenchmarks();
  const cookies = await cookieBytes(signedIn, redis.url);

  const cpu = cpus()[0]?.model ?? "unknown CPU";
  const measured: Omit<Results, "targets"> = {
    date: new Date().toISOString(),
    quick,
    machine: { cpu, cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, platform: `${process.platform} ${process.arch}` },
    versions: {
      next: packageVersion("next"),
      "next-auth": packageVersion("next-auth"),
      jose: packageVersion("jose"),
      "better-auth": packageVersion("better-auth"),
      "iron-session": packageVersion("iron-session"),
      "@upstash/redis": packageVersion("@upstash/redis"),
      ioredis: packageVersion("ioredis"),
      "redis-server": execFileSync("redis-server", ["--version"], { encoding: "utf8" }).match(/v=(\S+)/)?.[1] ?? "?",
      autocannon: packageVersion("autocannon"),
      tinybench: packageVersion("tinybench"),
    },
    load,
    paired,
    runtimes,
    micro,
    peers,
    floods: floodFigures,
    scale,
    cookies,
    startedPids,
  };
  return { ...measured, targets: targetsFor(measured) };
}

let results: Results | undefined;
if (process.argv.includes("--rerender")) {
  // The verdicts again from the figures of the last run (when a target's definition was
  // corrected): nothing is measured, the figures are the run's own.
  const { targets: _old, ...measured } = JSON.parse(readFileSync(join(outDir, "results.json"), "utf8")) as Results;
  results = { ...measured, targets: targetsFor(measured) };
} else {
  try {
    results = await main();
  } finally {
    log("stopping the servers and redis-server it started");
    await stopEverything();
  }
}
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(join(outDir, "results.md"), renderMarkdown(results));
writeFileSync(join(outDir, "chart.svg"), renderChart(results));
console.log(renderTerminal(results));
console.log(`\nwrote ${join(outDir, "results.json")}, results.md, chart.svg`);
if (!results.quick && outDir === "bench") {
  // A full run into bench/ also regenerates the figures docs/benchmarks.md shows.
  const doc = readFileSync(BENCHMARKS_DOC, "utf8");
  const { text, errors } = renderBenchFigures(doc, results);
  for (const error of errors) console.error(`${BENCHMARKS_DOC}: ${error}`);
  if (text !== doc) {
    writeFileSync(BENCHMARKS_DOC, text);
    console.log(`updated the figures in ${BENCHMARKS_DOC}${errors.length ? " (but for the regions named above)" : ""}`);
  }
}
process.exit(0);
